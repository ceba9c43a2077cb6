"""How aggregate ids are written where stores and the hash chain compare them."""

from __future__ import annotations


def aggregate_key(originator_id: object) -> str:
    """Aggregate ids in the canonical encoding: the UUID's 32 lower-case hex digits,
    whether the driver returned a UUID or its text."""
    hex_digits = getattr(originator_id, "hex", None)
    if isinstance(hex_digits, str):
        return hex_digits
    return str(originator_id).replace("-", "").lower()
