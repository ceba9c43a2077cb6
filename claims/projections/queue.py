"""The `queue` read model: who has work waiting.

One row per claim that is in somebody's queue:

- `needs_work`: it is assigned and still needs a verdict from its assignee
  (status `open`; `rejected`: the verdict was sent back for rework; `retracted`:
  the published fact-check was withdrawn and needs a new verdict);
- `awaiting_review`: its verdict awaits review (status `in-review`); every user
  but the one who recorded it may review it (the four-eyes rule compares names
  case-insensitively, so `verdict_by_key` keeps the folded name).

A user's queue is their assigned claims plus the verdicts awaiting review that
are not their own (see `queries.queue_for`).
"""

from __future__ import annotations

from typing import Any

from claims.projections.engine import Batch, RowChanges
from claims.projections.factcheck import State
from claims.projections.schema import QUEUE, QUEUE_MODEL

Row = tuple[Any, ...]

_NEEDS_WORK = frozenset({"open", "rejected", "retracted"})


def queue_row(s: State | None) -> Row | None:
    """The claim's queue row, or None when it is in nobody's queue."""
    if s is None:
        return None
    status = s["status"]
    assignee = s["assignee"]
    needs_work = assignee is not None and status in _NEEDS_WORK
    awaiting = status == "in-review"
    if not (needs_work or awaiting):
        return None
    verdict_by = s["verdict_by"]
    return (
        s["id"],
        s["position"],
        status,
        s["text"],
        assignee,
        verdict_by,
        s["rating"],
        int(needs_work),
        int(awaiting),
        s["last_change"],
        verdict_by.casefold() if verdict_by else None,
    )


class QueueProjector:
    model = QUEUE_MODEL

    def stage(self, batch: Batch, cur: Any) -> RowChanges:
        upserts: list[Row] = []
        deletes: list[str] = []
        for before, after in batch.changes():
            new = queue_row(after)
            old = queue_row(before) if before is not None else None
            if new == old:
                continue
            if new is None:
                deletes.append(after["id"])
            else:
                upserts.append(new)
        return RowChanges(QUEUE, upserts, deletes)
