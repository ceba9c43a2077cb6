"""A progress bar for long operator commands (rebuilds, copies), drawn on stderr."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """A one-line bar with events/s, redrawn at most ten times a second."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self._stream = stream
        self._width = width
        self._last = 0.0
        self._drawn = False

    @classmethod
    def on_terminal(cls, *, unless: bool = False) -> ProgressBar | None:
        """A bar on stderr when it is a terminal (and not `unless`): never in a pipe,
        a log file or beside --json."""
        return cls(sys.stderr) if sys.stderr.isatty() and not unless else None

    def show(self, done: int, total: int, rate: float) -> None:
        now = time.monotonic()
        if now - self._last < 0.1 and done < total:
            return
        self._last = now
        share = done / total if total else 1.0
        filled = round(self._width * min(share, 1.0))
        bar = "#" * filled + "." * (self._width - filled)
        self._stream.write(
            f"\r[{bar}] {share:6.1%} {done:,}/{total:,} events {rate:,.0f} events/s "
        )
        self._stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self._stream.write("\n")
            self._stream.flush()
