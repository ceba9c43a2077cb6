"""One leader among any number of processes: a lock that dies with its holder.

On PostgreSQL a session advisory lock, held on a connection of its own that also
LISTENs on the events table's channel (the library's insert NOTIFYs it); on SQLite
an exclusive `flock` on a file beside the database, released by the kernel when
the process dies, however it dies. SQLite has no notifications: the leader polls.
"""

from __future__ import annotations

import fcntl
import os
import time
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from claims.storage.store import Store

# The advisory lock's two keys: any constants, the same in every process.
_LEAD_CLASS = 0x726D5F66  # "rm_f"
_LEAD_OBJECT = 1
_LOCK_FILE_SUFFIX = ".follower-lock"


class Leadership(Protocol):
    def try_lead(self) -> bool: ...

    def wait_for_events(self, seconds: float) -> None: ...

    def close(self) -> None: ...


class PostgresLeadership:
    """A session advisory lock and a LISTEN, on one connection of its own."""

    def __init__(self, store: Store) -> None:
        self._connection: Any = store.location.connect()
        self._connection.execute(f'LISTEN "{store.events.channel}"')

    def try_lead(self) -> bool:
        row = self._connection.execute(
            "SELECT pg_try_advisory_lock(%s, %s)", (_LEAD_CLASS, _LEAD_OBJECT)
        ).fetchone()
        return bool(row and row[0])

    def wait_for_events(self, seconds: float) -> None:
        """Until an insert's notification arrives (or `seconds` pass); then the
        others already queued are taken too, so one wake serves them all."""
        for _ in self._connection.notifies(timeout=seconds, stop_after=1):
            pass
        for _ in self._connection.notifies(timeout=0):
            pass

    def close(self) -> None:
        self._connection.close()  # the lock goes with the session


class FileLeadership:
    """An exclusive flock on a file beside the SQLite database (released by the
    kernel when the process dies, however it dies)."""

    def __init__(self, database: str, poll_seconds: float) -> None:
        self._fd = os.open(database + _LOCK_FILE_SUFFIX, os.O_RDWR | os.O_CREAT, 0o644)
        self._poll = poll_seconds

    def try_lead(self) -> bool:
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def wait_for_events(self, seconds: float) -> None:
        time.sleep(min(seconds, self._poll))

    def close(self) -> None:
        os.close(self._fd)


def leadership_for(store: Store, poll_seconds: float) -> Leadership:
    """The lock a leader of this store holds; InvalidInput for the in-memory store,
    which no other process can share."""
    if store.kind == "postgres":
        return PostgresLeadership(store)
    if store.file is None:
        from domain.errors import InvalidInput

        msg = "a follower needs a shared store (a SQLite file or PostgreSQL), not memory"
        raise InvalidInput(msg)
    return FileLeadership(str(store.file), poll_seconds)


def led(store: Store) -> bool:
    """Whether some process leads on this store now (reads only)."""
    if store.kind == "postgres":
        with store.transaction() as cur:
            cur.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' "
                "AND granted AND classid = %s AND objid = %s AND objsubid = 2 AND database = "
                "(SELECT oid FROM pg_database WHERE datname = current_database()))",
                (_LEAD_CLASS, _LEAD_OBJECT),
            )
            row = cur.fetchone()
        return bool(row and row[0])
    if store.file is None:
        return False
    try:
        fd = os.open(str(store.file) + _LOCK_FILE_SUFFIX, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing releases a shared lock we got
    return False
