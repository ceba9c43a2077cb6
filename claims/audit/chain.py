"""The hash chain that makes the event store tamper-evident, in its versioned formats.

Every stored event carries `event_hash`: the SHA-256 (64 lower-case hex digits) over
the hash of the previous event of the same aggregate (64 zeros for version 1), a
newline, and the event's canonical encoding. How that encoding is written is the
event's chain format, and the stored value says which, so each event verifies under
the format it was sealed with and one chain may pass from one format to the next:

- format 1 (the bare 64 hex digits): orjson's sorted-key JSON without whitespace of
  {type (topic), aggregate_id, version, timestamp, actor, payload};
- format 2 (`v2:` and the 64 hex digits): RFC 8785 (JSON Canonicalization Scheme) of
  {chain_format: 2, type, aggregate_id, version, timestamp, actor, payload}, which any
  language recomputes with an RFC 8785 library. The format is inside the hashed
  object, so relabelling an event's format breaks its hash.

The payload is the rest of the stored state exactly as stored, so the hash is
recomputed from the rows alone. Chains link, and the store-wide chain folds, the 64
hex digits whatever the format: root(n) = SHA-256(root(n-1) + event_hash(n)), which
is what `claims audit anchor` prints.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import orjson

from claims.audit.jcs import canonical_json

GENESIS = "0" * 64
HASH_KEY = "event_hash"
# Keys of the stored state that the canonical encoding names on their own.
TIMESTAMP_KEY = "timestamp"
ACTOR_KEY = "actor"

FIRST_FORMAT = 1
JCS_FORMAT = 2
KNOWN_FORMATS = frozenset({FIRST_FORMAT, JCS_FORMAT})
# What new events are sealed with.
SEALING_FORMAT = JCS_FORMAT
# The label of a stored hash of any format but the first: `v2:` then the hex digits,
# spelled one way only (no `v02:`; format 1 is never labelled), so the stored text
# cannot change without verification noticing.
_LABELLED = re.compile(r"v([2-9]|[1-9][0-9]{1,8}):(.*)", re.DOTALL)


class UnknownFormat(ValueError):
    """An event sealed under a chain format this version does not know."""


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
    *,
    chain_format: int,
) -> bytes:
    """The canonical bytes of one event in `chain_format`. Raises UnknownFormat, or a
    ValueError (`rfc8785.CanonicalizationError`) for a format-2 event that RFC 8785
    cannot express (an integer beyond +-(2**53 - 1))."""
    event = {
        "type": topic,
        "aggregate_id": aggregate_id,
        "version": version,
        "timestamp": timestamp,
        "actor": actor,
        "payload": payload,
    }
    if chain_format == FIRST_FORMAT:
        return orjson.dumps(event, option=orjson.OPT_SORT_KEYS)
    if chain_format == JCS_FORMAT:
        return canonical_json({"chain_format": JCS_FORMAT, **event})
    msg = f"chain format {chain_format} is not one this version knows"
    raise UnknownFormat(msg)


def stored_hash(chain_format: int, digest: str) -> str:
    """The `event_hash` value stored for a digest: labelled with its format from 2 on."""
    return digest if chain_format == FIRST_FORMAT else f"v{chain_format}:{digest}"


def read_stored_hash(value: object) -> tuple[int, object]:
    """(chain format, digest) of a stored `event_hash` value; a value without a label,
    or not text at all, is format 1 and compared as it stands."""
    if isinstance(value, str):
        labelled = _LABELLED.fullmatch(value)
        if labelled is not None:
            return int(labelled.group(1)), labelled.group(2)
    return FIRST_FORMAT, value


def event_hash(previous: str, canonical: bytes) -> str:
    return hashlib.sha256(previous.encode("ascii") + b"\n" + canonical).hexdigest()


def fold_root(root: str, next_event_hash: str) -> str:
    """One step of the store-wide chain over the log."""
    return hashlib.sha256((root + next_event_hash).encode("ascii")).hexdigest()
