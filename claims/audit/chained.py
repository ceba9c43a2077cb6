"""Events as the chain sees them (`ChainedEvent`), from the store's rows or an export
file's lines: what `verify_chain`, the export and the activity log walk over."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import orjson

from claims.audit.chain import FIRST_FORMAT, HASH_KEY, TIMESTAMP_KEY, read_stored_hash, split_state
from claims.storage.log import LogRow, LogRows


@dataclass(frozen=True, slots=True)
class ChainedEvent:
    """One event as a verifier needs it: from a table row or an export line."""

    position: int
    aggregate_id: str
    version: int
    topic: str
    timestamp: str | None
    actor: str | None
    payload: dict[str, object]
    # The hex digest the event was sealed with (None when it carries none), or why
    # its row cannot be read (`Unreadable`).
    stored_hash: object
    chain_format: int = FIRST_FORMAT
    # The digest an export line says it chains to; None where nobody said (rows).
    previous_hash: object = None


class StoredEvents:
    """The events of stored rows, decoded as they are iterated; what `events_of_rows`
    returns for `log_rows()`, so that `verify_chain` can read the rows directly."""

    __slots__ = ("rows",)

    def __init__(self, rows: LogRows) -> None:
        self.rows = rows

    def __iter__(self) -> Iterator[ChainedEvent]:
        for page in self.rows.pages():
            for position, aggregate_id, version, topic, state in page:
                yield chained(position, aggregate_id, version, topic, state)


def events_of_rows(rows: Iterable[LogRow]) -> Iterable[ChainedEvent]:
    if isinstance(rows, LogRows):
        return StoredEvents(rows)
    return (
        chained(row.position, row.aggregate_id, row.version, row.topic, row.state) for row in rows
    )


def chained(
    position: int, aggregate_id: str, version: int, topic: str, state: bytes | str
) -> ChainedEvent:
    problem = _unreadable(state)
    if problem is not None:
        return ChainedEvent(position, aggregate_id, version, topic, None, None, {}, problem)
    decoded = orjson.loads(state)
    timestamp, actor, payload = split_state(decoded)
    chain_format, digest = read_stored_hash(decoded.get(HASH_KEY))
    return ChainedEvent(
        position, aggregate_id, version, topic, timestamp, actor, payload, digest, chain_format
    )


class Unreadable(str):
    """In place of a stored hash: why the row could not be read as an event at all."""


def _unreadable(state: bytes | str) -> Unreadable | None:
    try:
        decoded = orjson.loads(state)
    except orjson.JSONDecodeError:
        return Unreadable("its stored state is not JSON")
    if not isinstance(decoded, dict):
        return Unreadable("its stored state is not a JSON object")
    if not _well_formed_timestamp(decoded.get(TIMESTAMP_KEY)):
        return Unreadable("its timestamp is not stored the way the library writes it")
    return None


def _well_formed_timestamp(value: object) -> bool:
    """Hashes cover the ISO text; the wrapper around it must be the library's own."""
    return (
        isinstance(value, dict)
        and len(value) == 2
        and value.get("_type_") == "datetime_iso"
        and isinstance(value.get("_data_"), str)
    )
