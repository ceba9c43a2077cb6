"""The SQL words of the read models on each kind of store.

The read models live in the same database as the events and are written with raw
SQL in transactions the store gives (`claims.storage`: connections, locks, the
events table). What differs here is only the SQL: column types, upserts, JSON,
dates. The in-memory store keeps its read models in an in-memory SQLite database
and pages its events from the recorder's notification log.

Cursors yield plain tuples in every dialect. Over 400 lines on purpose: one idea,
the same words side by side per store, which reads better whole than split.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from claims.projections.schema import PACKED_COLUMN, ColumnType, Table
from claims.storage.events import EventsTable, RawRow
from claims.storage.log import log_rows
from claims.storage.store import Store

_BUSY = (
    "the store is busy: another process held it past the lock timeout "
    "while the read models were being brought up to date; try again"
)
# SQLite's default limit on host parameters was 999 before 3.32.
_KEYS_PER_QUERY = 900
# One constant per purpose; it only has to be the same in every process.
_SCHEMA_LOCK = 0x726D5F736368656D  # "rm_schem"
# From this many rows, PostgreSQL upserts go through COPY (see `PostgresDialect.upsert`).
_COPY_FROM_ROWS = 200
# Negative: KiB. Enough page cache for a batch's inserts into tables of millions of rows.
_BULK_CACHE_KIB = -32_768


class Dialect:
    """SQL over one store (SQLite's words; subclasses give another dialect's)."""

    lock_clause = ""
    # Whether the store has LISTEN/NOTIFY (PostgreSQL).
    notifies = False

    def __init__(self, store: Store) -> None:
        self.store = store
        self.param = store.param
        # The events table's SQL; None for the in-memory store, which overrides the reads.
        self._events: EventsTable | None = store.events_table

    # --- transactions ---

    @contextmanager
    def transaction(self, *, lock: bool) -> Iterator[Any]:
        """A cursor in a transaction, committed on success, rolled back on error.

        With `lock`, no other locked transaction of any process runs at the same
        time (on PostgreSQL, once the tracking rows are selected with `lock_clause`).

        A locked transaction writes read-model rows, and on PostgreSQL commits without
        waiting for its WAL flush (`synchronous_commit = off`; a durable commit costs
        a few ms, paid again by every writer waiting for a follower). That is safe:
        the rows and the positions they reach commit atomically, so a server crash can
        only lose whole transactions, i.e. the last pages applied, and whoever catches
        up next re-applies them from the event log, which stays durably committed.
        """
        with self.store.transaction(lock=lock, busy=_BUSY, durable=not lock) as cur:
            yield cur

    @contextmanager
    def pinned(self) -> Iterator[None]:
        """Run every transaction of this thread on one connection (temporary tables)."""
        with self.store.pinned():
            yield

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
        cur.execute(f"PRAGMA cache_size = {_BULK_CACHE_KIB}")

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
        cur.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'rm_*_g[0-9]*'"
        )
        return [str(r[0]) for r in cur.fetchall()]

    def table_exists(self, cur: Any, name: str) -> bool:
        return self.store.table_exists(cur, name)

    def schema_lock(self, cur: Any) -> None:
        """Serialise schema creation across processes."""
        self.store.serialise(cur, _SCHEMA_LOCK)

    # --- expressions ---

    def contains(self, column: str) -> str:
        """The condition that `column` contains the text of the next parameter."""
        return f"instr({column}, {self.param}) > 0"

    def week_of(self, moment: str) -> str:
        """The Monday (YYYY-MM-DD) of the week of an ISO-8601 text moment."""
        return f"date({moment}, '-6 days', 'weekday 1')"

    def seconds_between(self, later: str, earlier: str) -> str:
        """Seconds from one ISO-8601 text moment to another."""
        return f"(julianday({later}) - julianday({earlier})) * 86400.0"

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


class MemoryDialect(Dialect):
    """The in-memory store: read models in an in-memory SQLite database (the store's),
    events paged from the recorder's notification log."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self._recorder = store.recorder

    def head(self, cur: Any) -> int:
        return int(self._recorder.max_notification_id() or 0)

    def head_sql(self) -> str | None:
        return None

    def count_events(self, cur: Any, after: int, upto: int | None = None) -> int:
        return sum(len(page) for page in log_rows(self.store, after=after, upto=upto).pages())

    def read_events(self, cur: Any, after: int, limit: int, upto: int | None) -> list[RawRow]:
        rows: list[RawRow] = []
        for page in log_rows(self.store, after=after, upto=upto).pages():
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
            for page in log_rows(self.store, after=after, upto=upto).pages()
            for row in page
            if row[3] == shared_topic or (row[1] >= low and (high is None or row[1] < high))
        ]
        return rows[:limit]

    def read_topic(self, cur: Any, topic: str, after: int, upto: int, limit: int) -> list[RawRow]:
        rows = [
            row
            for page in log_rows(self.store, after=after, upto=upto).pages()
            for row in page
            if row[3] == topic
        ]
        return rows[:limit]


class PostgresDialect(Dialect):
    """PostgreSQL's words; row locks on the tracking table."""

    lock_clause = " FOR UPDATE"
    notifies = True

    def tune_for_bulk(self, cur: Any) -> None:
        """PostgreSQL's settings serve bulk writes as they are."""

    def column_type(self, kind: ColumnType) -> str:
        return {"text": "TEXT", "int": "BIGINT", "real": "DOUBLE PRECISION"}[kind]

    def unpack(self, column: str, index: int, kind: ColumnType) -> str:
        cast = {"text": "", "int": "::bigint", "real": "::double precision"}[kind]
        return f"(({column}::jsonb) ->> {index}){cast}"

    def read_model_tables(self, cur: Any) -> list[str]:
        cur.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename ~ %s",
            (self.events.schema, r"^rm_.*_g[0-9]+$"),
        )
        return [str(r[0]) for r in cur.fetchall()]

    def contains(self, column: str) -> str:
        return f"strpos({column}, {self.param}) > 0"

    def week_of(self, moment: str) -> str:
        utc = f"{moment}::timestamptz AT TIME ZONE 'UTC'"
        return f"to_char(date_trunc('week', {utc}), 'YYYY-MM-DD')"

    def seconds_between(self, later: str, earlier: str) -> str:
        return f"EXTRACT(EPOCH FROM {later}::timestamptz - {earlier}::timestamptz)"

    def upsert(self, cur: Any, name: str, table: Table, rows: Sequence[tuple[Any, ...]]) -> None:
        """A few rows: one INSERT ... ON CONFLICT per row (executemany). Many (a
        follower's page): COPY into a temporary table and one INSERT ... SELECT ...
        ON CONFLICT, about twice as fast on the server and far less work here."""
        if not rows:
            return
        rows = _without_nul(rows)
        names = table.stored_names
        updates = ", ".join(f"{n} = EXCLUDED.{n}" for n in names[1:])
        conflict = f"ON CONFLICT ({table.primary_key}) DO UPDATE SET {updates}"
        if len(rows) < _COPY_FROM_ROWS:
            marks = ", ".join(["%s"] * len(names))
            cur.executemany(
                f"INSERT INTO {name} ({', '.join(names)}) VALUES ({marks}) {conflict}",  # noqa: S608
                rows,
            )
            return
        # One statement may not update a row twice: the last row of a key wins, as
        # it would row by row.
        last = {row[0]: row for row in rows}
        columns = ", ".join(names)
        incoming = f"{name}_incoming"
        cur.execute(
            f"CREATE TEMPORARY TABLE {incoming} ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {columns} FROM {name} WITH NO DATA"
        )
        with cur.copy(f"COPY {incoming} ({columns}) FROM STDIN") as copy:
            for row in last.values():
                copy.write_row(row)
        cur.execute(
            f"INSERT INTO {name} ({columns}) SELECT {columns} FROM {incoming} {conflict}"  # noqa: S608
        )
        cur.execute(f"DROP TABLE {incoming}")  # a transaction may write several pages

    def delete(self, cur: Any, name: str, table: Table, keys: Sequence[str]) -> None:
        if keys:
            cur.execute(
                f"DELETE FROM {name} WHERE {table.primary_key} = ANY(%s)",  # noqa: S608
                (list(keys),),
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


# The read models' words on each kind of store.
_DIALECTS: dict[str, type[Dialect]] = {
    "sqlite": Dialect,
    "postgres": PostgresDialect,
    "memory": MemoryDialect,
}


def dialect_for(store: Store) -> Dialect:
    """The read models' SQL on this store."""
    return _DIALECTS[store.kind](store)
