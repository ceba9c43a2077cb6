"""What a query may read, found with SELECTs only: reads never write.

A query reads the read models as they stand. Before it does, `readable` checks,
in one read transaction, that every model it needs was built by this code version
and is in step with the claim state, and how far the models are behind the log:

- a model never built, or built by another code version, is refused with what an
  operator runs (`claims projections rebuild ...`), exit 1; nothing is built here;
- a store nothing was ever written to has no read models: the answer is empty;
- a model behind the log still answers, after waiting up to the ledger's
  `read_wait_seconds` for a follower (or a writer) to catch up; what is still
  missing then is said in one line through the ledger's `on_stale_read`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from claims.projections.applying import current, live_group, read_with_head
from claims.projections.context import Context, context_of, model
from claims.projections.errors import ProjectionStale
from claims.projections.schema import BASE, MODELS
from claims.projections.source import EventSource
from claims.projections.tracking import Tracked

# How often a waiting read looks at the tracking rows again.
_POLL_SECONDS = 0.05


@dataclass(frozen=True)
class Lag:
    """How far a model is behind the log: events not applied, and the age of the
    oldest of them (None when there are none)."""

    events: int
    seconds: float | None

    def describe(self) -> str:
        plural = "" if self.events == 1 else "s"
        age = f", the oldest {self.seconds:.1f} s old" if self.seconds is not None else ""
        return f"{self.events} event{plural} behind the event log{age}"


def lag_of(ctx: Context, cur: Any, position: int, head: int) -> Lag:
    """The lag of a model at `position` when the log ends at `head`."""
    if position >= head:
        return Lag(0, None)
    events = ctx.dialect.count_events(cur, position, head)
    oldest = ctx.dialect.read_events(cur, position, 1, head)
    seconds: float | None = None
    if oldest:
        stamp = ctx.decoder.loads(oldest[0][4]).get("timestamp")
        text = stamp.get("_data_") if isinstance(stamp, dict) else stamp
        if isinstance(text, str):
            seconds = max(0.0, (datetime.now(UTC) - datetime.fromisoformat(text)).total_seconds())
    return Lag(events, seconds)


def refusal(states: dict[str, Tracked], names: tuple[str, ...]) -> str | None:
    """Why the models `names` cannot be read (what to run), or None when they can."""
    group = live_group(states)
    unbuilt = [m.name for m in MODELS if not states[m.name].built]
    for name in names:
        if name in group:
            continue
        tracked = states[name]
        if not tracked.built:
            which = "--all" if len(unbuilt) == len(MODELS) else name
            return (
                f"the {name} read model was never built: run `claims projections rebuild {which}` "
                "(a read builds nothing)"
            )
        rebuild = f"run `claims projections rebuild {name}`"
        if not current(states, name):
            return (
                f"the {name} read model was built by version {tracked.version}; "
                f"this code is version {model(name).version}: {rebuild}"
            )
        return f"the {name} read model is out of step with {BASE}: {rebuild}"
    return None


def readable(ledger: EventSource, *names: str) -> Context | None:
    """The context to read the models `names` (the base always) through, or None
    when nothing was ever stored (an empty answer). Raises ProjectionStale with what
    to run when a model cannot be read. Only SELECTs."""
    wanted = (BASE, *(n for n in names if n != BASE))
    ctx = context_of(ledger, create=False)
    if not ctx.tracked():
        with ctx.dialect.transaction(lock=False) as cur:
            head = ctx.dialect.head(cur)
        if head == 0:
            return None
        msg = "the read models were never built: run `claims projections rebuild --all`"
        raise ProjectionStale(msg)
    wait = float(getattr(ledger, "read_wait_seconds", 0.0) or 0.0)
    deadline = time.monotonic() + wait
    while True:
        with ctx.dialect.transaction(lock=False) as cur:
            states, head = read_with_head(ctx, cur)
            if head == 0 and not states[BASE].built:
                return None
            problem = refusal(states, wanted)
            if problem is not None:
                raise ProjectionStale(problem)
            position = states[BASE].position
            if position >= head:
                return ctx
            if time.monotonic() >= deadline:
                lag = lag_of(ctx, cur, position, head)
                break
        time.sleep(_POLL_SECONDS)
    notice = getattr(ledger, "on_stale_read", None)
    if callable(notice):
        notice(
            f"the read models are {lag.describe()}: this answer leaves them out "
            "(a follower, `claims projections follow`, keeps them current; --wait SECONDS waits)"
        )
    return ctx
