"""The activity log across all claims: who did what, when, in store order, streamed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from claims.audit.verify import ChainedEvent
from domain.errors import InvalidInput


@dataclass(frozen=True)
class ActivityFilter:
    actor: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    types: frozenset[str] = frozenset()  # event class names, e.g. "VerdictRecorded"


def parse_moment(text: str, *, what: str = "time", end_of_day: bool = False) -> datetime:
    """An ISO-8601 date or date-time; without a zone it is taken as UTC.

    A bare date means its first instant, or with `end_of_day` its last, so
    `--until 2024-05-16` includes that day.
    """
    cleaned = text.strip()
    if len(cleaned) == 10:
        try:
            day = date.fromisoformat(cleaned)
        except ValueError:
            pass
        else:
            start = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return start + timedelta(days=1, microseconds=-1) if end_of_day else start
    try:
        moment = datetime.fromisoformat(cleaned.replace("Z", "+00:00"))
    except ValueError:
        msg = f"{what} {text!r} is not an ISO-8601 date or date-time"
        raise InvalidInput(msg) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


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
