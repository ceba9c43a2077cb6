"""Open the ledger on a store, turning every way that can fail into StoreUnavailable."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from claims.application import ClaimsLedger
from claims.errors import StoreUnavailable
from claims.store import StoreLocation

if TYPE_CHECKING:
    import psycopg

# Any constant works; it only has to be the same in every process.
_SCHEMA_LOCK_KEY = 0x636C61696D73  # "claims"
# eventsourcing names PostgreSQL tables after the application.
_EVENTS_TABLE = f"public.{ClaimsLedger.name.lower()}_events"
# Never wait forever for another process's schema creation.
_SCHEMA_LOCK_TIMEOUT = "30s"
# SQLite answers "database is locked" at once, without waiting, when two processes
# open a new file together (one switches it to WAL mode while the other creates the
# tables); the loser tries again for this long before giving up.
_SQLITE_OPEN_PATIENCE_SECONDS = 10.0


def open_ledger(location: StoreLocation) -> ClaimsLedger:
    if location.kind == "postgres":
        with _postgres_schema_guard(location) as tables_exist:
            return _construct(location, create_table=not tables_exist)
    if location.kind == "sqlite":
        return _construct_patiently(location)
    return _construct(location, create_table=True)


def _construct_patiently(location: StoreLocation) -> ClaimsLedger:
    deadline = time.monotonic() + _SQLITE_OPEN_PATIENCE_SECONDS
    pause = 0.01
    while True:
        try:
            return _construct(location, create_table=True)
        except StoreUnavailable as exc:
            if "database is locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(random.uniform(pause / 2, pause))  # noqa: S311  (jitter, not security)
        pause = min(pause * 2, 0.5)


def _construct(location: StoreLocation, *, create_table: bool) -> ClaimsLedger:
    settings = location.settings(create_table=create_table)
    if location.kind == "postgres":
        # A CLI process needs one connection, not the library's default pool of five.
        settings.update(POSTGRES_POOL_SIZE="1", POSTGRES_MAX_OVERFLOW="2")
    try:
        return ClaimsLedger(env=settings)
    except Exception as exc:
        if not type(exc).__module__.startswith(("eventsourcing", "psycopg", "sqlite3")):
            raise
        detail = " ".join(str(exc).split())
        msg = f"cannot open the event store at {location.display}: {detail}"
        raise StoreUnavailable(msg) from None


@contextmanager
def _postgres_schema_guard(location: StoreLocation) -> Iterator[bool]:
    """Serialise table creation across processes.

    Concurrent CREATE TABLE IF NOT EXISTS can fail in PostgreSQL ("tuple
    concurrently updated"), so the first process creates the schema under an
    advisory lock and everyone else opens with CREATE_TABLE off.
    """
    import psycopg
    from psycopg.conninfo import make_conninfo

    try:
        conninfo = make_conninfo("", **location.connect_kwargs())
        connection = psycopg.connect(conninfo, connect_timeout=5, autocommit=True)
    except psycopg.Error as exc:
        detail = " ".join(str(exc).split())
        msg = f"cannot reach PostgreSQL at {location.display}: {detail}"
        raise StoreUnavailable(msg) from None
    with connection:
        if _tables_exist(connection):
            yield True
            return
        connection.execute(f"SET lock_timeout = '{_SCHEMA_LOCK_TIMEOUT}'")
        try:
            connection.execute("SELECT pg_advisory_lock(%s)", (_SCHEMA_LOCK_KEY,))
        except psycopg.errors.LockNotAvailable:
            msg = f"another process has been creating the schema for {_SCHEMA_LOCK_TIMEOUT}"
            raise StoreUnavailable(msg) from None
        try:
            yield _tables_exist(connection)
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (_SCHEMA_LOCK_KEY,))


def _tables_exist(connection: psycopg.Connection[Any]) -> bool:
    row = connection.execute("SELECT to_regclass(%s) IS NOT NULL", (_EVENTS_TABLE,)).fetchone()
    return bool(row and row[0])
