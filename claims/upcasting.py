"""Old stored events in the current shape, upcast in one place: the library's mapper.

An event class that changed shape says so with `class_version = N` and carries a
static `upcast_vK_vK+1(state)` for every K < N, each turning a decoded stored state
of version K into one of version K+1 in place. The mapper stores `class_version`
in the state of every event of a class at version 2 or more; a state without it
is version 1. `Mapper.to_domain_event` applies the upcasters between decoding a
state and building the event, and every reader of domain events (the repository,
history, as-of) goes through it.

The readers of stored states (the projections' fold, the activity log) read the
stored form, values still wrapped. An old event among them is handed to the same
mapper, and the event it builds is written back in the stored form by the same
transcoder: the current shape (a renamed field under its new name, an added one
with the value its upcaster gives), while the stored bytes, and the hashes over
them, stay as written. Only old events pay for this.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper, StoredEvent

from claims.transcoding import stored_form

CLASS_VERSION_KEY = "class_version"


def current_version(cls: type[Any]) -> int:
    return int(getattr(cls, CLASS_VERSION_KEY, 1))


def upcast_stored(
    mapper: Mapper[Any], topic: str, state: bytes, originator_id: UUID, originator_version: int
) -> dict[str, Any]:
    """An old event's stored state (as the mapper reads it from the store) in its
    class's current shape, still in the stored form: values stay wrapped
    (`{"_type_": ..., "_data_": ...}`). Upcasters see the event's identity, as
    they do in the mapper, because it is the mapper that runs them."""
    domain_event = mapper.to_domain_event(
        StoredEvent(originator_id, originator_version, topic, state)
    )
    fields = dict(vars(domain_event))
    del fields["originator_id"], fields["originator_version"]
    current: dict[str, Any] = stored_form(mapper.transcoder.encode(fields))
    return current
