"""The hash chain that makes the event store tamper-evident.

Every stored event carries `event_hash` = SHA-256 over the hash of the previous event
of the same aggregate (64 zeros for version 1), a newline, and the event's canonical
encoding: JSON with sorted keys and no whitespace (orjson) of its type (topic),
aggregate id, version, timestamp, actor and payload. The payload is the rest of the
stored state exactly as stored, so the hash is recomputed from the rows alone.

The store-wide chain folds every event hash in log (notification) order:
root(n) = SHA-256(root(n-1) + event_hash(n)); it is what `claims audit anchor` prints.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

GENESIS = "0" * 64
HASH_KEY = "event_hash"
# Keys of the stored state that the canonical encoding names on their own.
TIMESTAMP_KEY = "timestamp"
ACTOR_KEY = "actor"


def split_state(state: dict[str, Any]) -> tuple[str | None, str | None, dict[str, Any]]:
    """(timestamp, actor, payload) of a decoded stored state, payload exactly as stored."""
    payload = {k: v for k, v in state.items() if k not in (TIMESTAMP_KEY, ACTOR_KEY, HASH_KEY)}
    timestamp = state.get(TIMESTAMP_KEY)
    if isinstance(timestamp, dict):  # the transcoder stores {"_type_": ..., "_data_": ISO}
        timestamp = timestamp.get("_data_")
    actor = state.get(ACTOR_KEY)
    return (
        timestamp if isinstance(timestamp, str) else None,
        actor if isinstance(actor, str) else None,
        payload,
    )


def canonical_event(
    topic: str,
    aggregate_id: str,
    version: int,
    timestamp: str | None,
    actor: str | None,
    payload: dict[str, Any],
) -> bytes:
    """The canonical bytes of one event: sorted-key JSON without whitespace."""
    return orjson.dumps(
        {
            "type": topic,
            "aggregate_id": aggregate_id,
            "version": version,
            "timestamp": timestamp,
            "actor": actor,
            "payload": payload,
        },
        option=orjson.OPT_SORT_KEYS,
    )


def event_hash(previous: str, canonical: bytes) -> str:
    return hashlib.sha256(previous.encode("ascii") + b"\n" + canonical).hexdigest()


def fold_root(root: str, next_event_hash: str) -> str:
    """One step of the store-wide chain over the log."""
    return hashlib.sha256((root + next_event_hash).encode("ascii")).hexdigest()
