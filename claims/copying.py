"""Copy a desk's whole event store into another store (SQLite to PostgreSQL, say).

Every stored event is copied as it is stored, byte for byte, in log order, a batch
per transaction: the hashes cover the stored states, so the copy verifies with the
same store-wide root. A copy that was killed leaves whole batches behind; run again,
it checks that what the target holds is the start of the source's log and goes on
from there. Anything else in the target is refused: a copy never mixes two desks.

Positions: the target numbers its log afresh. They match the source's wherever the
source's log has no gaps (a SQLite store's never has), and the result says whether
they do, since published anchors (`ROOT@POSITION`) name positions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from claims.audit.rows import log_rows
from claims.audit.verify import Anchor
from claims.errors import ConflictError

COPY_BATCH = 2_000


@dataclass(frozen=True)
class CopyResult:
    copied: int  # events copied by this run
    resumed_from: int  # events the target already held
    events: int  # events in the target now
    anchor: Anchor  # the target's root and last position
    source_position: int  # the source's log position the copy reaches

    @property
    def positions_kept(self) -> bool:
        """Every copied event sits at the same log position in both stores."""
        return self.anchor.position == self.source_position


def copy_store(
    source: Any,
    target: Any,
    *,
    batch: int = COPY_BATCH,
    progress: Callable[[int, int], None] | None = None,
) -> CopyResult:
    """Copy every event of `source` (a ledger), as it verifies now, that `target`
    does not hold yet; the target must be empty or hold a start of this copy.

    ConflictError when the target holds anything else, when the source does not
    verify, or when the copy does not verify to the source's root.
    """
    held = target.verify_store()
    if not held.intact:
        msg = f"the target store does not verify: {held.first_break}"
        raise ConflictError(msg)
    after = _position_of(source, held.events) if held.events else 0
    if after is None:
        raise ConflictError(_not_a_start(held.events))
    # One pass checks the source and, when resuming, that its log up to `after`
    # has the root the target holds.
    ours = source.verify_store(Anchor(held.root, after) if held.events else None)
    if ours.first_break is not None:
        msg = f"this store does not verify, so it is not copied: {ours.first_break}"
        raise ConflictError(msg)
    if ours.anchor_problem is not None:
        raise ConflictError(_not_a_start(held.events))
    copied = 0
    pending: list[StoredEvent] = []
    to_copy = ours.events - held.events

    def insert() -> int:
        return _insert(target, pending, progress, copied, to_copy)

    for page in log_rows(source.recorder, after=after, upto=ours.position).pages():
        for _, aggregate_id, version, topic, state in page:
            stored_id = UUID(hex=aggregate_id)  # each recorder stores a UUID its own way
            pending.append(StoredEvent(stored_id, version, topic, _bytes(state)))
            if len(pending) >= batch:
                copied += insert()
    copied += insert()
    theirs = target.verify_store()
    if not theirs.intact or (theirs.events, theirs.root) != (ours.events, ours.root):
        problem = theirs.first_break or f"{theirs.events} events, root {theirs.root}"
        msg = (
            f"the copy does not match this store ({ours.events} events, root {ours.root}): "
            f"{problem}"
        )
        raise ConflictError(msg)
    return CopyResult(
        copied=copied,
        resumed_from=held.events,
        events=theirs.events,
        anchor=Anchor(theirs.root, theirs.position),
        source_position=ours.position,
    )


def _not_a_start(events: int) -> str:
    return (
        f"the target store holds {events} events that are not the start of this "
        "store's log; copy into an empty store"
    )


def _position_of(source: Any, count: int) -> int | None:
    """The log position of the source's `count`-th event (None: it has fewer)."""
    seen = 0
    for page in log_rows(source.recorder).pages():
        if seen + len(page) >= count:
            return page[count - seen - 1][0]
        seen += len(page)
    return None


def _insert(
    target: Any,
    pending: list[StoredEvent],
    progress: Callable[[int, int], None] | None,
    done: int,
    total: int,
) -> int:
    if not pending:
        return 0
    count = len(pending)
    target.recorder.insert_events(list(pending))  # one transaction: a whole batch or none
    pending.clear()
    if progress is not None:
        progress(done + count, total)
    return count


def _bytes(state: bytes | str) -> bytes:
    return state.encode("utf-8") if isinstance(state, str) else bytes(state)
