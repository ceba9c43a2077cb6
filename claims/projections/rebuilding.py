"""Batch rebuild: fill the next generation beside the live one, then swap atomically.

1. Plan (under the lock). A rebuild always includes `factcheck`, the claim state
   every other model derives from, and every derived model that could not follow
   the new base (never built, built by another code version, out of step). It
   creates empty tables of a new generation (no secondary indexes yet), records
   the head of the log as the first pass's end (`upto`) and splits the aggregate
   ids into one range per worker. A rebuild that was killed left all of this in
   the tracking tables; a rerun by the same code version resumes where it stopped.
2. First pass: each worker takes the events of one range of aggregate ids (claims
   never share state, so ranges are independent) and every article's registration
   (the articles are the only state claims share: each worker writes the same
   catalogue entries, and an article's counters keep what the other worker
   counted), reads them in log order in bulk (one query per batch, one pass over
   the log), folds them and writes a batch's rows with its new position in one
   transaction. With several workers (processes) the reading, decoding and
   folding run in parallel; the writes take turns on the store's lock. Nothing is
   held across batches: memory is bounded by the batch size.
3. Then, in log order, the events appended since `upto`; indexes are created;
   and in one locked transaction the live models and the new generation are
   brought to the same head, the views switched and the tracking rows promoted.
   Readers see the old view or the new, never half. The old generation is left
   retired, for a process of its own to drop (see `generations`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from claims.projections import tracking
from claims.projections.applying import advance, advance_live, current
from claims.projections.context import Context, context_of, generation_names, model, target_for
from claims.projections.dialect import Dialect
from claims.projections.engine import Target
from claims.projections.first_pass import (
    Superseded,
    WorkerRange,
    default_workers,
    in_processes,
    read_ranges,
    run_worker,
    split,
    write_ranges,
)
from claims.projections.generations import drop_retired, start_next, swap_in
from claims.projections.schema import (
    BASE,
    BY_NAME,
    DEPENDENTS,
    MODELS,
    WORKERS_TABLE,
)
from claims.projections.source import EventSource
from claims.projections.tracking import Tracked
from domain.errors import InvalidInput

DEFAULT_BATCH = 50_000


@dataclass(frozen=True)
class Progress:
    """How far a rebuild got: events done of about `total`, after `seconds`."""

    done: int
    total: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class RebuildResult:
    models: tuple[str, ...]
    events: int
    position: int
    seconds: float
    resumed_from: int | None
    swapped: bool
    workers: int = 1
    # Seconds per phase (plan, articles, first pass, rest of the log, indexes, swap),
    # for an operator to see where a rebuild's time goes.
    phases: tuple[tuple[str, float], ...] = ()

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0


def plan(states: dict[str, Tracked], requested: Iterable[str]) -> list[str]:
    """The models a rebuild of `requested` must build, in schema order."""
    chosen = {*requested, BASE}
    base_ok = current(states, BASE)
    at = states[BASE].position
    for name in DEPENDENTS:
        if not base_ok or not current(states, name) or states[name].position != at:
            chosen.add(name)
    return [m.name for m in MODELS if m.name in chosen]


def rebuild(
    ledger: EventSource,
    names: Sequence[str] | None = None,
    *,
    batch_size: int = DEFAULT_BATCH,
    workers: int | None = None,
    progress: Callable[[Progress], None] | None = None,
    after_batch: Callable[[int], None] | None = None,
) -> RebuildResult:
    """Rebuild the named read models (all when `names` is None) and swap them in.

    `workers`: processes for the first pass (default: up to 2 for big stores;
    always 1 for the in-memory store). `after_batch(events so far)` runs after
    each committed batch of the first pass when there is one worker (a test hook).
    """
    wanted = list(names) if names else [m.name for m in MODELS]
    unknown = [n for n in wanted if n not in BY_NAME]
    if unknown:
        known = ", ".join(BY_NAME)
        msg = f"no read model named {unknown[0]!r} (known: {known})"
        raise InvalidInput(msg)
    if batch_size < 1:
        msg = "the batch size must be at least 1"
        raise InvalidInput(msg)
    if workers is not None and workers < 1:
        msg = "the number of workers must be at least 1"
        raise InvalidInput(msg)
    return rebuild_models(
        context_of(ledger),
        wanted,
        ledger=ledger,
        batch_size=batch_size,
        workers=workers,
        progress=progress,
        after_batch=after_batch,
    )


def rebuild_models(
    ctx: Context,
    requested: Sequence[str],
    *,
    ledger: EventSource | None = None,
    batch_size: int = DEFAULT_BATCH,
    workers: int | None = None,
    progress: Callable[[Progress], None] | None = None,
    after_batch: Callable[[int], None] | None = None,
) -> RebuildResult:
    started = time.perf_counter()
    run = _Run(ctx, requested, batch_size, started, progress)
    try:
        with run.phase("plan"):
            run.start(workers, can_fork=ledger is not None and ctx.dialect.store.shared)
        if not run.first_pass_done:
            with run.phase("first pass"):
                run.first_pass(ledger, after_batch)
        with run.phase("rest of the log"):
            run.log_order_pass()
        with run.phase("indexes"):
            run.create_indexes()
        with run.phase("swap"):
            run.swap()
    except Superseded:
        return run.result(swapped=False)
    return run.result(swapped=True)


class _Run:
    """One rebuild, phase by phase (see the module's docstring)."""

    def __init__(
        self,
        ctx: Context,
        requested: Sequence[str],
        batch_size: int,
        started: float,
        progress: Callable[[Progress], None] | None,
    ) -> None:
        self.ctx = ctx
        self.dialect: Dialect = ctx.dialect
        self.requested = requested
        self.batch_size = batch_size
        self.started = started
        self.progress = progress
        self.chosen: list[str] = []
        self.generations: dict[str, int] = {}
        self.ranges: list[WorkerRange] = []
        self.position = 0
        self.events = 0
        self.total = 0
        self.resumed_from: int | None = None
        self.first_pass_done = False
        self.workers = 1
        self.events_before = 0
        self.phases: list[tuple[str, float]] = []

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        began = time.perf_counter()
        try:
            yield
        finally:
            self.phases.append((name, time.perf_counter() - began))

    @property
    def target(self) -> Target:
        return target_for({n: generation_names(model(n), self.generations[n]) for n in self.chosen})

    def report(self) -> None:
        if self.progress is not None:
            seconds = time.perf_counter() - self.started
            self.progress(Progress(self.events, max(self.total, self.events), seconds))

    def result(self, *, swapped: bool) -> RebuildResult:
        return RebuildResult(
            models=tuple(self.chosen),
            events=self.events - self.events_before,
            position=self.position,
            seconds=time.perf_counter() - self.started,
            resumed_from=self.resumed_from,
            swapped=swapped,
            workers=self.workers,
            phases=tuple(self.phases),
        )

    # --- 1. plan ---

    def start(self, workers: int | None, *, can_fork: bool) -> None:
        dialect = self.dialect
        with dialect.transaction(lock=True) as cur:
            states = tracking.read(cur, dialect, lock=True)
            self.chosen = plan(states, self.requested)
            head = dialect.head(cur)
            resumed = self._resume(cur, states)
            if not resumed:
                wanted = workers if workers is not None else default_workers(head)
                self.workers = wanted if can_fork else 1
                self.generations = start_next(self.ctx, cur, states, self.chosen)
                self.ranges = split(self.generations[BASE], head, self.workers)
                write_ranges(cur, dialect, self.ranges)
        self.total = head - self.position
        self.events_before = self.events

    def _resume(self, cur: Any, states: dict[str, Tracked]) -> bool:
        positions = set()
        for name in self.chosen:
            tracked = states[name]
            if tracked.next_generation is None or tracked.next_version != model(name).version:
                return False
            positions.add(tracked.next_position or 0)
        if len(positions) != 1:
            return False
        self.generations = {n: states[n].next_generation or 0 for n in self.chosen}
        position = positions.pop()
        if position > 0:
            self.first_pass_done = True
            self.position = self.resumed_from = position
            return True
        ranges = read_ranges(cur, self.dialect)
        if not ranges or any(r.generation != self.generations[BASE] for r in ranges):
            return False
        self.ranges = ranges
        self.workers = len(ranges)
        self.resumed_from = 0
        self.events = sum(r.events for r in ranges)
        return True

    # --- 2. first pass, claim by claim ---

    def first_pass(
        self, ledger: EventSource | None, after_batch: Callable[[int], None] | None
    ) -> None:
        pending = [r for r in self.ranges if not r.done]
        if len(self.ranges) > 1 and len(pending) > 1 and ledger is not None:
            base = self.events

            def progress(events: int) -> None:
                self.events = base + events
                self.report()

            # This process has nothing else to do meanwhile: it drops what earlier
            # rebuilds retired while the workers read and fold.
            in_processes(
                ledger,
                self.generations,
                pending,
                self.batch_size,
                progress,
                lambda: drop_retired(self.ctx),
            )
        else:
            drop_retired(self.ctx)
            for worker in pending:

                def done(events: int) -> None:
                    self.events += events
                    self.report()
                    if after_batch is not None:
                        after_batch(self.events)

                run_worker(self.ctx, self.target, worker, self.batch_size, done)
        upto = self.ranges[0].upto
        with self.dialect.transaction(lock=True) as cur:
            self._check_owned(cur)
            ranges = read_ranges(cur, self.dialect)
            if not all(r.done for r in ranges):
                msg = "a worker of the rebuild stopped before the end of its range"
                raise RuntimeError(msg)
            tracking.advance_next(cur, self.dialect, self.chosen, upto)
        self.position = upto

    # --- 3. the rest of the log, indexes, swap ---

    def log_order_pass(self) -> None:
        dialect = self.dialect
        target = self.target
        while True:
            with dialect.transaction(lock=False) as cur:
                dialect.tune_for_bulk(cur)
                rows = dialect.read_events(cur, self.position, self.batch_size, None)
                if not rows:
                    return
                batch = self.ctx.batch(target)
                batch.prepare(cur, rows)
                batch.stage(cur)
            with dialect.transaction(lock=True) as cur:
                states = self._check_owned(cur)
                stored = states[BASE].next_position or 0
                if stored != self.position:  # another process got ahead
                    self.position = stored
                    continue
                dialect.tune_for_bulk(cur)
                batch.write(cur)
                self.position = rows[-1][0]
                tracking.advance_next(cur, dialect, self.chosen, self.position)
            self.events += len(rows)
            self.report()
            if len(rows) < self.batch_size:
                return

    def create_indexes(self) -> None:
        with self.dialect.transaction(lock=True) as cur:
            self._check_owned(cur)
            self.dialect.tune_for_bulk(cur)
            for name in self.chosen:
                for table in model(name).tables:
                    self.dialect.create_indexes(cur, table, table.physical(self.generations[name]))

    def swap(self) -> None:
        dialect = self.dialect
        with dialect.transaction(lock=True) as cur:
            states = self._check_owned(cur)
            head = dialect.head(cur)
            advance_live(self.ctx, cur, states, upto=head)

            def record(at: int) -> None:
                tracking.advance_next(cur, dialect, self.chosen, at)

            events, self.position = advance(
                self.ctx,
                cur,
                self.target,
                states[BASE].next_position or 0,
                head,
                record,
                self.batch_size,
            )
            self.events += events
            for name in self.chosen:
                swap_in(self.ctx, cur, states[name])
            cur.execute(f"DELETE FROM {WORKERS_TABLE}")  # noqa: S608
        self.report()

    def _check_owned(self, cur: Any) -> dict[str, Tracked]:
        states = tracking.read(cur, self.dialect, lock=True)
        if any(states[n].next_generation != g for n, g in self.generations.items()):
            raise Superseded
        return states
