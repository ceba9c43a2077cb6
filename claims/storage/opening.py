"""Open an application on a store, creating its schema once, turning every way that
can fail into StoreUnavailable.

The application is the caller's (`construct` builds it from the library's
settings), so this package knows nothing above it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from claims.errors import StoreUnavailable
from claims.storage.events import postgres_events_table
from claims.storage.failures import is_store_error
from claims.storage.location import StoreLocation

if TYPE_CHECKING:
    import psycopg

App = TypeVar("App")
# Builds the application from the library's settings.
Construct = Callable[[dict[str, str]], App]

# Any constant works; it only has to be the same in every process.
_SCHEMA_LOCK_KEY = 0x636C61696D73  # "claims"
# Never wait forever for another process's schema creation.
_SCHEMA_LOCK_TIMEOUT = "30s"
# SQLite answers "database is locked" at once, without waiting, when two processes
# open a new file together (one switches it to WAL mode while the other creates the
# tables); the loser tries again for this long before giving up.
_SQLITE_OPEN_PATIENCE_SECONDS = 10.0


def open_application(location: StoreLocation, construct: Construct[App], *, name: str) -> App:
    """The application `construct` builds on `location`, its tables created when
    missing; `name` is the application's (the library names its tables after it)."""
    if location.kind == "postgres":
        events = postgres_events_table(name).name
        with _postgres_schema_guard(location, events) as tables_exist:
            return _construct(location, construct, create_table=not tables_exist)
    if location.kind == "sqlite":
        return _construct_patiently(location, construct)
    return _construct(location, construct, create_table=True)


def _construct_patiently(location: StoreLocation, construct: Construct[App]) -> App:
    deadline = time.monotonic() + _SQLITE_OPEN_PATIENCE_SECONDS
    pause = 0.01
    while True:
        try:
            return _construct(location, construct, create_table=True)
        except StoreUnavailable as exc:
            if "database is locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(random.uniform(pause / 2, pause))  # noqa: S311  (jitter, not security)
        pause = min(pause * 2, 0.5)


def _construct(location: StoreLocation, construct: Construct[App], *, create_table: bool) -> App:
    settings = location.settings(create_table=create_table)
    if location.kind == "postgres":
        # A CLI process needs one connection, not the library's default pool of five.
        settings.update(POSTGRES_POOL_SIZE="1", POSTGRES_MAX_OVERFLOW="2")
    try:
        return construct(settings)
    except Exception as exc:
        if not is_store_error(exc):
            raise
        detail = " ".join(str(exc).split())
        msg = f"cannot open the event store at {location.display}: {detail}"
        raise StoreUnavailable(msg) from None


@contextmanager
def _postgres_schema_guard(location: StoreLocation, events: str) -> Iterator[bool]:
    """Serialise table creation across processes.

    Concurrent CREATE TABLE IF NOT EXISTS can fail in PostgreSQL ("tuple
    concurrently updated"), so the first process creates the schema under an
    advisory lock and everyone else opens with CREATE_TABLE off.
    """
    import psycopg

    try:
        connection = location.connect()
    except psycopg.Error as exc:
        detail = " ".join(str(exc).split())
        msg = f"cannot reach PostgreSQL at {location.display}: {detail}"
        raise StoreUnavailable(msg) from None
    with connection:
        if _table_exists(connection, events):
            yield True
            return
        connection.execute(f"SET lock_timeout = '{_SCHEMA_LOCK_TIMEOUT}'")
        try:
            connection.execute("SELECT pg_advisory_lock(%s)", (_SCHEMA_LOCK_KEY,))
        except psycopg.errors.LockNotAvailable:
            msg = f"another process has been creating the schema for {_SCHEMA_LOCK_TIMEOUT}"
            raise StoreUnavailable(msg) from None
        try:
            yield _table_exists(connection, events)
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (_SCHEMA_LOCK_KEY,))


def _table_exists(connection: psycopg.Connection[Any], name: str) -> bool:
    row = connection.execute("SELECT to_regclass(%s) IS NOT NULL", (name,)).fetchone()
    return bool(row and row[0])
