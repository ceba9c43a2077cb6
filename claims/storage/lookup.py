"""Find aggregates by a git-style id prefix with an index range scan, not a log scan."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

if TYPE_CHECKING:
    from eventsourcing.persistence import ApplicationRecorder

    from claims.storage.store import Store

# Ask for one more than needed: two matches already mean "ambiguous".
_MATCH_LIMIT = 2


def ids_with_prefix(store: Store, prefix: str, topic: str) -> list[UUID]:
    """Aggregate ids starting with `prefix` (lower-case hex) whose first event has `topic`.

    The events table's primary key starts with originator_id, so the range
    [prefix000..., prefixfff...] is an index seek on SQLite and PostgreSQL.
    """
    low = UUID(prefix.ljust(32, "0"))
    high = UUID(prefix.ljust(32, "f"))
    table = store.events_table
    if table is None:
        return _scan(store.recorder, low, high, topic)
    p = table.param
    statement = (
        f"SELECT originator_id FROM {table.name} "  # noqa: S608  (the library's table)
        f"WHERE originator_id >= {p} AND originator_id <= {p} "
        f"AND originator_version = 1 AND topic = {p} LIMIT {p}"
    )
    params = (table.aggregate_bound(low.hex), table.aggregate_bound(high.hex), topic, _MATCH_LIMIT)
    with store.transaction() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    return [_as_uuid(row[0]) for row in rows]


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
