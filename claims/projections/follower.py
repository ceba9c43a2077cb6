"""`claims projections follow`: a long-running process keeping the read models current.

Any number of followers may run, on any machine. One of them leads: it holds a
lock that dies with it (`claims.storage.leadership`: a PostgreSQL session advisory
lock; on SQLite an exclusive `flock` on a file beside the database), applies new
events as they arrive and marks the models as followed. The others stand by and
try the lock every `standby_seconds`, so one takes over within about that long of
the leader's death.

The lock decides who works, never what is applied: every page of events is applied
under the tracking rows' lock with its new position (`runner.catch_up`), so two
leaders (a lock lost with its connection, say) still apply each event once, and a
follower killed at any instant leaves whole pages and resumes from the position.

New events: on PostgreSQL the library's insert issues NOTIFY on the events table's
channel; the leader LISTENs on it and also looks every `poll_seconds`, which
catches a notification missed while it was busy or reconnecting. SQLite has no
notifications: the leader polls.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from claims.projections.applying import read_with_head
from claims.projections.context import context_of
from claims.projections.generations import drop_retired
from claims.projections.runner import catch_up
from claims.projections.schema import BASE
from claims.projections.source import EventSource
from claims.storage.leadership import leadership_for, led


@dataclass(frozen=True)
class Step:
    """What the follower did: `kind` is leading, standing-by, applied or error."""

    kind: str
    events: int = 0
    position: int = 0
    head: int = 0
    seconds: float = 0.0
    detail: str = ""


def followed(ledger: EventSource) -> bool:
    """Whether a follower leads the read models of this store now (reads only)."""
    return led(ledger.store)


def wait_for(ledger: EventSource, position: int, seconds: float) -> bool:
    """Wait up to `seconds` for the read models to reach `position`; whether they did."""
    try:
        context_of(ledger, create=False).tracker.wait(BASE, position, timeout=seconds)
    except TimeoutError:
        return False
    return True


def follow(
    ledger: EventSource,
    stop: threading.Event,
    report: Callable[[Step], None],
    *,
    poll_seconds: float = 1.0,
    standby_seconds: float = 1.0,
) -> None:
    """Keep the read models current until `stop` is set; the page in hand is
    finished first. Failures (a lost connection, a busy store) are reported and
    retried; nothing is applied twice or skipped (see the module's docstring)."""
    leadership = leadership_for(ledger.store, poll_seconds)
    leading = False
    standing_by_said = False
    try:
        while not stop.is_set():
            if not leading:
                leading = leadership.try_lead()
                if not leading:
                    if not standing_by_said:
                        report(Step("standing-by"))
                        standing_by_said = True
                    stop.wait(standby_seconds)
                    continue
                position, head = _where(ledger)
                report(Step("leading", position=position, head=head))
            try:
                began = time.perf_counter()
                applied = catch_up(ledger, pages=1)
                if not applied:  # idle: drop a table an earlier rebuild left (see `generations`)
                    drop_retired(context_of(ledger), limit=1)
            except Exception as exc:  # a lost connection, a busy store: say, wait, retry
                report(Step("error", detail=" ".join(str(exc).split()) or type(exc).__name__))
                stop.wait(poll_seconds)
                continue
            if applied:
                seconds = time.perf_counter() - began
                position, head = _where(ledger)
                report(Step("applied", applied, position, head, seconds))
                continue
            leadership.wait_for_events(poll_seconds)
    finally:
        leadership.close()


def _where(ledger: EventSource) -> tuple[int, int]:
    """(the read models' position, the head of the log)."""
    ctx = context_of(ledger)
    with ctx.dialect.transaction(lock=False) as cur:
        states, head = read_with_head(ctx, cur)
    return states[BASE].position, head
