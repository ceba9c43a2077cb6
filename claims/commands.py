"""Exactly-once commands: one id per command invocation, stamped on its events.

A command's id is made once, before its first attempt, and every event the
command stores carries it (`command_id` in the stored state, beside the event
hash; the hash chain covers it like every stored field). When a save fails
without saying whether it was stored -- the connection dropped after the server
committed, and the retry found the versions taken -- the ledger reads back the
first event the save wrote: carrying this command's id, it is this command's own
earlier attempt, and the command has succeeded; anything else is a colleague's.

Why stamped at save time rather than declared on each event class: the library's
`@event` methods build events from the command method's arguments, so a declared
field would have to be threaded through every command method; the id belongs to
the invocation, not to the domain decision. Events stored before this existed have
no `command_id` and read as None.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID, uuid4

COMMAND_KEY = "command_id"


class Commands:
    """The command running in each thread of one ledger (two ledgers in one thread,
    as two desks, run two commands)."""

    def __init__(self) -> None:
        self._local = threading.local()

    @contextmanager
    def scope(self, command_id: UUID | None = None) -> Iterator[UUID]:
        """The id of the running command: a new one for an outermost command (or
        `command_id` when given), the same one for anything nested in it."""
        current: UUID | None = getattr(self._local, "command_id", None)
        if current is not None:
            yield current
            return
        self._local.command_id = command_id or uuid4()
        try:
            yield self._local.command_id
        finally:
            self._local.command_id = None


def stamp(events: Sequence[Any], command_id: UUID) -> None:
    """Record the command's id on its pending events (frozen: set like the hash)."""
    for domain_event in events:
        object.__setattr__(domain_event, COMMAND_KEY, str(command_id))


def command_of(domain_event: Any) -> str | None:
    """The id of the command that stored this event (None for older events)."""
    found = getattr(domain_event, COMMAND_KEY, None)
    return found if isinstance(found, str) else None


def landed(recorder: Any, mapper: Any, events: Sequence[Any], command_id: UUID) -> bool:
    """Whether the first of `events` (a save stores all of them or none) is stored,
    stored by this command."""
    if not events:
        return False
    first = events[0]
    version = first.originator_version
    stored = recorder.select_events(first.originator_id, gt=version - 1, lte=version, limit=1)
    if not stored:
        return False
    return command_of(mapper.to_domain_event(stored[0])) == str(command_id)
