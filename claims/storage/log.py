"""Read the event log straight from its table, in log order, a page at a time.

Verification and the activity log touch every event: they skip the library's
per-event objects and read rows (position, aggregate id, version, topic, state).
`log_rows()` gives them as `LogRow`s; its `pages()` gives the same rows as plain
tuples, a page per query, for loops that touch a million of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventsourcing.persistence import ApplicationRecorder

from claims.storage.events import EventsTable, RawRow
from claims.storage.ids import aggregate_key

if TYPE_CHECKING:
    from claims.storage.store import Store

__all__ = [
    "PAGE",
    "LogRow",
    "LogRows",
    "RawRow",
    "ReportedLogRows",
    "log_positions",
    "log_rows",
]

PAGE = 5_000
# Positions alone are small: read many more of them per query.
_POSITION_PAGE = 50_000


@dataclass(frozen=True, slots=True)
class LogRow:
    position: int
    aggregate_id: str  # 32 lower-case hex digits
    version: int
    topic: str
    state: bytes


class LogRows:
    """Every stored event with position > `after` (and <= `upto`), in log order.

    Iterating gives `LogRow`s; `pages()` gives the same rows as `RawRow` tuples.
    Each iteration reads the table afresh.
    """

    __slots__ = ("_after", "_aggregate_id", "_store", "_upto")

    def __init__(
        self,
        store: Store,
        after: int = 0,
        upto: int | None = None,
        aggregate_id: str | None = None,
    ) -> None:
        self._store = store
        self._after = after
        self._upto = upto
        self._aggregate_id = aggregate_id

    def __iter__(self) -> Iterator[LogRow]:
        for page in self.pages():
            for position, aggregate_id, version, topic, state in page:
                yield LogRow(position, aggregate_id, version, topic, _as_bytes(state))

    def pages(self) -> Iterator[list[RawRow]]:
        """The rows, one list per query of at most PAGE rows (never an empty list)."""
        store = self._store
        table = store.events_table
        if table is None:
            return _notification_pages(store.recorder, self._after, self._upto, self._aggregate_id)
        return _table_pages(store, table, self._after, self._upto, self._aggregate_id)


class ReportedLogRows(LogRows):
    """The same rows, telling `report` the log position reached after each page
    (for a progress bar over a walk of the whole log)."""

    __slots__ = ("_report",)

    def __init__(self, rows: LogRows, report: Callable[[int], None]) -> None:
        super().__init__(rows._store, rows._after, rows._upto, rows._aggregate_id)
        self._report = report

    def pages(self) -> Iterator[list[RawRow]]:
        for page in super().pages():
            yield page
            self._report(page[-1][0])


def log_rows(
    store: Store,
    *,
    after: int = 0,
    upto: int | None = None,
    aggregate_id: str | None = None,
) -> LogRows:
    """Every stored event with position > `after` (and <= `upto`), in log order."""
    return LogRows(store, after, upto, aggregate_id)


def log_positions(store: Store, upto: int | None = None) -> Iterator[int]:
    """Every log position up to `upto`, in order (read from the position column alone)."""
    table = store.events_table
    if table is None:  # the in-memory store: its notification log
        for rows in log_rows(store, upto=upto).pages():
            yield from (row[0] for row in rows)
        return
    after = 0
    while True:
        where, params = table.after(after, upto)
        statement = (
            f"SELECT {table.position} FROM {table.name} "  # noqa: S608
            f"WHERE {where} ORDER BY {table.position} LIMIT {_POSITION_PAGE}"
        )
        with store.transaction() as cursor:
            cursor.execute(statement, params)
            page = [int(row[0]) for row in cursor.fetchall()]
        yield from page
        if len(page) < _POSITION_PAGE:
            return
        after = page[-1]


def _table_pages(
    store: Store, table: EventsTable, after: int, upto: int | None, aggregate_id: str | None
) -> Iterator[list[RawRow]]:
    while True:
        where, params = table.after(after, upto)
        if aggregate_id is not None:
            where += f" AND originator_id = {table.param}"
            params.append(table.aggregate_id(aggregate_id))
        with store.transaction() as cursor:
            cursor.execute(table.rows(where, PAGE), params)
            rows = table.raw_rows(cursor.fetchall())
        if rows:
            yield rows
        if len(rows) < PAGE:
            return
        after = rows[-1][0]


def _notification_pages(
    recorder: ApplicationRecorder, after: int, upto: int | None, aggregate_id: str | None
) -> Iterator[list[RawRow]]:
    """The in-memory store has no table: page its notification log instead."""
    while True:
        page = recorder.select_notifications(after, PAGE, stop=upto, inclusive_of_start=False)
        rows: list[RawRow] = []
        for n in page:
            key = aggregate_key(n.originator_id)
            if aggregate_id is None or key == aggregate_id:
                rows.append((n.id, key, n.originator_version, n.topic, n.state))
        if rows:
            yield rows
        if len(page) < PAGE:
            return
        after = page[-1].id


def _as_bytes(state: object) -> bytes:
    """A BLOB, or TEXT where someone rewrote the row with SQL string functions."""
    return state.encode("utf-8") if isinstance(state, str) else bytes(state)  # type: ignore[call-overload]
