"""Every difference between SQLite, PostgreSQL and the in-memory store, in one place.

The read models live in the same database as the events and are written with
raw SQL over the library's own connections:

- SQLite: a connection from the recorder's pool; a locked transaction starts
  with BEGIN IMMEDIATE, which takes the database's single write lock at once
  (waiting up to the store's lock timeout), so two catch-ups never interleave.
- PostgreSQL: a connection from the recorder's pool; a locked transaction
  selects the tracking rows FOR UPDATE (see `tracking`), under a lock timeout.
- Memory (`eventsourcing.popo`): there is no SQL database, so the read models
  live in an in-memory SQLite database that belongs to the ledger object, and
  the events are paged from the recorder's notification log.

Cursors yield plain tuples in every dialect.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from claims.audit.rows import log_rows
from claims.errors import StoreBusy
from claims.events_table import EventsTable, RawRow
from claims.failures import is_busy
from claims.projections.schema import PACKED_COLUMN, ColumnType, Table

_BUSY = (
    "the store is busy: another process held it past the lock timeout "
    "while the read models were being brought up to date; try again"
)
# SQLite's default limit on host parameters was 999 before 3.32.
_KEYS_PER_QUERY = 900
# One constant per purpose; it only has to be the same in every process.
_POSTGRES_SCHEMA_LOCK = 0x726D5F736368656D  # "rm_schem"
_POSTGRES_LOCK_TIMEOUT = "30s"
# Negative: KiB. Enough page cache for a batch's inserts into tables of millions of rows.
_BULK_CACHE_KIB = -32_768


class Dialect:
    """SQL over one store. Subclasses give the connection and the dialect's words."""

    kind = "sqlite"
    param = "?"
    lock_clause = ""
    # The events table's SQL; None for the in-memory store, which overrides the reads.
    _events: EventsTable | None = None

    # --- connections and transactions ---

    @contextmanager
    def transaction(self, *, lock: bool) -> Iterator[Any]:
        """A cursor in a transaction, committed on success, rolled back on error.

        With `lock`, no other locked transaction of any process runs at the same
        time (on PostgreSQL, once the tracking rows are selected with `lock_clause`).
        """
        raise NotImplementedError
        yield  # pragma: no cover

    @contextmanager
    def pinned(self) -> Iterator[None]:
        """Run every transaction of this thread on one connection (temporary tables)."""
        raise NotImplementedError
        yield  # pragma: no cover

    # --- the event log (one SQL for SQLite and PostgreSQL; memory overrides) ---

    @property
    def events(self) -> EventsTable:
        found = self._events
        if found is None:
            msg = "this store keeps no events table"
            raise TypeError(msg)
        return found

    def head(self, cur: Any) -> int:
        cur.execute(f"SELECT MAX({self.events.position}) FROM {self.events.name}")  # noqa: S608
        (found,) = cur.fetchone()
        return int(found or 0)

    def head_sql(self) -> str | None:
        """A scalar subquery for the head of the log, where the events are in SQL."""
        return f"SELECT MAX({self.events.position}) FROM {self.events.name}"  # noqa: S608

    def count_events(self, cur: Any, after: int, upto: int | None = None) -> int:
        where, params = self.events.after(after, upto)
        cur.execute(f"SELECT COUNT(*) FROM {self.events.name} WHERE {where}", params)  # noqa: S608
        return int(cur.fetchone()[0])

    def read_events(self, cur: Any, after: int, limit: int, upto: int | None) -> list[RawRow]:
        where, params = self.events.after(after, upto)
        return self._select_events(cur, where, params, limit)

    def read_range(
        self,
        cur: Any,
        after: int,
        bounds: tuple[str, str | None],
        upto: int,
        limit: int,
        shared_topic: str,
    ) -> list[RawRow]:
        """Events after `after` and up to `upto` of the aggregates whose id (32 hex
        digits) is in [low, high), and those of `shared_topic` whatever their
        aggregate, in log order."""
        low, high = bounds
        events = self.events
        where, params = events.after(after, upto)
        in_range: list[str] = []
        if low:
            in_range.append(f"originator_id >= {events.param}")
            params.append(events.aggregate_bound(low))
        if high is not None:
            in_range.append(f"originator_id < {events.param}")
            params.append(events.aggregate_bound(high))
        if in_range:
            where += f" AND ({' AND '.join(in_range)} OR topic = {events.param})"
            params.append(shared_topic)
        return self._select_events(cur, where, params, limit)

    def read_topic(self, cur: Any, topic: str, after: int, upto: int, limit: int) -> list[RawRow]:
        """Events of one topic in log order."""
        where, params = self.events.after(after, upto)
        return self._select_events(
            cur, f"topic = {self.param} AND {where}", [topic, *params], limit
        )

    def _select_events(self, cur: Any, where: str, params: list[Any], limit: int) -> list[RawRow]:
        cur.execute(self.events.rows(where, self.param), (*params, limit))
        return self.events.raw_rows(cur.fetchall())

    def tune_for_bulk(self, cur: Any) -> None:
        """Settings for a connection that writes many rows (SQLite: a larger page cache)."""

    # --- schema ---

    def column_type(self, kind: ColumnType) -> str:
        return {"text": "TEXT", "int": "INTEGER", "real": "REAL"}[kind]

    def create_table(self, cur: Any, table: Table, name: str, *, temporary: bool = False) -> None:
        columns = ", ".join(
            f"{c.name} {self.column_type(c.type)}" + (" PRIMARY KEY" if i == 0 else "")
            for i, c in enumerate(table.stored)
        )
        temp = "TEMPORARY " if temporary else ""
        cur.execute(f"CREATE {temp}TABLE IF NOT EXISTS {name} ({columns})")

    def create_indexes(self, cur: Any, table: Table, name: str) -> None:
        for columns in table.indexes:
            index = f"{name}_{'_'.join(columns)}"
            cur.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {name} ({', '.join(columns)})")

    def drop_table(self, cur: Any, name: str) -> None:
        cur.execute(f"DROP TABLE IF EXISTS {name}")

    def point_view(self, cur: Any, table: Table, physical: str) -> None:
        """The view shows every public field as a column, packed ones unpacked."""
        cur.execute(f"DROP VIEW IF EXISTS {table.view}")
        slots = {c.name: i for i, c in enumerate(table.packed)}
        columns = ", ".join(
            self.unpack(PACKED_COLUMN, slots[c.name], c.type) + f" AS {c.name}"
            if c.packed
            else c.name
            for c in table.columns
            if c.public
        )
        cur.execute(f"CREATE VIEW {table.view} AS SELECT {columns} FROM {physical}")  # noqa: S608

    def unpack(self, column: str, index: int, kind: ColumnType) -> str:
        """The SQL for element `index` of the JSON array in `column`."""
        return f"json_extract({column}, '$[{index}]')"

    def read_model_tables(self, cur: Any) -> list[str]:
        """Every table named rm_*_g<n>: the generations of the read models."""
        raise NotImplementedError

    def schema_lock(self, cur: Any) -> None:
        """Serialise schema creation across processes (SQLite's write lock does already)."""

    # --- rows ---

    def upsert(self, cur: Any, name: str, table: Table, rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        names = table.stored_names
        marks = ", ".join([self.param] * len(names))
        statement = f"INSERT OR REPLACE INTO {name} ({', '.join(names)}) VALUES ({marks})"  # noqa: S608
        cur.executemany(statement, rows)

    def insert_missing(
        self, cur: Any, name: str, table: Table, rows: Sequence[tuple[Any, ...]]
    ) -> None:
        """Insert the rows whose key is not there yet; leave the others alone."""
        if rows:
            marks = ", ".join([self.param] * len(table.stored))
            cur.executemany(
                f"INSERT INTO {name} ({', '.join(table.stored_names)}) VALUES ({marks}) "  # noqa: S608
                f"ON CONFLICT ({table.primary_key}) DO NOTHING",
                rows,
            )

    def delete(self, cur: Any, name: str, table: Table, keys: Sequence[str]) -> None:
        if keys:
            cur.executemany(
                f"DELETE FROM {name} WHERE {table.primary_key} = {self.param}",  # noqa: S608
                [(k,) for k in keys],
            )

    def select_keys(
        self, cur: Any, name: str, table: Table, keys: Sequence[str]
    ) -> list[tuple[Any, ...]]:
        """The rows with these primary keys (the stored columns, in order)."""
        found: list[tuple[Any, ...]] = []
        columns = ", ".join(table.stored_names)
        for start in range(0, len(keys), _KEYS_PER_QUERY):
            chunk = keys[start : start + _KEYS_PER_QUERY]
            marks = ", ".join([self.param] * len(chunk))
            cur.execute(
                f"SELECT {columns} FROM {name} WHERE {table.primary_key} IN ({marks})",  # noqa: S608
                list(chunk),
            )
            found.extend(cur.fetchall())
        return found


class _SQLiteBase(Dialect):
    """SQLite SQL over some sqlite3 connection; subclasses say where it comes from."""

    def __init__(self) -> None:
        self._local = threading.local()

    @contextmanager
    def _connection(self, *, lock: bool) -> Iterator[sqlite3.Connection]:
        raise NotImplementedError
        yield  # pragma: no cover

    @contextmanager
    def transaction(self, *, lock: bool) -> Iterator[sqlite3.Cursor]:
        pinned: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if pinned is not None:
            with self._transaction_on(pinned, lock=lock) as cur:
                yield cur
            return
        with (
            self._connection(lock=lock) as connection,
            self._transaction_on(connection, lock=lock) as cur,
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
    def _transaction_on(connection: sqlite3.Connection, *, lock: bool) -> Iterator[sqlite3.Cursor]:
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
                raise StoreBusy(_BUSY) from exc
            raise
        finally:
            cur.close()

    def tune_for_bulk(self, cur: Any) -> None:
        cur.execute(f"PRAGMA cache_size = {_BULK_CACHE_KIB}")

    def read_model_tables(self, cur: Any) -> list[str]:
        cur.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'rm_*_g[0-9]*'"
        )
        return [str(r[0]) for r in cur.fetchall()]


class SQLiteDialect(_SQLiteBase):
    """A SQLite file: the recorder's pooled connections (WAL mode, lock timeout)."""

    def __init__(self, recorder: Any) -> None:
        super().__init__()
        self._datastore = recorder.datastore
        self._events = EventsTable.of(recorder)

    @contextmanager
    def _connection(self, *, lock: bool) -> Iterator[sqlite3.Connection]:
        with self._datastore.get_connection(commit=lock) as pooled:
            handle = pooled.cursor()
            try:
                connection: sqlite3.Connection = handle.sqlite_cursor.connection
            finally:
                handle.sqlite_cursor.close()
            yield connection


class MemoryDialect(_SQLiteBase):
    """The in-memory store: read models in an in-memory SQLite database of its own."""

    kind = "memory"

    def __init__(self, recorder: Any, owner: object) -> None:
        super().__init__()
        self._recorder = recorder
        self._db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        self._mutex = threading.RLock()
        weakref.finalize(owner, self._db.close)

    @contextmanager
    def _connection(self, *, lock: bool) -> Iterator[sqlite3.Connection]:
        with self._mutex:
            yield self._db

    def head(self, cur: Any) -> int:
        return int(self._recorder.max_notification_id() or 0)

    def head_sql(self) -> str | None:
        return None

    def count_events(self, cur: Any, after: int, upto: int | None = None) -> int:
        return sum(len(page) for page in log_rows(self._recorder, after=after, upto=upto).pages())

    def read_events(self, cur: Any, after: int, limit: int, upto: int | None) -> list[RawRow]:
        rows: list[RawRow] = []
        for page in log_rows(self._recorder, after=after, upto=upto).pages():
            rows.extend(page)
            if len(rows) >= limit:
                break
        return rows[:limit]

    def read_range(
        self,
        cur: Any,
        after: int,
        bounds: tuple[str, str | None],
        upto: int,
        limit: int,
        shared_topic: str,
    ) -> list[RawRow]:
        low, high = bounds
        rows = [
            row
            for page in log_rows(self._recorder, after=after, upto=upto).pages()
            for row in page
            if row[3] == shared_topic or (row[1] >= low and (high is None or row[1] < high))
        ]
        return rows[:limit]

    def read_topic(self, cur: Any, topic: str, after: int, upto: int, limit: int) -> list[RawRow]:
        rows = [
            row
            for page in log_rows(self._recorder, after=after, upto=upto).pages()
            for row in page
            if row[3] == topic
        ]
        return rows[:limit]


class PostgresDialect(Dialect):
    """PostgreSQL: the recorder's pooled connections; row locks on the tracking table."""

    kind = "postgres"
    param = "%s"
    lock_clause = " FOR UPDATE"

    def __init__(self, recorder: Any) -> None:
        self._datastore = recorder.datastore
        self.schema = recorder.datastore.schema
        self._events = EventsTable.of(recorder)
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
    def transaction(self, *, lock: bool) -> Iterator[Any]:
        import psycopg
        from psycopg.rows import tuple_row

        try:
            with self._connection() as connection, connection.transaction():
                cur = connection.cursor(row_factory=tuple_row)
                if lock:
                    cur.execute(f"SET LOCAL lock_timeout = '{_POSTGRES_LOCK_TIMEOUT}'")
                yield cur
        except (psycopg.errors.LockNotAvailable, psycopg.errors.QueryCanceled) as exc:
            raise StoreBusy(_BUSY) from exc

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

    def column_type(self, kind: ColumnType) -> str:
        return {"text": "TEXT", "int": "BIGINT", "real": "DOUBLE PRECISION"}[kind]

    def unpack(self, column: str, index: int, kind: ColumnType) -> str:
        cast = {"text": "", "int": "::bigint", "real": "::double precision"}[kind]
        return f"(({column}::jsonb) ->> {index}){cast}"

    def schema_lock(self, cur: Any) -> None:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (_POSTGRES_SCHEMA_LOCK,))

    def read_model_tables(self, cur: Any) -> list[str]:
        cur.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename ~ %s",
            (self.schema, r"^rm_.*_g[0-9]+$"),
        )
        return [str(r[0]) for r in cur.fetchall()]

    def upsert(self, cur: Any, name: str, table: Table, rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        rows = _without_nul(rows)
        names = table.stored_names
        marks = ", ".join(["%s"] * len(names))
        updates = ", ".join(f"{n} = EXCLUDED.{n}" for n in names[1:])
        cur.executemany(
            f"INSERT INTO {name} ({', '.join(names)}) VALUES ({marks}) "  # noqa: S608
            f"ON CONFLICT ({table.primary_key}) DO UPDATE SET {updates}",
            rows,
        )

    def insert_missing(
        self, cur: Any, name: str, table: Table, rows: Sequence[tuple[Any, ...]]
    ) -> None:
        super().insert_missing(cur, name, table, _without_nul(rows))

    def select_keys(
        self, cur: Any, name: str, table: Table, keys: Sequence[str]
    ) -> list[tuple[Any, ...]]:
        if not keys:
            return []
        cur.execute(
            f"SELECT {', '.join(table.stored_names)} FROM {name} "  # noqa: S608
            f"WHERE {table.primary_key} = ANY(%s)",
            (list(keys),),
        )
        return list(cur.fetchall())


def _without_nul(rows: Sequence[tuple[Any, ...]]) -> Sequence[tuple[Any, ...]]:
    """PostgreSQL's TEXT cannot hold NUL. Nothing with one enters a store any more
    (`domain.text`), but events written before that rule may hold one: their read
    model rows show U+FFFD there instead of wedging every read of the store."""
    if not any("\x00" in value for row in rows for value in row if type(value) is str):
        return rows
    return [
        tuple(v.replace("\x00", "\ufffd") if type(v) is str else v for v in row) for row in rows
    ]


def dialect_for(recorder: Any, owner: object) -> Dialect:
    """The dialect of the ledger's store; `owner` keeps an in-memory database alive."""
    module = type(recorder).__module__
    if module == "eventsourcing.sqlite":
        return SQLiteDialect(recorder)
    if module == "eventsourcing.postgres":
        return PostgresDialect(recorder)
    return MemoryDialect(recorder, owner)
