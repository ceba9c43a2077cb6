"""Durations as people read them."""

from __future__ import annotations


def duration(seconds: float | None) -> str:
    """'-', '0.4 s', '42 s', '7 min', '5.3 h', '2.4 d'."""
    if seconds is None:
        return "-"
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"
