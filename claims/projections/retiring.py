"""Retired generations: the tables a rebuild's swap left behind, dropped later.

A swap points the views at the new generation and promotes the tracking rows; it
does not drop the old generation. On SQLite a DROP TABLE walks every page of the
table to free it (most of a second for the read models of a million events), and
the swap holds the store's write lock: every writer and catch-up would wait, and the
rebuild command would take that much longer for nothing a reader needs.

A table of a model's generation that is neither the live one nor the one being
built is *retired*: no view shows it, and no transaction that starts can reach it
(one that began before the swap keeps reading its own snapshot, on SQLite; on
PostgreSQL the drop waits for it). Retired tables are dropped, one table per
locked transaction, so the lock is held briefly each time:

- by the next rebuild, in its coordinating process while the worker processes
  run the first pass (the drop overlaps their reading and folding), or before
  its first pass when it runs in one process;
- by the leading follower (`claims projections follow`), when it has nothing to
  apply.

A drop killed half-way rolls back: the table stays retired and the next one drops
it. Which tables are retired is read under the tracking rows' lock, in the same
transaction as the drop, so a rebuild starting at the same time never loses the
generation it has just created.
"""

from __future__ import annotations

import re
from typing import Any

from claims.projections import tracking
from claims.projections.context import Context
from claims.projections.dialect import Dialect
from claims.projections.schema import MODELS
from claims.projections.tracking import Tracked

GENERATION = re.compile(r"^rm_(.+)_g(\d+)$")
# Each table key to the model that owns it.
_OWNER = {table.key: m.name for m in MODELS for table in m.tables}


def retired(cur: Any, dialect: Dialect, states: dict[str, Tracked]) -> list[str]:
    """The retired tables, in name order."""
    found = []
    for name in sorted(dialect.read_model_tables(cur)):
        match = GENERATION.match(name)
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
