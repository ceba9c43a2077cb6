"""Old stored events in the current shape: the library's upcasting, in one place.

An event class that changed shape says so with `class_version = N` and carries a
static `upcast_vK_vK+1(state)` for every K < N, each turning a decoded stored state
of version K into one of version K+1 in place. The mapper stores `class_version`
in the state of every event of a class at version 2 or more; a state without it
is version 1. `eventsourcing.persistence.Mapper.to_domain_event` applies the
upcasters between decoding a state and building the event; the readers that
decode stored states themselves (the audit's fast replay and its log, the
projections' decoder) call `upcast` at the same point, so every reader sees the
current shape, while the stored bytes (and the hashes over them) stay as written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

import orjson

if TYPE_CHECKING:
    from eventsourcing.persistence import Transcoder

CLASS_VERSION_KEY = "class_version"


def current_version(cls: type[Any]) -> int:
    return int(getattr(cls, CLASS_VERSION_KEY, 1))


def upcast(cls: type[Any], state: dict[str, Any]) -> None:
    """Bring a decoded stored state of `cls` to its current version, as the mapper does
    (it drops the stored `class_version`)."""
    stored = int(state.pop(CLASS_VERSION_KEY, 1))
    current = current_version(cls)
    while stored < current:
        getattr(cls, f"upcast_v{stored}_v{stored + 1}")(state)
        stored += 1


def upcast_stored(
    transcoder: Transcoder,
    cls: type[Any],
    data: bytes,
    originator_id: UUID,
    originator_version: int,
) -> dict[str, Any]:
    """An old event's stored state (the transcoder's bytes) in its class's current
    shape, still in the stored form: values stay wrapped (`{"_type_": ..., "_data_":
    ...}`) for readers of stored states. Upcasters see the event's identity, as the
    mapper's do."""
    state: dict[str, Any] = transcoder.decode(data)
    state["originator_id"] = originator_id
    state["originator_version"] = originator_version
    upcast(cls, state)
    del state["originator_id"], state["originator_version"]
    current: dict[str, Any] = orjson.loads(transcoder.encode(state))
    return current
