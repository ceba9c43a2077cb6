"""Copy a desk's whole event store into another store (SQLite to PostgreSQL, say).

Every stored event is copied as it is stored (the same bytes) in log order, a batch
per transaction, and the copy is verified by recomputing every hash: it must reach
the source's store-wide root. A copy that was killed leaves whole batches behind;
run again, it checks that what the target holds is the start of the source's log
and goes on from there. Anything else in the target is refused: a copy never mixes
two desks.

Positions: the target numbers its log afresh. They match the source's when neither
log has gaps (PostgreSQL's can have them: a rolled-back insert uses up an id), and
the result says whether every one matches, since published anchors
(`ROOT@POSITION`) name positions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, StoredEvent

from claims.audit.verify import Anchor
from claims.errors import ConflictError
from claims.projections.source import EventSource
from claims.storage.log import log_positions, log_rows

COPY_BATCH = 2_000


@dataclass(frozen=True)
class CopyResult:
    copied: int  # events copied by this run
    resumed_from: int  # events the target already held
    events: int  # events in the target now
    anchor: Anchor  # the target's root and last position
    source_position: int  # the source's log position the copy reaches

    positions_kept: bool  # every event sits at the same log position in both stores


def copy_store(
    source: Any,
    target: Any,
    *,
    batch: int = COPY_BATCH,
    progress: Callable[[int, int], None] | None = None,
    source_name: str = "another store",
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
    _mark_unfinished(target, source_name)

    def insert() -> int:
        return _insert(target, pending, progress, copied, to_copy)

    for page in log_rows(source.store, after=after, upto=ours.position).pages():
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
            f"{problem}; empty the target and copy again"
        )
        raise ConflictError(msg)
    _mark_finished(target)
    return CopyResult(
        copied=copied,
        resumed_from=held.events,
        events=theirs.events,
        anchor=Anchor(theirs.root, theirs.position),
        source_position=ours.position,
        positions_kept=_same_positions(source, target, ours.position),
    )


def same_store(a: Any, b: Any) -> bool:
    """Whether two ledgers are open on the same store, however its location was
    spelled (see `Store.same_database`)."""
    return bool(a.store.same_database(b.store))


def _same_positions(source: Any, target: Any, upto: int) -> bool:
    """Every event has the same log position in both stores (read from the
    position column alone)."""
    ours, theirs = log_positions(source.store, upto), log_positions(target.store, None)
    return all(a == b for a, b in zip_longest(ours, theirs))


def _not_a_start(events: int) -> str:
    return (
        f"the target store holds {events} events that are not the start of this "
        "store's log; copy into an empty store"
    )


def _position_of(source: Any, count: int) -> int | None:
    """The log position of the source's `count`-th event (None: it has fewer)."""
    seen = 0
    for page in log_rows(source.store).pages():
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
    try:
        target.recorder.insert_events(list(pending))  # one transaction: a whole batch or none
    except IntegrityError:
        msg = "another copy is writing into the target store; run again when it is done"
        raise ConflictError(msg) from None
    pending.clear()
    if progress is not None:
        progress(done + count, total)
    return count


def _bytes(state: bytes | str) -> bytes:
    return state.encode("utf-8") if isinstance(state, str) else bytes(state)


# A copy under way marks its target, so that a copy cut short is not taken for a
# desk: opening it says so (`unfinished_copy`) until a run of the copy finishes.
_MARK_TABLE = "claims_copy_unfinished"


def _mark_unfinished(target: Any, source_name: str) -> None:
    store = target.store
    with store.transaction(lock=True) as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {_MARK_TABLE} (source TEXT NOT NULL)")
        cursor.execute(f"DELETE FROM {_MARK_TABLE}")  # noqa: S608
        statement = f"INSERT INTO {_MARK_TABLE} (source) VALUES ({store.param})"  # noqa: S608
        cursor.execute(statement, (source_name,))


def _mark_finished(target: Any) -> None:
    with target.store.transaction(lock=True) as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_MARK_TABLE}")


def unfinished_copy(ledger: EventSource) -> str | None:
    """The source a copy into this store was cut short from, or None (one cheap query)."""
    store = ledger.store
    if not store.shared:
        return None
    with store.transaction() as cursor:
        if not store.table_exists(cursor, _MARK_TABLE):
            return None
        cursor.execute(f"SELECT source FROM {_MARK_TABLE}")  # noqa: S608
        row = cursor.fetchone()
    return str(row[0]) if row is not None else "another store"
