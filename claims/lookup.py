"""Find aggregates by a git-style id prefix with an index range scan, not a log scan."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder

# Ask for one more than needed: two matches already mean "ambiguous".
_MATCH_LIMIT = 2


def ids_with_prefix(recorder: ApplicationRecorder, prefix: str, topic: str) -> list[UUID]:
    """Aggregate ids starting with `prefix` (lower-case hex) whose first event has `topic`.

    The events table's primary key starts with originator_id, so the range
    [prefix000..., prefixfff...] is an index seek on SQLite and PostgreSQL.
    """
    low = UUID(prefix.ljust(32, "0"))
    high = UUID(prefix.ljust(32, "f"))
    datastore: Any = getattr(recorder, "datastore", None)
    table = getattr(recorder, "events_table_name", None)
    if datastore is None or table is None:
        return _scan(recorder, low, high, topic)
    if type(recorder).__module__ == "eventsourcing.sqlite":
        statement = (
            f"SELECT originator_id FROM {table} "  # noqa: S608  (table name is the library's)
            "WHERE originator_id >= ? AND originator_id <= ? "
            "AND originator_version = 1 AND topic = ? LIMIT ?"
        )
        params: tuple[Any, ...] = (low.hex, high.hex, topic, _MATCH_LIMIT)
    else:
        statement = (
            f"SELECT originator_id FROM {datastore.schema}.{table} "  # noqa: S608
            "WHERE originator_id >= %s AND originator_id <= %s "
            "AND originator_version = 1 AND topic = %s LIMIT %s"
        )
        params = (low, high, topic, _MATCH_LIMIT)
    with datastore.transaction(commit=False) as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    return [_as_uuid(row["originator_id"]) for row in rows]


def _as_uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(value)


def _scan(recorder: ApplicationRecorder, low: UUID, high: UUID, topic: str) -> list[UUID]:
    """The in-memory store has no index to seek: walk its log (tests only)."""
    found: list[UUID] = []
    start: int | None = None
    while True:
        page = recorder.select_notifications(
            start, 500, topics=[topic], inclusive_of_start=start is None
        )
        for notification in page:
            originator_id = _as_uuid(notification.originator_id)
            if low <= originator_id <= high:
                found.append(originator_id)
        if len(page) < 500:
            return found[:_MATCH_LIMIT]
        start = page[-1].id
