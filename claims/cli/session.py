"""Per-invocation state: where the store is, who is acting, and the opened ledger."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from claims.application import ClaimsLedger


@dataclass
class Session:
    db: str | None
    user: str | None
    _ledger: ClaimsLedger | None = field(default=None, repr=False)

    @property
    def actor(self) -> str:
        """--as, else CLAIMS_USER, else the OS login name, in its canonical spelling
        (`domain.names`: one member, one name, whatever way it was typed)."""
        from domain.names import member_name

        if self.user is not None:  # an empty --as is refused by validation, not replaced
            return member_name(self.user)
        return member_name(os.environ.get("CLAIMS_USER") or getpass.getuser())

    def ledger(self) -> ClaimsLedger:
        """Open the store on first use, so commands that need none stay fast."""
        if self._ledger is None:
            from claims.opening import open_ledger
            from claims.store import locate_store

            self._ledger = open_ledger(locate_store(self.db))
            # A read answering from read models behind the log says so, in one line.
            self._ledger.on_stale_read = _warn
            self._ledger.write_wait_seconds = _write_wait()
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
    typer.echo(f"claims: {line}", err=True)


def session(ctx: typer.Context) -> Session:
    found = ctx.find_object(Session)
    if found is None:  # commands always run under the main callback
        msg = "no session: run commands through the `claims` app"
        raise RuntimeError(msg)
    return found
