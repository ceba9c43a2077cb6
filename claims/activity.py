"""The activity log: events across the store in log order, filtered, each payload in
its class's current shape (what `claims audit log` lists)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import orjson

from claims.audit.chain import ACTOR_KEY, TIMESTAMP_KEY, split_state
from claims.audit.verify import ChainedEvent
from claims.upcasting import CLASS_VERSION_KEY, current_version, upcast_stored

if TYPE_CHECKING:
    from eventsourcing.persistence import Mapper


@dataclass(frozen=True)
class ActivityFilter:
    actor: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    types: frozenset[str] = frozenset()  # event class names, e.g. "VerdictRecorded"


def event_name(topic: str) -> str:
    """'domain.claim:Claim.VerdictRecorded' -> 'VerdictRecorded'."""
    return topic.rsplit(".", 1)[-1].rsplit(":", 1)[-1]


def aggregate_kind(topic: str) -> str:
    """'domain.claim:Claim.VerdictRecorded' -> 'claim'."""
    qualified = topic.split(":", 1)[-1]
    return qualified.split(".", 1)[0].lower()


def select(events: Iterable[ChainedEvent], wanted: ActivityFilter) -> Iterator[ChainedEvent]:
    for e in events:
        if wanted.types and event_name(e.topic) not in wanted.types:
            continue
        if wanted.actor is not None and e.actor != wanted.actor:
            continue
        if wanted.since is not None or wanted.until is not None:
            moment = datetime.fromisoformat(e.timestamp) if e.timestamp else None
            if moment is None:
                continue
            if wanted.since is not None and moment < wanted.since:
                continue
            if wanted.until is not None and moment > wanted.until:
                continue
        yield e


def plain(value: Any) -> Any:
    """Stored values with the transcoder's wrappers removed, for people and JSON."""
    if isinstance(value, dict):
        if set(value) == {"_type_", "_data_"}:
            data = value["_data_"]
            return str(UUID(data)) if value["_type_"] == "uuid_hex" else data
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


class CurrentShapes:
    """Payloads as their event classes read them today, as `claims history` shows them.

    The log reads stored rows (the payloads the hashes cover); an event stored
    before its class changed shape is upcast here, so that one event type has one
    set of keys however old its events are. `claims audit export` keeps them as stored.
    """

    def __init__(self, mapper: Mapper[Any]) -> None:
        self._mapper = mapper
        self._classes: dict[str, tuple[type[Any] | None, int]] = {}

    def payload(self, e: ChainedEvent) -> dict[str, Any]:
        stored = e.payload
        cls, current = self._class_of(e.topic)
        version = stored.get(CLASS_VERSION_KEY, 1)
        if cls is None or e.timestamp is None or not isinstance(version, int) or version >= current:
            return {k: v for k, v in stored.items() if k != CLASS_VERSION_KEY}
        state = {
            **stored,
            TIMESTAMP_KEY: {"_type_": "datetime_iso", "_data_": e.timestamp},
            ACTOR_KEY: e.actor,
        }
        try:
            upcast = upcast_stored(
                self._mapper, e.topic, orjson.dumps(state), UUID(hex=e.aggregate_id), e.version
            )
        except Exception:  # an altered row its upcaster cannot read: show it as stored
            return stored
        return split_state(upcast)[2]

    def _class_of(self, topic: str) -> tuple[type[Any] | None, int]:
        found = self._classes.get(topic)
        if found is None:
            from eventsourcing.utils import resolve_topic

            try:
                cls = resolve_topic(topic)
            except Exception:  # a topic no class answers to any more: shown as stored
                found = (None, 1)
            else:
                found = (cls, current_version(cls))
            self._classes[topic] = found
        return found
