"""A read model's generations: started by a rebuild, swapped in, retired, dropped.

A rebuild's plan starts a new generation (`start_next`: empty tables numbered past
every generation there); its swap points the views at it and promotes the tracking
rows (`swap_in`). The swap does not drop the old generation: on SQLite a DROP
TABLE walks every page of the table to free it (most of a second for the read
models of a million events) and the swap holds the store's write lock, so every
writer and catch-up would wait, and the rebuild command would take that much
longer, for nothing a reader needs.

A table of a model's generation that is neither the live one nor the one being
built is *retired*: no view shows it, and no transaction that starts can reach it
(one that began before the swap keeps reading its own snapshot, on SQLite; on
PostgreSQL the drop waits for it). Retired tables are dropped, one table per
locked transaction, so the lock is held briefly each time:

- by a process of their own that `claims projections rebuild` starts after its
  swap and does not wait for (`drop_in_background`): the command returns when
  the new generation is live;
- by the leading follower (`claims projections follow`), when it has nothing to
  apply;
- by the next rebuild, whatever is left (a dropper killed, a rebuild run from
  code): in its coordinating process while the worker processes run the first
  pass, or before its first pass when it runs in one process.

A drop killed half-way rolls back: the table stays retired and the next one drops
it. Which tables are retired is read under the tracking rows' lock, in the same
transaction as the drop, so a rebuild starting at the same time never loses the
generation it has just created.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

from eventsourcing.utils import get_topic, resolve_topic

from claims.projections import tracking
from claims.projections.context import Context, context_of, model
from claims.projections.dialect import Dialect
from claims.projections.schema import MODELS
from claims.projections.source import EventSource
from claims.projections.tracking import Tracked
from claims.storage.location import STORE_VARIABLE, locate_store

_GENERATION = re.compile(r"^rm_(.+)_g(\d+)$")
# Each table key to the model that owns it.
_OWNER = {table.key: m.name for m in MODELS for table in m.tables}


def retired(cur: Any, dialect: Dialect, states: dict[str, Tracked]) -> list[str]:
    """The retired tables, in name order."""
    found = []
    for name in sorted(dialect.read_model_tables(cur)):
        match = _GENERATION.match(name)
        owner = _OWNER.get(match.group(1)) if match else None
        if match is None or owner is None or owner not in states:
            continue  # not a generation of a model this code knows: left alone
        tracked = states[owner]
        generation = int(match.group(2))
        if generation not in (tracked.generation, tracked.next_generation):
            found.append(name)
    return found


def drop_retired(ctx: Context, *, limit: int | None = None) -> int:
    """Drop retired tables (at most `limit`), one per transaction; how many were."""
    dialect = ctx.dialect
    with dialect.transaction(lock=False) as cur:  # the usual answer, without the lock
        if not retired(cur, dialect, tracking.read(cur, dialect, lock=False)):
            return 0
    dropped = 0
    while limit is None or dropped < limit:
        with dialect.transaction(lock=True) as cur:
            states = tracking.read(cur, dialect, lock=True)
            found = retired(cur, dialect, states)
            if not found:
                return dropped
            dialect.drop_table(cur, found[0])
        dropped += 1
    return dropped


def start_next(
    ctx: Context, cur: Any, states: dict[str, Tracked], chosen: list[str]
) -> dict[str, int]:
    """Fresh, empty tables of a new generation for every chosen model (numbered past
    every generation there, retired ones included); an unfinished one is dropped."""
    dialect = ctx.dialect
    highest: dict[str, int] = {}
    for name in dialect.read_model_tables(cur):
        match = _GENERATION.match(name)
        if match:
            key, generation = match.group(1), int(match.group(2))
            highest[key] = max(highest.get(key, 0), generation)
    generations: dict[str, int] = {}
    for name in chosen:
        m = model(name)
        tracked = states[name]
        if tracked.next_generation is not None:
            for table in m.tables:
                dialect.drop_table(cur, table.physical(tracked.next_generation))
        generation = 1 + max(
            tracked.generation,
            tracked.next_generation or 0,
            *(highest.get(table.key, 0) for table in m.tables),
        )
        for table in m.tables:
            physical = table.physical(generation)
            dialect.drop_table(cur, physical)
            dialect.create_table(cur, table, physical)
        tracking.start_next(cur, dialect, name, generation, m.version)
        generations[name] = generation
    return generations


def swap_in(ctx: Context, cur: Any, tracked: Tracked) -> None:
    """The views show the model's next generation, which becomes the live one; the
    one it replaces is retired (the caller holds the lock)."""
    dialect = ctx.dialect
    m = model(tracked.name)
    new = tracked.next_generation
    assert new is not None
    for table in m.tables:
        dialect.point_view(cur, table, table.physical(new))
    tracking.promote(cur, dialect, tracked.name)


def drop_in_background(ledger: EventSource) -> bool:
    """Start a detached process that drops the retired tables of the ledger's store,
    if there are any; whether one was started. The in-memory store has no other
    process: its tables are dropped here."""
    ctx = context_of(ledger)
    if not ledger.store.shared:
        drop_retired(ctx)
        return False
    with ctx.dialect.transaction(lock=False) as cur:
        if not retired(cur, ctx.dialect, tracking.read(cur, ctx.dialect, lock=False)):
            return False
    # Not a Popen: nothing waits for it (it outlives the command), and its stdio
    # is not the command's (whoever reads the command's output is not kept waiting).
    os.posix_spawn(
        sys.executable,
        [sys.executable, "-m", __name__, get_topic(type(ledger))],
        # The location travels as the store variable, not argv: a URL may hold a password.
        {**os.environ, STORE_VARIABLE: ledger.store.location.target},
        file_actions=[(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)],
        setsid=True,  # its own session: a ^C at the terminal spares it
    )
    return True


def _main(ledger_topic: str) -> None:
    ledger = resolve_topic(ledger_topic).open(locate_store())
    try:
        drop_retired(context_of(ledger))
    finally:
        ledger.close()


if __name__ == "__main__":
    _main(sys.argv[1])
