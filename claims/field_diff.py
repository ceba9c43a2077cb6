"""What changed between two states of a claim, field by field."""

from __future__ import annotations

from typing import Any

# Bookkeeping that changes with every event; the events themselves say so.
_IGNORED = frozenset({"version", "last_change"})


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested JSON as dotted paths; lists of objects with an `id` are keyed by it."""
    if isinstance(value, dict):
        flat: dict[str, Any] = {}
        for key, item in value.items():
            if not prefix and key in _IGNORED:
                continue
            flat.update(flatten(item, f"{prefix}{key}."))
        return flat
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        # Evidence, corrections, notes: entries appear; an empty list adds nothing.
        flat = {}
        for index, item in enumerate(value):
            label = item.get("id", index)
            flat.update(flatten(item, f"{prefix}{label}."))
        return flat
    return {prefix.rstrip("."): value}


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(path, before, after) for every path whose value differs, in a stable order."""
    old, new = flatten(before), flatten(after)
    paths = list(old) + [path for path in new if path not in old]
    return [(p, old.get(p), new.get(p)) for p in paths if old.get(p) != new.get(p)]
