"""RFC 8785 (JSON Canonicalization Scheme) bytes of a JSON value, fast enough to verify
a million events.

`rfc8785` (Trail of Bits) is the implementation the chain relies on; it is pure Python
and takes about 30 µs for one event, which would make `claims audit verify` several
times slower. orjson with sorted keys writes the very same bytes for most values, so
`canonical_json` lets orjson write a value once it has checked that it may (a walk
over the value, one or two microseconds an event; a regular expression over orjson's
output looking for floats costs ten times more):

- integers within +-(2**53 - 1) (orjson refuses others with OPT_STRICT_INTEGER, and
  so does RFC 8785, which has no exact form for them);
- strings: both write UTF-8 as is and escape the same characters the same way;
- object keys: RFC 8785 orders them by UTF-16 code units, orjson by code points;
  the two orders agree unless a key holds a character beyond U+FFFF, and such an
  object is left to `rfc8785`;
- floats: the one place they differ (orjson writes 1.0, RFC 8785 writes 1), so each
  float is written by `rfc8785` and handed to orjson as a ready fragment.

Anything else goes to `rfc8785.dumps` itself, which also raises for what RFC 8785
cannot express. tests/audit/test_chain_formats.py holds both routes to the same bytes.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import orjson
import rfc8785
from rfc8785 import CanonicalizationError

__all__ = ["CanonicalizationError", "canonical_json"]

_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_STRICT_INTEGER
# Characters from here on are written as two UTF-16 code units, which sort apart
# from their code point order.
_ASTRAL = "\U00010000"
# Values both write alike (integers past 2**53 aside, which orjson refuses here).
_WRITTEN_ALIKE = frozenset({str, int, bool, type(None)})


class _Unfit(Exception):
    """A value orjson would not write as RFC 8785 does."""


def canonical_json(value: Any) -> bytes:
    """The RFC 8785 bytes of `value` (a JSON value: dict, list, str, int, float, bool,
    None); raises `rfc8785.CanonicalizationError` for one it cannot express."""
    try:
        return orjson.dumps(_ready(value), option=_OPTIONS)
    except (_Unfit, orjson.JSONEncodeError):
        return rfc8785.dumps(value)


def _ready(value: Any) -> Any:
    """`value` as orjson may write it: itself, or a copy whose floats are fragments."""
    kind = type(value)
    if kind is dict:
        ready = value
        for key, item in value.items():
            if type(key) is not str or (not key.isascii() and max(key) >= _ASTRAL):
                raise _Unfit
            if type(item) in _WRITTEN_ALIKE:
                continue
            written = _ready(item)
            if written is not item:
                if ready is value:
                    ready = dict(value)
                ready[key] = written
        return ready
    if kind is list:
        items = [_ready(item) for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if kind is float:
        return _float_text(value)
    if kind in _WRITTEN_ALIKE:
        return value
    raise _Unfit


@lru_cache(maxsize=1024)
def _float_text(number: float) -> orjson.Fragment:
    """RFC 8785's text of a float (scores repeat, so it is worth keeping)."""
    return orjson.Fragment(rfc8785.dumps(number))
