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

from claims.projections import tracking
from claims.projections.applying import (
    CATCH_UP_PAGE,
    FOLLOW_PAGE,
    advance_live,
    never_built,
    read_with_head,
    up_to_date,
)
from claims.projections.context import context_of
from claims.projections.schema import BASE
from claims.projections.source import EventSource


def catch_up(ledger: EventSource, *, page: int = CATCH_UP_PAGE, pages: int | None = None) -> int:
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
            read, _ = advance_live(ctx, cur, states, pages=1, page=page)
        applied += read
        if read < page:
            break
    return applied


def apply_page(ledger: EventSource, page: int = FOLLOW_PAGE) -> tuple[int, int, int]:
    """A follower's step: at most one page of events, in one locked transaction that
    also reads the positions and the head of the log (no look before it, no look
    after it: the page says where it ended). Returns (events applied, the position
    reached, the head of the log as the transaction began, or the position when
    further). A model never built is built first, by `catch_up`."""
    ctx = context_of(ledger)
    with ctx.dialect.transaction(lock=True) as cur:
        states, head = read_with_head(ctx, cur, lock=True)
        if not never_built(states):
            applied, position = advance_live(ctx, cur, states, pages=1, page=page)
            return applied, position, max(head, position)
    applied = catch_up(ledger, page=page, pages=1)
    with ctx.dialect.transaction(lock=False) as cur:
        states, head = read_with_head(ctx, cur)
    return applied, states[BASE].position, head
