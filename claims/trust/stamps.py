"""The stamp: in a PostgreSQL newsroom each event row records the database role that
inserted it (a column filled by the server, which no member can set), and `claims
audit verify` compares it with the actor the event names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claims.storage.store import Store

STAMP_COLUMN = "inserted_by"


@dataclass(frozen=True)
class StampMismatch:
    """An event whose recorded actor is not the role that inserted it."""

    position: int
    aggregate_id: str
    version: int
    recorded: str | None
    inserted_by: str

    def __str__(self) -> str:
        return (
            f"event at log position {self.position} (aggregate {self.aggregate_id}, "
            f"version {self.version}) names {self.recorded or 'nobody'} as its actor "
            f"but was inserted by the role {self.inserted_by}"
        )


def stamp_mismatches(store: Store, *, limit: int = 10) -> tuple[int, list[StampMismatch]]:
    """How many events' recorded actor is not the role that inserted them, and the
    first `limit`; rows the table's owner inserted (history copied in at setup, or
    written before it) are the owner's word and not compared."""
    from claims.storage.ids import aggregate_key

    if not has_stamp(store):
        return 0, []
    # The actor as recorded: whoever entered the event, else its actor.
    recorded = (
        "COALESCE(convert_from(state, 'UTF8')::jsonb ->> 'entered_by', "
        "convert_from(state, 'UTF8')::jsonb ->> 'actor')"
    )
    table = store.events
    owner = (
        f"(SELECT tableowner FROM pg_tables WHERE schemaname = '{table.schema}' "  # noqa: S608
        f"AND tablename = '{table.table}')"
    )
    where = f"{STAMP_COLUMN} <> {owner} AND {recorded} IS DISTINCT FROM {STAMP_COLUMN}"
    counting = f"SELECT COUNT(*) FROM {table.name} WHERE {where}"  # noqa: S608
    listing = (
        f"SELECT notification_id, originator_id, originator_version, {recorded}, "  # noqa: S608
        f"{STAMP_COLUMN} FROM {table.name} WHERE {where} "
        "ORDER BY notification_id LIMIT %s"
    )
    with store.transaction() as cursor:
        cursor.execute(counting)
        count = int(cursor.fetchone()[0])
        cursor.execute(listing, (limit,))
        rows = cursor.fetchall()
    return count, [
        StampMismatch(position, aggregate_key(originator), version, recorded_actor, stamp)
        for position, originator, version, recorded_actor, stamp in rows
    ]


def has_stamp(store: Store) -> bool:
    """Whether the events table carries the stamp column (a newsroom set up)."""
    table = store.events
    with store.transaction() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = %s "
            "AND table_name = %s AND column_name = %s",
            (table.schema, table.table, STAMP_COLUMN),
        )
        return bool(cursor.fetchone()[0])
