"""`claims projections follow`: a long-running process keeping the read models current.

Any number of followers may run, on any machine. One of them leads: it holds a
lock that dies with it (a PostgreSQL session advisory lock; on SQLite an exclusive
`flock` on a file beside the database), applies new events as they arrive and
marks the models as followed. The others stand by and try the lock every
`standby_seconds`, so one takes over within about that long of the leader's death.

The lock decides who works, never what is applied: every page of events is applied
under the tracking rows' lock with its new position (`runner.catch_up`), so two
leaders (a lock lost with its connection, say) still apply each event once, and a
follower killed at any instant leaves whole pages and resumes from the position.

New events: on PostgreSQL the library's insert issues NOTIFY on the events table's
channel; the leader LISTENs on it and also looks every `poll_seconds`, which
catches a notification missed while it was busy or reconnecting. SQLite has no
notifications: the leader polls.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from claims.projections.context import context_of
from claims.projections.generations import drop_retired
from claims.projections.runner import catch_up, read_with_head
from claims.projections.schema import BASE, TRACKING_TABLE

# The advisory lock's two keys: any constants, the same in every process.
_LEAD_CLASS = 0x726D5F66  # "rm_f"
_LEAD_OBJECT = 1
_LOCK_FILE_SUFFIX = ".follower-lock"


@dataclass(frozen=True)
class Step:
    """What the follower did: `kind` is leading, standing-by, applied or error."""

    kind: str
    events: int = 0
    position: int = 0
    head: int = 0
    seconds: float = 0.0
    detail: str = ""


class Leadership(Protocol):
    def try_lead(self) -> bool: ...

    def wait_for_events(self, seconds: float) -> None: ...

    def close(self) -> None: ...


class PostgresLeadership:
    """A session advisory lock and a LISTEN, on one connection of its own."""

    def __init__(self, recorder: Any) -> None:
        import psycopg

        settings = {k: v for k, v in recorder.datastore.pool.kwargs.items() if k != "row_factory"}
        self._connection = psycopg.connect(**settings, autocommit=True)
        self._connection.execute(f'LISTEN "{recorder.channel_name}"')

    def try_lead(self) -> bool:
        row = self._connection.execute(
            "SELECT pg_try_advisory_lock(%s, %s)", (_LEAD_CLASS, _LEAD_OBJECT)
        ).fetchone()
        return bool(row and row[0])

    def wait_for_events(self, seconds: float) -> None:
        for _ in self._connection.notifies(timeout=seconds, stop_after=1):
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


def _sqlite_database(ledger: Any) -> str | None:
    if type(ledger.recorder).__module__ != "eventsourcing.sqlite":
        return None
    pool = ledger.recorder.datastore.pool
    return None if pool.is_sqlite_memory_mode else str(pool.db_name)


def leadership_for(ledger: Any, poll_seconds: float) -> Leadership:
    module = type(ledger.recorder).__module__
    if module == "eventsourcing.postgres":
        return PostgresLeadership(ledger.recorder)
    database = _sqlite_database(ledger)
    if database is None:
        from domain.errors import InvalidInput

        msg = "a follower needs a shared store (a SQLite file or PostgreSQL), not memory"
        raise InvalidInput(msg)
    return FileLeadership(database, poll_seconds)


def followed(ledger: Any) -> bool:
    """Whether a follower leads the read models of this store now (reads only)."""
    module = type(ledger.recorder).__module__
    if module == "eventsourcing.postgres":
        with ledger.recorder.datastore.get_connection() as connection:
            row = connection.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' "
                "AND granted AND classid = %s AND objid = %s AND objsubid = 2 AND database = "
                "(SELECT oid FROM pg_database WHERE datname = current_database())) AS led",
                (_LEAD_CLASS, _LEAD_OBJECT),
            ).fetchone()
        return bool(row and row["led"])
    database = _sqlite_database(ledger)
    if database is None:
        return False
    try:
        fd = os.open(database + _LOCK_FILE_SUFFIX, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing releases a shared lock we got
    return False


def wait_for(ledger: Any, position: int, seconds: float) -> bool:
    """Wait up to `seconds` for the read models to reach `position`; whether they did."""
    ctx = context_of(ledger, create=False)
    deadline = time.monotonic() + seconds
    pause = 0.001
    while True:
        with ctx.dialect.transaction(lock=False) as cur:
            cur.execute(
                f"SELECT position FROM {TRACKING_TABLE} WHERE name = {ctx.dialect.param}",  # noqa: S608
                (BASE,),
            )
            row = cur.fetchone()
        if row is not None and int(row[0]) >= position:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(pause)
        pause = min(pause * 2, 0.02)


def follow(
    ledger: Any,
    stop: threading.Event,
    report: Callable[[Step], None],
    *,
    poll_seconds: float = 1.0,
    standby_seconds: float = 1.0,
) -> None:
    """Keep the read models current until `stop` is set; the page in hand is
    finished first. Failures (a lost connection, a busy store) are reported and
    retried; nothing is applied twice or skipped (see the module's docstring)."""
    leadership = leadership_for(ledger, poll_seconds)
    leading = False
    standing_by_said = False
    try:
        while not stop.is_set():
            if not leading:
                leading = leadership.try_lead()
                if not leading:
                    if not standing_by_said:
                        report(Step("standing-by"))
                        standing_by_said = True
                    stop.wait(standby_seconds)
                    continue
                position, head = _where(ledger)
                report(Step("leading", position=position, head=head))
            try:
                began = time.perf_counter()
                applied = catch_up(ledger, pages=1)
                if not applied:  # idle: drop a table an earlier rebuild left (see `generations`)
                    drop_retired(context_of(ledger), limit=1)
            except Exception as exc:  # a lost connection, a busy store: say, wait, retry
                report(Step("error", detail=" ".join(str(exc).split()) or type(exc).__name__))
                stop.wait(poll_seconds)
                continue
            if applied:
                seconds = time.perf_counter() - began
                position, head = _where(ledger)
                report(Step("applied", applied, position, head, seconds))
                continue
            leadership.wait_for_events(poll_seconds)
    finally:
        leadership.close()


def _where(ledger: Any) -> tuple[int, int]:
    """(the read models' position, the head of the log)."""
    ctx = context_of(ledger)
    with ctx.dialect.transaction(lock=False) as cur:
        states, head = read_with_head(ctx, cur)
    return states[BASE].position, head
