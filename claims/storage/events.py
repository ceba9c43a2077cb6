"""The library's events table, named once, read with our own SQL: one statement for both stores.

The audit log, the projections and the id-prefix lookup read the events table
directly, each inside the transaction it needs (the projections' reads must share
their write transaction), so what is shared is the statement and the row shape,
not the call. SQLite and PostgreSQL differ in the table's schema-qualified name,
the log position (SQLite's rowid, PostgreSQL's notification_id), the parameter
mark, and how ids and states come back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from claims.storage.ids import aggregate_key

# (position, aggregate id as 32 lower-case hex digits, version, topic, state):
# state is the stored BLOB, or TEXT where someone rewrote the row with SQL.
RawRow = tuple[int, str, int, str, bytes | str]

ROW_COLUMNS = "originator_id, originator_version, topic, state"
# The library's PostgreSQL recorders live in this schema unless POSTGRES_SCHEMA (which
# the library also reads from the environment) names another.
POSTGRES_SCHEMA = "public"


def events_table(
    kind: str, application_name: str, schema: str = POSTGRES_SCHEMA
) -> EventsTable | None:
    """The events table of a store of this kind, named as the library names it: in
    a SQLite file `stored_events`, in PostgreSQL `<schema>.<application>_events`; None
    for the in-memory store, which has none."""
    if kind == "sqlite":
        return EventsTable("sqlite", "", "stored_events", "rowid", "?")
    if kind == "postgres":
        return postgres_events_table(application_name, schema)
    return None


def postgres_events_table(application_name: str, schema: str = POSTGRES_SCHEMA) -> EventsTable:
    table = f"{application_name.lower()}_events"
    return EventsTable("postgres", schema or POSTGRES_SCHEMA, table, "notification_id", "%s")


@dataclass(frozen=True)
class EventsTable:
    kind: Literal["sqlite", "postgres"]
    schema: str  # "" where the store has no schemas (SQLite)
    table: str
    position: str
    param: str

    @property
    def name(self) -> str:
        """The table's name in SQL, schema-qualified where the store has schemas."""
        return f"{self.schema}.{self.table}" if self.schema else self.table

    @property
    def channel(self) -> str:
        """The channel the library NOTIFYs on each insert (PostgreSQL): the table's
        own name, dots made underscores."""
        return self.table.replace(".", "_")

    @property
    def is_sqlite(self) -> bool:
        return self.kind == "sqlite"

    def rows(self, where: str, limit: int | str) -> str:
        """Rows (position first) matching `where`, in log order, at most `limit`."""
        return (
            f"SELECT {self.position}, {ROW_COLUMNS} FROM {self.name} "  # noqa: S608
            f"WHERE {where} ORDER BY {self.position} LIMIT {limit}"
        )

    def after(self, after: int, upto: int | None) -> tuple[str, list[Any]]:
        """The condition for log positions in (after, upto], and its parameters."""
        column, p = self.position, self.param
        if upto is None:
            return f"{column} > {p}", [after]
        return f"{column} > {p} AND {column} <= {p}", [after, upto]

    def aggregate_bound(self, hex_digits: str) -> Any:
        """A prefix of an aggregate id (hex digits) as a lower bound on stored ids:
        as it is on SQLite, where ids are hex text; on PostgreSQL padded with zeros
        to a whole UUID, which compares the same way."""
        if self.is_sqlite:
            return hex_digits
        h = hex_digits.ljust(32, "0")
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"

    def aggregate_id(self, hex_digits: str) -> Any:
        """A whole aggregate id (32 hex digits) as the table stores it, for equality."""
        if len(hex_digits) != 32:
            msg = f"an aggregate id has 32 hex digits, not {len(hex_digits)}"
            raise ValueError(msg)
        return self.aggregate_bound(hex_digits)

    def raw_rows(self, rows: list[Any]) -> list[RawRow]:
        """Fetched tuples as `RawRow`s: SQLite's are so already; PostgreSQL's ids are
        UUIDs and its states memoryviews."""
        if self.is_sqlite:
            return rows
        return [
            (position, aggregate_key(originator), version, topic, bytes(state))
            for position, originator, version, topic, state in rows
        ]
