"""The event store's transcoder: the library's JSON format, read with orjson.

`ClaimsLedger.construct_transcoder()` returns a `FastJSONTranscoder`, so the mapper,
the repository and every reader of domain events decode through it. It writes
exactly the bytes the library's `JSONTranscoder` writes, because it is that
encoder: orjson spells floats, UUIDs, datetimes and integers beyond 64 bits its own
way, and writes are a few events per command. It reads them back with one
`orjson.loads` and one walk that unwraps the transcoded values (`{"_type_": ...,
"_data_": ...}`) through the registered transcodings, innermost first, as the
library's object hook does: about twice as fast as the library's decoder.

Where orjson reads JSON differently from the standard library, the library's
decoder reads the state instead, so the result, or the error, is the library's:
NaN and Infinity, a lone surrogate and a number too large for a float (orjson
refuses them), an integer beyond 64 bits (orjson makes it a float of magnitude
2**63 or more, which the walk notices), a text row (the library refuses text), an
unknown transcoding or a value its transcoding refuses.

`stored_form` is the same read without the walk: the state as stored, values left
wrapped, which the projections fold a million at a time.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from eventsourcing.persistence import JSONTranscoder, Mapper

__all__ = ["FastJSONTranscoder", "stored_form"]

# orjson reads a whole number outside [-2**63, 2**64) as a float, never smaller
# than this in magnitude; json keeps it an exact int.
_BEYOND_64_BITS = 2.0**63


class _LibraryReads(Exception):
    """This state needs the library's own decoder."""


class FastJSONTranscoder(JSONTranscoder):
    """The library's JSON transcoder, decoding with orjson where orjson reads alike."""

    def decode(self, data: bytes) -> Any:
        if type(data) is bytes:  # the library refuses text (it calls `data.decode`)
            try:
                value = orjson.loads(data)
                kind = type(value)
                if kind is dict:
                    return self._unwrapped(value)
                if kind is list:
                    return self._unwrapped_list(value)
                if kind is not float or -_BEYOND_64_BITS < value < _BEYOND_64_BITS:
                    return value
            except (orjson.JSONDecodeError, _LibraryReads):
                pass
        return super().decode(data)

    def _unwrapped(self, value: dict[str, Any]) -> Any:
        """What the library's object hook makes of a dict orjson decoded, its values
        first (changed in place: they are orjson's fresh objects)."""
        for key, item in value.items():
            kind = type(item)
            if kind is str or kind is int or kind is bool or item is None:
                continue  # most values: nothing to unwrap or check
            if kind is dict:
                value[key] = self._unwrapped(item)
            elif kind is list:
                value[key] = self._unwrapped_list(item)
            elif kind is float and not -_BEYOND_64_BITS < item < _BEYOND_64_BITS:
                raise _LibraryReads
        if len(value) != 2 or "_type_" not in value or "_data_" not in value:
            return value
        name = value["_type_"]
        transcoding = self.names.get(name) if type(name) is str else None
        if transcoding is None:
            raise _LibraryReads  # the library names the unknown transcoding
        try:
            return transcoding.decode(value["_data_"])
        except Exception:  # the library's decoder raises it as it does
            raise _LibraryReads from None

    def _unwrapped_list(self, value: list[Any]) -> list[Any]:
        for index, item in enumerate(value):
            kind = type(item)
            if kind is dict:
                value[index] = self._unwrapped(item)
            elif kind is list:
                value[index] = self._unwrapped_list(item)
            elif kind is float and not -_BEYOND_64_BITS < item < _BEYOND_64_BITS:
                raise _LibraryReads
        return value


def stored_form(data: bytes | str) -> Any:
    """A stored state as JSON, transcoded values left wrapped (what the projections
    fold). orjson reads it, and json where orjson refuses (NaN, Infinity, a lone
    surrogate). An integer beyond 64 bits comes out a float, as orjson reads it: no
    event the domain writes holds one, and the walk that notices one in `decode`
    costs about twice the read itself, for every event a rebuild folds."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)


def plain_state(mapper: Mapper[Any], state: bytes) -> bytes:
    """A stored state with the mapper's cipher and compressor undone, as
    `Mapper.to_domain_event` undoes them before decoding: what the readers of the
    stored form (the projections' fold, the sealing's hash) read."""
    if mapper.cipher:
        state = mapper.cipher.decrypt(state)
    if mapper.compressor:
        state = mapper.compressor.decompress(state)
    return state
