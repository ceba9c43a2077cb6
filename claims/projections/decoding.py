"""Stored event state, decoded straight from its bytes, with upcasting still applied.

The library turns each stored event into a `Notification` and then a domain event
object; a rebuild of a million events cannot afford either. Here a payload is one
`orjson.loads`: a dict of the stored form, in which the transcoder's values stay
wrapped (`{"_type_": "uuid_hex", "_data_": "..."}`), which the projectors read.

Upcasting: when an event class has `class_version` N > 1 and a stored event is
older (its state has no `class_version`, or a smaller one), the state is decoded
with the application's transcoder exactly as `Mapper.to_domain_event` does, its
`upcast_vK_vK+1` methods are applied in turn (`claims.upcasting`), and the result
is encoded again, so projectors see the current shape in the stored form (a
renamed field under its new name, an added one with the value its upcaster
gives). Only old events pay for this.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.utils import resolve_topic

from claims.upcasting import current_version, upcast_stored

Loads = Callable[[bytes | str], dict[str, Any]]


class Decoder:
    """Decodes stored states for one application's mapper (its transcoder and any
    cipher or compressor)."""

    def __init__(self, mapper: Any) -> None:
        self._mapper = mapper
        self._versions: dict[str, int] = {}
        cipher = mapper.cipher
        compressor = mapper.compressor
        if cipher is None and compressor is None:
            self.loads: Loads = orjson.loads
        else:

            def loads(state: bytes | str) -> dict[str, Any]:
                data = state.encode("utf-8") if isinstance(state, str) else bytes(state)
                if cipher is not None:
                    data = cipher.decrypt(data)
                if compressor is not None:
                    data = compressor.decompress(data)
                decoded: dict[str, Any] = orjson.loads(data)
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
        cls = resolve_topic(topic)
        data = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
        if self._mapper.cipher is not None:
            data = self._mapper.cipher.decrypt(data)
        if self._mapper.compressor is not None:
            data = self._mapper.compressor.decompress(data)
        return upcast_stored(self._mapper.transcoder, cls, data, UUID(hex=aggregate_hex), version)


def wrapped(value: Any) -> Any:
    """The value of a transcoded field: `{"_type_": ..., "_data_": X}` gives X."""
    if type(value) is dict:
        return value.get("_data_")
    return value
