"""The one progress bar of the long commands (ingest, rebuild, copy-to, export): rich's,
drawn on stderr, and only when stderr is a terminal."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


class ProgressBar:
    """A bar with the share done, done/total and a rate, redrawn ten times a second."""

    def __init__(self, label: str, unit: str = "events", console: Console | None = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self._unit = unit
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            console=console or Console(stderr=True),
            refresh_per_second=10,
        )
        self._task: Any = None
        self._label = label

    @classmethod
    def on_terminal(
        cls, label: str, unit: str = "events", *, unless: bool = False
    ) -> ProgressBar | None:
        """A bar on stderr when it is a terminal (and not `unless`): never in a pipe,
        a log file or beside machine output."""
        return cls(label, unit) if sys.stderr.isatty() and not unless else None

    def show(self, done: int, total: int, rate: float | None = None) -> None:
        if self._task is None:
            self._progress.start()
            self._task = self._progress.add_task(self._label, total=total, rate="")
        shown = "" if rate is None else f"{rate:,.0f} {self._unit}/s"
        self._progress.update(self._task, completed=done, total=total, rate=shown)

    def close(self) -> None:
        if self._task is not None:
            self._progress.refresh()
            self._progress.stop()
