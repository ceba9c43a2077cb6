"""Stored states as the projections fold them: the stored form, upcast where old.

The library turns each stored event into a `Notification` and then a domain event
object; a rebuild of a million events cannot afford either. Here a payload is read
by the transcoder's `stored_form` (one `orjson.loads`): a dict in which the
transcoder's values stay wrapped (`{"_type_": "uuid_hex", "_data_": "..."}`), which
the projectors read. A stored event older than its class (`class_version`) is
upcast by the application's mapper (`claims.upcasting`), so projectors see the
current shape. A cipher or compressor the mapper uses is undone first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Mapper
from eventsourcing.utils import resolve_topic

from claims.transcoding import plain_state, stored_form
from claims.upcasting import current_version, upcast_stored

Loads = Callable[[bytes | str], dict[str, Any]]


class Decoder:
    """Reads stored states for one application's mapper."""

    def __init__(self, mapper: Mapper[Any]) -> None:
        self._mapper = mapper
        self._versions: dict[str, int] = {}
        if mapper.cipher is None and mapper.compressor is None:
            self.loads: Loads = stored_form
        else:

            def loads(state: bytes | str) -> dict[str, Any]:
                decoded: dict[str, Any] = stored_form(plain_state(mapper, _bytes(state)))
                return decoded

            self.loads = loads

    def class_version(self, topic: str) -> int:
        """The current class version of the topic's event class (1 if unknown)."""
        found = self._versions.get(topic)
        if found is None:
            try:
                found = current_version(resolve_topic(topic))
            except Exception:  # a topic no class answers to any more: nothing to upcast
                found = 1
            self._versions[topic] = found
        return found

    def upcast(
        self, topic: str, raw: bytes | str, aggregate_hex: str, version: int
    ) -> dict[str, Any]:
        """The stored state of an old event, upcast to its class's current version."""
        return upcast_stored(self._mapper, topic, _bytes(raw), UUID(hex=aggregate_hex), version)


def _bytes(state: bytes | str) -> bytes:
    return state.encode("utf-8") if isinstance(state, str) else bytes(state)
