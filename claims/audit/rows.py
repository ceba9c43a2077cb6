"""Read the event log straight from its table, in log order, a page at a time.

Verification and the activity log touch every event: they skip the library's
per-event objects and read rows (position, aggregate id, version, topic, state).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import ApplicationRecorder

from claims.audit.chain import aggregate_key

PAGE = 5_000


@dataclass(frozen=True, slots=True)
class LogRow:
    position: int
    aggregate_id: str  # 32 lower-case hex digits
    version: int
    topic: str
    state: bytes


def log_rows(
    recorder: ApplicationRecorder,
    *,
    after: int = 0,
    upto: int | None = None,
    aggregate_id: str | None = None,
) -> Iterator[LogRow]:
    """Every stored event with position > `after` (and <= `upto`), in log order."""
    module = type(recorder).__module__
    if module == "eventsourcing.sqlite":
        yield from _paged(recorder, _sqlite_page, after, upto, aggregate_id)
    elif module == "eventsourcing.postgres":
        yield from _paged(recorder, _postgres_page, after, upto, aggregate_id)
    else:
        yield from _notifications(recorder, after, upto, aggregate_id)


def _paged(
    recorder: Any, page_of: Any, after: int, upto: int | None, aggregate_id: str | None
) -> Iterator[LogRow]:
    while True:
        rows: list[LogRow] = page_of(recorder, after, upto, aggregate_id)
        yield from rows
        if len(rows) < PAGE:
            return
        after = rows[-1].position


def _sqlite_page(
    recorder: Any, after: int, upto: int | None, aggregate_id: str | None
) -> list[LogRow]:
    table = recorder.events_table_name
    where = ["rowid > ?"]
    params: list[Any] = [after]
    if upto is not None:
        where.append("rowid <= ?")
        params.append(upto)
    if aggregate_id is not None:
        where.append("originator_id = ?")
        params.append(aggregate_id)
    statement = (
        f"SELECT rowid, originator_id, originator_version, topic, state FROM {table} "  # noqa: S608
        f"WHERE {' AND '.join(where)} ORDER BY rowid LIMIT {PAGE}"
    )
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(statement, params)
        return [LogRow(r[0], r[1], r[2], r[3], _as_bytes(r[4])) for r in cursor.fetchall()]


def _postgres_page(
    recorder: Any, after: int, upto: int | None, aggregate_id: str | None
) -> list[LogRow]:
    table = f"{recorder.datastore.schema}.{recorder.events_table_name}"
    where = ["notification_id > %s"]
    params: list[Any] = [after]
    if upto is not None:
        where.append("notification_id <= %s")
        params.append(upto)
    if aggregate_id is not None:
        where.append("originator_id = %s")
        params.append(aggregate_id)
    statement = (
        "SELECT notification_id, originator_id, originator_version, topic, state "  # noqa: S608
        f"FROM {table} WHERE {' AND '.join(where)} ORDER BY notification_id LIMIT {PAGE}"
    )
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(statement, params)
        return [
            LogRow(
                r["notification_id"],
                aggregate_key(r["originator_id"]),
                r["originator_version"],
                r["topic"],
                _as_bytes(r["state"]),
            )
            for r in cursor.fetchall()
        ]


def _notifications(
    recorder: ApplicationRecorder, after: int, upto: int | None, aggregate_id: str | None
) -> Iterator[LogRow]:
    """The in-memory store has no table: page its notification log instead."""
    while True:
        page = recorder.select_notifications(after, PAGE, stop=upto, inclusive_of_start=False)
        for n in page:
            key = aggregate_key(n.originator_id)
            if aggregate_id is None or key == aggregate_id:
                yield LogRow(n.id, key, n.originator_version, n.topic, n.state)
        if len(page) < PAGE:
            return
        after = page[-1].id


def _as_bytes(state: object) -> bytes:
    """A BLOB, or TEXT where someone rewrote the row with SQL string functions."""
    return state.encode("utf-8") if isinstance(state, str) else bytes(state)  # type: ignore[call-overload]
