"""Applying the log to the live read models: which models are live, and the page-by-page
application of events with their positions recorded in the same transaction. Shared by
the incremental catch-up (`runner`), the batch rebuild (`rebuilding`), the queries and
verification, so none of them imports another for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eventsourcing.persistence import Tracking

from claims.projections import tracking
from claims.projections.context import Context, generation_names, model, target_for
from claims.projections.engine import Target
from claims.projections.schema import BASE, DEPENDENTS, MODELS, TRACKING_TABLE
from claims.projections.tracking import Tracked

CATCH_UP_PAGE = 2_000
# A follower applies bigger pages: a page's fixed cost (locks, statements, a commit)
# is spread over more events, and it holds the lock while nobody else needs it.
FOLLOW_PAGE = 10_000


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


def read_with_head(ctx: Context, cur: Any, *, lock: bool = False) -> tuple[dict[str, Tracked], int]:
    """The tracking rows and the head of the log, in one query where the store has SQL;
    with `lock`, the rows are held until the transaction ends (see `tracking.read`)."""
    dialect = ctx.dialect
    head_sql = dialect.head_sql()
    if head_sql is None:
        return tracking.read(cur, dialect, lock=lock), dialect.head(cur)
    clause = dialect.lock_clause if lock else ""
    cur.execute(
        "SELECT name, version, position, generation, next_generation, next_version, "  # noqa: S608
        f"next_position, updated_at, ({head_sql}) FROM {TRACKING_TABLE} ORDER BY name{clause}"
    )
    rows = cur.fetchall()
    head = int(rows[0][8] or 0) if rows else 0
    return {row[0]: Tracked(*row[:8]) for row in rows}, head


def up_to_date(states: dict[str, Tracked], head: int) -> bool:
    if never_built(states):
        return False
    return all(states[name].position >= head for name in live_group(states))


def advance_live(
    ctx: Context,
    cur: Any,
    states: dict[str, Tracked],
    upto: int | None = None,
    pages: int | None = None,
    page: int | None = None,
) -> tuple[int, int]:
    """Apply the events after the live group's position (up to `upto`, at most
    `pages` pages) in this locked transaction; returns (how many were read, the
    group's position now)."""
    group = live_group(states)
    if not group:
        return 0, states[BASE].position
    target = target_for({n: generation_names(model(n), states[n].generation) for n in group})

    def record(position: int) -> None:
        ctx.tracker.record(cur, *(Tracking(name, position) for name in group))

    return advance(ctx, cur, target, states[BASE].position, upto, record, page=page, pages=pages)


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
