"""Per-invocation state: where the store is, who is acting, and the opened ledger.

Opening the store is where every command's identity and role are checked: who acts
(`actor`: whoever runs the command, or the member --as names where the store allows
it), and that they may run this command at all (a member, for reading; the role
`claims.trust.guard.COMMAND_ROLES` names, for the commands that record no event).
The events a write records are checked again, one by one, when the ledger saves them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from claims.application import ClaimsLedger


@dataclass
class Session:
    db: str | None
    user: str | None
    # The command's words after `claims` ("list", "projections rebuild").
    command: str = ""
    _ledger: ClaimsLedger | None = field(default=None, repr=False)
    _actor: str | None = field(default=None, repr=False)

    @property
    def actor(self) -> str:
        """Who acts: whoever runs the command (the PostgreSQL role, else the OS
        account), or the member --as / CLAIMS_USER names where the store allows it,
        in its canonical spelling (`domain.names`)."""
        if self._actor is None:
            from domain.names import member_name

            named = self.user if self.user is not None else os.environ.get("CLAIMS_USER")
            # An empty --as is refused by validation, not replaced.
            wanted = member_name(named) if named is not None else None
            self._actor = self.ledger().acting_member(wanted)
        return self._actor

    def ledger(self) -> ClaimsLedger:
        """Open the store on first use, so commands that need none stay fast; refuse
        the command there unless its actor may run it."""
        if self._ledger is None:
            from claims.application import ClaimsLedger
            from claims.copying import unfinished_copy
            from claims.storage.location import locate_store
            from claims.trust.guard import COMMAND_ROLES

            self._ledger = ClaimsLedger.open(locate_store(self.db))
            # A read answering from read models behind the log says so, in one line.
            self._ledger.on_stale_read = _warn
            self._ledger.write_wait_seconds = _write_wait()
            source = unfinished_copy(self._ledger)
            if source is not None:  # a copy cut short is not a desk yet: say so
                from claims.cli import render

                render.say(
                    f"claims: warning: this store is an unfinished copy of {source}; "
                    "run 'claims copy-to' there again to finish it",
                    err=True,
                )
            role, what = COMMAND_ROLES.get(self.command, (None, "read this store"))
            self._ledger.require(self.actor, role, what)
        return self._ledger

    def reader(self, wait: float) -> ClaimsLedger:
        """The ledger for a read of the read models, waiting up to `wait` seconds
        for them to catch up with the log."""
        ledger = self.ledger()
        ledger.read_wait_seconds = wait
        return ledger

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None


def _write_wait() -> float:
    """CLAIMS_WRITE_WAIT: how long a write waits for a follower to apply it."""
    from claims.application import ClaimsLedger
    from domain.errors import InvalidInput

    raw = os.environ.get("CLAIMS_WRITE_WAIT", "").strip()
    if not raw:
        return ClaimsLedger.write_wait_seconds
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        msg = f"CLAIMS_WRITE_WAIT must be a number of seconds, not {raw!r}"
        raise InvalidInput(msg)
    return seconds


def _warn(line: str) -> None:
    from claims.cli import render

    render.say(f"claims: {line}", err=True)


def session(ctx: typer.Context) -> Session:
    found = ctx.find_object(Session)
    if found is None:  # commands always run under the main callback
        msg = "no session: run commands through the `claims` app"
        raise RuntimeError(msg)
    if not found.command:
        words = []
        level: Any = ctx  # typer's Context, whose parents are click's
        while level.parent is not None:
            words.append(level.info_name or "")
            level = level.parent
        found.command = " ".join(reversed(words))
    return found
