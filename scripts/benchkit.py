"""What every benchmark in scripts/ shares: timings, opening a store, and the two
lines each report ends with (the command that reproduces it, and the machine).

The benchmarks run as `python scripts/bench_x.py`, so this module is imported by
its plain name (the script's folder is first on sys.path).
"""

from __future__ import annotations

import os
import platform
import shlex
import statistics
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claims.application import ClaimsLedger

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Timing:
    """Wall times of repeated runs of one thing; reports quote median and minimum."""

    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def best(self) -> float:
        return min(self.samples)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


@contextmanager
def opened(path: Path) -> Iterator[ClaimsLedger]:
    """The ledger on a SQLite file, closed afterwards."""
    from claims.application import ClaimsLedger
    from claims.storage.location import locate_store

    ledger = ClaimsLedger.open(locate_store(str(path)))
    try:
        yield ledger
    finally:
        ledger.close()


def reproduce_line(script: str, arguments: Sequence[str]) -> str:
    """`reproduce: cd ROOT && PYTHON scripts/SCRIPT ARGS`, paths inside the checkout
    written relative to it (the interpreter's path is not resolved: a venv's python
    is a link to the base interpreter)."""
    argv = [_relative(Path(sys.executable)), _relative(ROOT / "scripts" / script), *arguments]
    return f"reproduce: cd {shlex.quote(str(ROOT))} && {shlex.join(argv)}"


def machine_line() -> str:
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return (
        f"machine: Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{os.cpu_count()} CPUs, {platform.platform()}"
        + (f", load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}" if load else "")
    )


def _relative(path: Path) -> str:
    absolute = Path(os.path.abspath(path))
    return str(absolute.relative_to(ROOT)) if absolute.is_relative_to(ROOT) else str(absolute)
