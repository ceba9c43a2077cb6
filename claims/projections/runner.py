"""The incremental catch-up: bring the live read models up to the head of the log.

`catch_up(ledger)` is what every write command calls before it returns:

- it first reads the tracking rows and the head of the log in one query, and
  returns at once when every live model is there already;
- otherwise it takes the lock (BEGIN IMMEDIATE on SQLite, SELECT ... FOR UPDATE
  of the tracking rows on PostgreSQL), reads the positions again, and applies
  the events after them page by page, each page's rows and the new position in
  the same transaction. Two processes catching up at once therefore never apply
  an event twice or skip one: the second waits, then sees the first's position.
- a model that was never built (a new store, or a model added by an upgrade) is
  built first, by the batch rebuild.

A model whose code version changed is left as it is until an operator rebuilds
it (`claims projections rebuild`); the queries refuse to read it meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eventsourcing.persistence import Tracking

from claims.projections import tracking
from claims.projections.context import Context, context_of, generation_names, model, target_for
from claims.projections.engine import Target
from claims.projections.schema import BASE, DEPENDENTS, MODELS, TRACKING_TABLE
from claims.projections.tracking import Tracked

CATCH_UP_PAGE = 2_000


def current(states: dict[str, Tracked], name: str) -> bool:
    """Built, and by the code version this process runs."""
    tracked = states[name]
    return tracked.built and tracked.version == model(name).version


def live_group(states: dict[str, Tracked]) -> list[str]:
    """The models a catch-up moves: the base, when current, and every current derived
    model in step with it (derived rows follow from the base's state at the same
    position, so a model out of step can only be rebuilt)."""
    if not current(states, BASE):
        return []
    at = states[BASE].position
    return [BASE, *(d for d in DEPENDENTS if current(states, d) and states[d].position == at)]


def never_built(states: dict[str, Tracked]) -> list[str]:
    return [m.name for m in MODELS if not states[m.name].built]


def read_with_head(ctx: Context, cur: Any) -> tuple[dict[str, Tracked], int]:
    """The tracking rows and the head of the log, in one query where the store has SQL."""
    dialect = ctx.dialect
    head_sql = dialect.head_sql()
    if head_sql is None:
        return tracking.read(cur, dialect, lock=False), dialect.head(cur)
    cur.execute(
        "SELECT name, version, position, generation, next_generation, next_version, "  # noqa: S608
        f"next_position, updated_at, ({head_sql}) FROM {TRACKING_TABLE} ORDER BY name"
    )
    rows = cur.fetchall()
    head = int(rows[0][8] or 0) if rows else 0
    return {row[0]: Tracked(*row[:8]) for row in rows}, head


def up_to_date(states: dict[str, Tracked], head: int) -> bool:
    if never_built(states):
        return False
    return all(states[name].position >= head for name in live_group(states))


def catch_up(ledger: Any, *, page: int = CATCH_UP_PAGE, pages: int | None = None) -> int:
    """Bring every live read model up to the head of the event log, `page` events
    per transaction (or `pages` pages nearer: a follower checks for a stop between
    pages).

    Returns the number of events applied (0 when there was nothing new: one query).
    Safe to run from many processes at once. Raises StoreBusy when the lock is not
    obtained within the store's lock timeout (the events are stored regardless; the
    next catch-up applies them).
    """
    ctx = context_of(ledger)
    with ctx.dialect.transaction(lock=False) as cur:
        states, head = read_with_head(ctx, cur)
    if up_to_date(states, head):
        return 0
    applied = 0
    missing = never_built(states)
    if missing:
        from claims.projections.rebuilding import rebuild_models

        applied += rebuild_models(ctx, missing).events
    while pages is None or pages > 0:
        if pages is not None:
            pages -= 1
        # One page per transaction: the lock is never held long, and a failure
        # keeps the pages before it (each with its position).
        with ctx.dialect.transaction(lock=True) as cur:
            states = tracking.read(cur, ctx.dialect, lock=True)
            read = advance_live(ctx, cur, states, pages=1, page=page)
        applied += read
        if read < page:
            break
    return applied


def advance_live(
    ctx: Context,
    cur: Any,
    states: dict[str, Tracked],
    upto: int | None = None,
    pages: int | None = None,
    page: int | None = None,
) -> int:
    """Apply the events after the live group's position (up to `upto`, at most
    `pages` pages) in this locked transaction; returns how many were read."""
    group = live_group(states)
    if not group:
        return 0
    target = target_for({n: generation_names(model(n), states[n].generation) for n in group})

    def record(position: int) -> None:
        for name in group:
            ctx.tracker.record(cur, Tracking(name, position))

    events, _ = advance(
        ctx, cur, target, states[BASE].position, upto, record, page=page, pages=pages
    )
    return events


def advance(
    ctx: Context,
    cur: Any,
    target: Target,
    position: int,
    upto: int | None,
    record: Callable[[int], None] | None,
    page: int | None = None,
    pages: int | None = None,
) -> tuple[int, int]:
    """Apply events after `position` (up to `upto`) to `target`, a page per batch,
    calling `record(new position)` after each; returns (events read, new position)."""
    page = page or CATCH_UP_PAGE
    events = 0
    while pages is None or pages > 0:
        if pages is not None:
            pages -= 1
        rows = ctx.dialect.read_events(cur, position, page, upto)
        if not rows:
            return events, position
        batch = ctx.batch(target)
        batch.prepare(cur, rows)
        batch.flush(cur)
        position = rows[-1][0]
        events += len(rows)
        if record is not None:
            record(position)
        if len(rows) < page:
            return events, position
    return events, position
