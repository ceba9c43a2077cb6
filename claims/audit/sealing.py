"""Seal new events into their aggregate's hash chain just before they are stored."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson
from eventsourcing.persistence import ApplicationRecorder, Mapper

from claims.audit.chain import (
    GENESIS,
    HASH_KEY,
    canonical_event,
    event_hash,
    split_state,
)
from claims.storage.ids import aggregate_key


def seal_pending(
    aggregates: Iterable[Any], mapper: Mapper[Any], recorder: ApplicationRecorder
) -> None:
    """Give each pending event its `event_hash`, chained to the stored one before it.

    The hash is computed from the event's stored form (what the mapper will write),
    so a verifier recomputes it from the rows alone. If a colleague appends first,
    the append fails on its version number anyway and the command is decided again.
    """
    for aggregate in aggregates:
        pending = list(getattr(aggregate, "pending_events", ()))
        if not pending:
            continue
        previous = _stored_head(recorder, pending[0].originator_id, pending[0].originator_version)
        for domain_event in pending:
            stored = mapper.to_stored_event(domain_event)
            timestamp, actor, payload = split_state(orjson.loads(stored.state))
            canonical = canonical_event(
                stored.topic,
                aggregate_key(stored.originator_id),
                stored.originator_version,
                timestamp,
                actor,
                payload,
            )
            previous = event_hash(previous, canonical)
            # Events are frozen dataclasses; the hash is stored state, not a field.
            object.__setattr__(domain_event, HASH_KEY, previous)


def _stored_head(recorder: ApplicationRecorder, originator_id: Any, first_version: int) -> str:
    if first_version == 1:
        return GENESIS
    [last] = recorder.select_events(originator_id, lte=first_version - 1, desc=True, limit=1)
    head = orjson.loads(last.state).get(HASH_KEY)
    return head if isinstance(head, str) else GENESIS
