"""A cursor in a transaction, on the connections each kind of store has.

- SQLite: a connection from the recorder's pool; a locked transaction starts with
  BEGIN IMMEDIATE, which takes the database's single write lock at once (waiting
  up to the store's lock timeout), so two locked transactions never interleave.
- PostgreSQL: a connection from the recorder's pool; a locked transaction runs
  under a lock timeout (its callers lock rows, or take an advisory lock).
- Memory (`eventsourcing.popo`): there is no SQL database, so what other stores
  keep beside the events (the read models) lives in an in-memory SQLite database
  that belongs to the store object.

Cursors yield plain tuples on every kind of store.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from claims.errors import StoreBusy
from claims.storage.failures import is_busy

BUSY = "the store is busy: another process held it past the lock timeout; try again"
_POSTGRES_LOCK_TIMEOUT = "30s"


class Connections:
    """Transactions on one store; `pinned` keeps a thread on one connection."""

    param = "?"

    @contextmanager
    def transaction(self, *, lock: bool, busy: str = BUSY, durable: bool = True) -> Iterator[Any]:
        """A cursor in a transaction, committed on success, rolled back on error.
        A lock not had in time is StoreBusy(`busy`). Not `durable`: the commit need
        not wait for the disk (PostgreSQL; SQLite's commits stay as they are)."""
        raise NotImplementedError
        yield  # pragma: no cover

    @contextmanager
    def pinned(self) -> Iterator[None]:
        """Run every transaction of this thread on one connection (temporary tables)."""
        raise NotImplementedError
        yield  # pragma: no cover

    def table_exists(self, cur: Any, name: str) -> bool:
        cur.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
        return bool(cur.fetchone()[0])

    def serialise(self, cur: Any, key: int) -> None:
        """Let no other transaction holding `key` run until this one ends (SQLite's
        write lock, taken by a locked transaction, does so already)."""


class _SQLiteConnections(Connections):
    """SQLite over some sqlite3 connection; subclasses say where it comes from."""

    def __init__(self) -> None:
        self._local = threading.local()

    @contextmanager
    def _connection(self, *, lock: bool) -> Iterator[sqlite3.Connection]:
        raise NotImplementedError
        yield  # pragma: no cover

    @contextmanager
    def transaction(
        self, *, lock: bool, busy: str = BUSY, durable: bool = True
    ) -> Iterator[sqlite3.Cursor]:
        pinned: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if pinned is not None:
            with self._transaction_on(pinned, lock=lock, busy=busy) as cur:
                yield cur
            return
        with (
            self._connection(lock=lock) as connection,
            self._transaction_on(connection, lock=lock, busy=busy) as cur,
        ):
            yield cur

    @contextmanager
    def pinned(self) -> Iterator[None]:
        if getattr(self._local, "connection", None) is not None:
            yield
            return
        with self._connection(lock=True) as connection:
            self._local.connection = connection
            try:
                yield
            finally:
                self._local.connection = None

    @staticmethod
    @contextmanager
    def _transaction_on(
        connection: sqlite3.Connection, *, lock: bool, busy: str
    ) -> Iterator[sqlite3.Cursor]:
        cur = connection.cursor()
        cur.row_factory = None
        try:
            try:
                cur.execute("BEGIN IMMEDIATE" if lock else "BEGIN")
                yield cur
                cur.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.rollback()
                raise
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                raise StoreBusy(busy) from exc
            raise
        finally:
            cur.close()


class SQLiteConnections(_SQLiteConnections):
    """A SQLite file: the recorder's pooled connections (WAL mode, lock timeout)."""

    def __init__(self, recorder: Any) -> None:
        super().__init__()
        self._datastore = recorder.datastore

    @contextmanager
    def _connection(self, *, lock: bool) -> Iterator[sqlite3.Connection]:
        with self._datastore.get_connection(commit=lock) as pooled:
            handle = pooled.cursor()
            try:
                connection: sqlite3.Connection = handle.sqlite_cursor.connection
            finally:
                handle.sqlite_cursor.close()
            yield connection


class MemoryConnections(_SQLiteConnections):
    """The in-memory store: an in-memory SQLite database of its own, closed with `owner`."""

    def __init__(self, owner: object) -> None:
        super().__init__()
        self._db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        self._mutex = threading.RLock()
        weakref.finalize(owner, self._db.close)

    @contextmanager
    def _connection(self, *, lock: bool) -> Iterator[sqlite3.Connection]:
        with self._mutex:
            yield self._db


class PostgresConnections(Connections):
    """PostgreSQL: the recorder's pooled connections."""

    param = "%s"

    def __init__(self, recorder: Any) -> None:
        self._datastore = recorder.datastore
        self._local = threading.local()

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        pinned = getattr(self._local, "connection", None)
        if pinned is not None:
            yield pinned
            return
        with self._datastore.get_connection() as connection:
            yield connection

    @contextmanager
    def transaction(self, *, lock: bool, busy: str = BUSY, durable: bool = True) -> Iterator[Any]:
        import psycopg
        from psycopg.rows import tuple_row

        settings = []
        if lock:
            settings.append(f"set_config('lock_timeout', '{_POSTGRES_LOCK_TIMEOUT}', true)")
        if not durable:
            settings.append("set_config('synchronous_commit', 'off', true)")
        try:
            with self._connection() as connection, connection.transaction():
                cur = connection.cursor(row_factory=tuple_row)
                if settings:  # SET LOCAL, all in one statement (one round trip)
                    cur.execute(f"SELECT {', '.join(settings)}")
                yield cur
        except (psycopg.errors.LockNotAvailable, psycopg.errors.QueryCanceled) as exc:
            raise StoreBusy(busy) from exc

    @contextmanager
    def pinned(self) -> Iterator[None]:
        if getattr(self._local, "connection", None) is not None:
            yield
            return
        with self._datastore.get_connection() as connection:
            self._local.connection = connection
            try:
                yield
            finally:
                self._local.connection = None

    def table_exists(self, cur: Any, name: str) -> bool:
        cur.execute("SELECT to_regclass(%s) IS NOT NULL", (name,))
        return bool(cur.fetchone()[0])

    def serialise(self, cur: Any, key: int) -> None:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (key,))
