"""`claims projections follow`: a long-running process keeping the read models current.

Any number of followers may run, on any machine. One of them leads: it holds a
lock that dies with it (`claims.storage.leadership`: a PostgreSQL session advisory
lock; on SQLite an exclusive `flock` on a file beside the database), applies new
events as they arrive and marks the models as followed. The others stand by and
try the lock every `standby_seconds`, so one takes over within about that long of
the leader's death.

The lock decides who works, never what is applied: every page of events is applied
under the tracking rows' lock with its new position (`runner.apply_page`), so two
leaders (a lock lost with its connection, say) still apply each event once, and a
follower killed at any instant leaves whole pages and resumes from the position.

New events: on PostgreSQL the library's insert issues NOTIFY on the events table's
channel; the leader LISTENs on it and also looks every `poll_seconds`, which
catches a notification missed while it was busy or reconnecting. SQLite has no
notifications: the leader polls.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from claims.projections.applying import FOLLOW_PAGE, read_with_head
from claims.projections.context import context_of
from claims.projections.generations import drop_retired
from claims.projections.positions import PositionListener
from claims.projections.runner import apply_page
from claims.projections.schema import BASE
from claims.projections.source import EventSource
from claims.storage.leadership import leadership_for, led

_log = logging.getLogger("claims")


@dataclass(frozen=True)
class Step:
    """What the follower did: `kind` is leading, standing-by, applied or error."""

    kind: str
    events: int = 0
    position: int = 0
    head: int = 0
    seconds: float = 0.0
    detail: str = ""


# A leader seen is believed this long: a write asks on every save, and a leader
# lives for hours (one that died meanwhile costs a write its bounded wait).
LEADER_SEEN_SECONDS = 1.0
_leader_seen: WeakKeyDictionary[Any, float] = WeakKeyDictionary()
_listeners: WeakKeyDictionary[Any, PositionListener] = WeakKeyDictionary()
_registry_lock = threading.Lock()


def followed(ledger: EventSource, *, recent: bool = False) -> bool:
    """Whether a follower leads the read models of this store now (reads only). With
    `recent`, a leader seen in the last `LEADER_SEEN_SECONDS` is taken as still there
    without asking the store (no follower is always asked about: catching up is what
    follows then, and it costs far more than asking)."""
    now = time.monotonic()
    if recent and _leader_seen.get(ledger, 0.0) > now:
        return True
    leading = led(ledger.store)
    with _registry_lock:
        if leading:
            _leader_seen[ledger] = now + LEADER_SEEN_SECONDS
        else:
            _leader_seen.pop(ledger, None)
    return leading


def wait_for(ledger: EventSource, position: int, seconds: float) -> bool:
    """Wait up to `seconds` for the read models to reach `position`; whether they did.
    On PostgreSQL it listens for the follower's position (`positions`); elsewhere,
    or when listening fails, the tracker polls."""
    deadline = time.monotonic() + seconds
    ctx = context_of(ledger, create=False)
    if ctx.dialect.notifies:
        try:
            return _listener(ledger).wait(position, seconds)
        except Exception as exc:  # a lost connection: the tracker's poll decides
            _log.debug("claims: listening for the read models' position failed: %s", exc)
    try:
        ctx.tracker.wait(BASE, position, timeout=max(0.0, deadline - time.monotonic()))
    except TimeoutError:
        return False
    return True


def _listener(ledger: Any) -> PositionListener:
    with _registry_lock:
        found = _listeners.get(ledger)
        if found is None:
            found = _listeners[ledger] = PositionListener(ledger.store)
            weakref.finalize(ledger, found.close)
    return found


def follow(
    ledger: EventSource,
    stop: threading.Event,
    report: Callable[[Step], None],
    *,
    poll_seconds: float = 1.0,
    standby_seconds: float = 1.0,
    page: int = FOLLOW_PAGE,
) -> None:
    """Keep the read models current until `stop` is set, `page` events per
    transaction; the page in hand is finished first. Failures (a lost connection,
    a busy store) are reported and retried; nothing is applied twice or skipped
    (see the module's docstring)."""
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
                applied, position, head = apply_page(ledger, page)
                if not applied:  # idle: drop a table an earlier rebuild left (see `generations`)
                    drop_retired(context_of(ledger), limit=1)
            except Exception as exc:  # a lost connection, a busy store: say, wait, retry
                report(Step("error", detail=" ".join(str(exc).split()) or type(exc).__name__))
                stop.wait(poll_seconds)
                continue
            if applied:
                seconds = time.perf_counter() - began
                report(Step("applied", applied, position, head, seconds))
                if applied >= page:
                    continue  # a full page: more are waiting
            # A short page read up to the head: wait for news. The wait drains every
            # notification already queued, and an insert committed after that sends
            # one more, so nothing committed since the page's read is missed.
            leadership.wait_for_events(poll_seconds)
    finally:
        leadership.close()


def _where(ledger: EventSource) -> tuple[int, int]:
    """(the read models' position, the head of the log)."""
    ctx = context_of(ledger)
    with ctx.dialect.transaction(lock=False) as cur:
        states, head = read_with_head(ctx, cur)
    return states[BASE].position, head
