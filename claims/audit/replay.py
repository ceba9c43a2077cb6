"""One aggregate's stored events as domain event objects, decoded with orjson.

`Mapper.to_domain_event` decodes each state with the standard library's json and
an object hook per dict; a claim of 10,000 events spends most of `claims show` and
`claims history` there. `decoded_events` builds the same objects: the state is one
`orjson.loads`, the transcoder's wrappers (`{"_type_": ..., "_data_": ...}`) are
decoded by the transcoder's own transcodings, and the event's identity, upcasting
(`claims.upcasting`: old events come out in their class's current shape) and class
are applied exactly as the mapper does. Whatever orjson or the
unwrapping cannot take (a cipher or compressor, NaN, integers beyond 64 bits, an
unknown transcoding) goes through the mapper itself, errors included.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterator, Sequence
from typing import Any, cast
from uuid import UUID

import orjson
from eventsourcing.persistence import Mapper, StoredEvent, find_id_convertor
from eventsourcing.utils import resolve_topic

from claims.storage.log import stored_events
from claims.storage.store import Store
from claims.upcasting import upcast


class _NotFast(Exception):
    """This state needs the mapper's own decoding."""


# orjson reads an integer beyond 64 bits as a float where json keeps it exact; such
# a number has at least 19 digits, so a state holding a run that long (in a number
# or, harmlessly, in a string) is left to the mapper.
_LONG_DIGITS = re.compile(rb"[0-9]{19}")


def decoded_events(
    mapper: Mapper[Any],
    store: Store,
    originator_id: UUID,
    *,
    lte: int | None = None,
) -> Iterator[Any]:
    """`mapper.to_domain_event(s) for s in recorder.select_events(originator_id, lte=lte)`."""
    stored = stored_events(store, originator_id, lte=lte)
    names: dict[str, Any] | None = getattr(mapper.transcoder, "names", None)
    if mapper.cipher is not None or mapper.compressor is not None or names is None:
        return (mapper.to_domain_event(event) for event in stored)
    return _decoded_events(mapper, names, stored)


def _decoded_events(
    mapper: Mapper[Any], names: dict[str, Any], stored: Sequence[StoredEvent]
) -> Iterator[Any]:
    classes: dict[str, type[Any]] = {}
    for event in stored:
        try:
            state = _decoded_state(event.state, names)
        except _NotFast:
            yield mapper.to_domain_event(event)
            continue
        cls = classes.get(event.topic)
        if cls is None:
            cls = classes[event.topic] = resolve_topic(event.topic)
        id_convertor = find_id_convertor(
            cast(Hashable, cls), cast(Hashable, type(event.originator_id))
        )
        state["originator_id"] = id_convertor(event.originator_id)
        state["originator_version"] = event.originator_version
        upcast(cls, state)  # an old event in its class's current shape
        domain_event = object.__new__(cls)
        object.__setattr__(domain_event, "__dict__", state)
        yield domain_event


def _decoded_state(raw: object, names: dict[str, Any]) -> dict[str, Any]:
    if type(raw) is not bytes:  # the mapper refuses TEXT a hand-edited row may hold
        raise _NotFast
    if _LONG_DIGITS.search(raw):
        raise _NotFast
    try:
        state = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise _NotFast from None
    if type(state) is not dict or _decoded(state, names) is not state:
        raise _NotFast  # the whole state is one transcoded value: the mapper fails on it
    return state


def _decoded(value: Any, names: dict[str, Any]) -> Any:
    """What the transcoder's object hook makes of a decoded value, innermost dicts
    first; dicts and lists are decoded in place (they are orjson's fresh objects)."""
    if type(value) is list:
        for index, item in enumerate(value):
            if type(item) is dict or type(item) is list:
                value[index] = _decoded(item, names)
        return value
    for key, item in value.items():
        if type(item) is dict or type(item) is list:
            value[key] = _decoded(item, names)
    if len(value) != 2 or "_type_" not in value or "_data_" not in value:
        return value
    name = value["_type_"]
    transcoding = names.get(name) if type(name) is str else None
    if transcoding is None:
        raise _NotFast  # the mapper reports the unknown transcoding
    try:
        return transcoding.decode(value["_data_"])
    except Exception:  # the mapper wraps the failure in its own error
        raise _NotFast from None
