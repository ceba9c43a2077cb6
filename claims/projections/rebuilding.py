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
   retired, for the next rebuild or the follower to drop (see `retiring`).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from claims.events_table import RawRow
from claims.projections import tracking
from claims.projections.context import Context, context_of, generation_names, model, target_for
from claims.projections.dialect import Dialect
from claims.projections.engine import Target
from claims.projections.factcheck import ARTICLE_CREATED_TOPIC
from claims.projections.retiring import GENERATION, drop_retired, store_env
from claims.projections.runner import advance, advance_live, current
from claims.projections.schema import (
    BASE,
    BY_NAME,
    DEPENDENTS,
    MODELS,
    WORKERS_TABLE,
)
from claims.projections.tracking import Tracked
from domain.errors import InvalidInput

DEFAULT_BATCH = 50_000
# Below this many events a second process costs more than it saves.
_PARALLEL_FROM = 50_000
_HEX = "0123456789abcdef"


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


@dataclass(frozen=True)
class WorkerRange:
    """One worker's share of the first pass and how far it got (`events`: those of
    its own aggregates, the articles' registrations it also reads left out)."""

    worker: int
    generation: int
    upto: int
    low: str
    high: str | None
    position: int
    done: bool
    events: int


class Superseded(Exception):
    """Another process restarted or finished this rebuild."""


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
    ledger: Any,
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
    ledger: Any = None,
    batch_size: int = DEFAULT_BATCH,
    workers: int | None = None,
    progress: Callable[[Progress], None] | None = None,
    after_batch: Callable[[int], None] | None = None,
) -> RebuildResult:
    started = time.perf_counter()
    run = _Run(ctx, requested, batch_size, started, progress)
    try:
        with run.phase("plan"):
            run.start(workers, can_fork=ledger is not None and ctx.dialect.kind != "memory")
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
                wanted = workers if workers is not None else _default_workers(head)
                self.workers = wanted if can_fork else 1
                self.generations = _start(self.ctx, cur, states, self.chosen)
                self.ranges = _split(self.generations[BASE], head, self.workers)
                _write_ranges(cur, dialect, self.ranges)
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
        ranges = _read_ranges(cur, self.dialect)
        if not ranges or any(r.generation != self.generations[BASE] for r in ranges):
            return False
        self.ranges = ranges
        self.workers = len(ranges)
        self.resumed_from = 0
        self.events = sum(r.events for r in ranges)
        return True

    # --- 2. first pass, claim by claim ---

    def first_pass(self, ledger: Any, after_batch: Callable[[int], None] | None) -> None:
        pending = [r for r in self.ranges if not r.done]
        if len(self.ranges) > 1 and len(pending) > 1 and ledger is not None:
            self._in_processes(ledger, pending)
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
            ranges = _read_ranges(cur, self.dialect)
            if not all(r.done for r in ranges):
                msg = "a worker of the rebuild stopped before the end of its range"
                raise RuntimeError(msg)
            tracking.advance_next(cur, self.dialect, self.chosen, upto)
        self.position = upto

    def _in_processes(self, ledger: Any, pending: list[WorkerRange]) -> None:
        context = multiprocessing.get_context("fork")
        counters = [context.Value("q", 0) for _ in pending]
        errors = context.Queue()
        env = store_env(ledger)
        processes = [
            context.Process(
                target=_worker_main,
                args=(
                    type(ledger),
                    env,
                    self.generations,
                    worker,
                    self.batch_size,
                    counter,
                    errors,
                ),
                daemon=True,
            )
            for worker, counter in zip(pending, counters, strict=True)
        ]
        base = self.events
        try:
            for process in processes:
                process.start()
            # This process has nothing else to do meanwhile; the workers read and
            # fold while it holds the lock.
            drop_retired(self.ctx)
            while any(p.is_alive() for p in processes):
                time.sleep(0.1)
                self.events = base + sum(int(c.value) for c in counters)
                self.report()
            self.events = base + sum(int(c.value) for c in counters)
        finally:
            for process in processes:
                if process.is_alive():
                    process.terminate()
                process.join()
        failed = [p for p in processes if p.exitcode != 0]
        if failed:
            detail = errors.get(timeout=1) if not errors.empty() else f"exit {failed[0].exitcode}"
            errors.close()
            msg = f"a rebuild worker failed: {detail}"
            raise RuntimeError(msg)
        errors.close()

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
                _swap(self.ctx, cur, states[name])
            cur.execute(f"DELETE FROM {WORKERS_TABLE}")  # noqa: S608
        self.report()

    def _check_owned(self, cur: Any) -> dict[str, Tracked]:
        states = tracking.read(cur, self.dialect, lock=True)
        if any(states[n].next_generation != g for n, g in self.generations.items()):
            raise Superseded
        return states


def run_worker(
    ctx: Context,
    target: Target,
    worker: WorkerRange,
    batch_size: int,
    done: Callable[[int], None],
    parent: int | None = None,
) -> None:
    """Fold the events of one id range (and every article's registration) in log
    order, a batch per transaction together with the worker's new position. Claims
    never cross ranges, so a worker only ever loads the rows it wrote itself."""
    dialect = ctx.dialect
    position = worker.position
    bounds = (worker.low, worker.high)
    low, high = bounds

    def own(rows: Sequence[RawRow]) -> int:
        return sum(1 for r in rows if r[1] >= low and (high is None or r[1] < high))

    while True:
        if parent is not None and os.getppid() != parent:
            return  # the coordinator is gone: a rerun resumes from the position
        with dialect.transaction(lock=False) as cur:
            dialect.tune_for_bulk(cur)
            rows = dialect.read_range(
                cur, position, bounds, worker.upto, batch_size, ARTICLE_CREATED_TOPIC
            )
            batch = ctx.batch(target)
            batch.prepare(cur, rows)
            batch.stage(cur)
        more = len(rows) == batch_size
        counted = own(rows)
        with dialect.transaction(lock=True) as cur:
            states = tracking.read(cur, dialect, lock=True)
            stored = _read_range(cur, dialect, worker.worker)
            if (
                states[BASE].next_generation != worker.generation
                or stored is None
                or stored.generation != worker.generation
            ):
                raise Superseded
            if stored.position != position or stored.done:  # another process did this batch
                if stored.done:
                    return
                position = stored.position
                continue
            dialect.tune_for_bulk(cur)
            batch.write(cur)
            if rows:
                position = rows[-1][0]
            p = dialect.param
            cur.execute(
                f"UPDATE {WORKERS_TABLE} SET position = {p}, done = {p}, "  # noqa: S608
                f"events = events + {p} WHERE worker = {p}",
                (position, int(not more), counted, worker.worker),
            )
        done(counted)
        if not more:
            return


def _default_workers(events: int) -> int:
    if events < _PARALLEL_FROM:
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def _split(generation: int, upto: int, workers: int) -> list[WorkerRange]:
    bounds = [_HEX[(16 * k) // workers] if k else "" for k in range(workers)]
    return [
        WorkerRange(
            worker=k,
            generation=generation,
            upto=upto,
            low=low,
            high=bounds[k + 1] if k + 1 < workers else None,
            position=0,
            done=False,
            events=0,
        )
        for k, low in enumerate(bounds)
    ]


def _write_ranges(cur: Any, dialect: Dialect, ranges: list[WorkerRange]) -> None:
    p = dialect.param
    cur.execute(f"DELETE FROM {WORKERS_TABLE}")  # noqa: S608
    cur.executemany(
        f"INSERT INTO {WORKERS_TABLE} (worker, generation, upto, low, high, position, done, "  # noqa: S608
        f"events) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})",
        [(r.worker, r.generation, r.upto, r.low, r.high, 0, 0, 0) for r in ranges],
    )


_RANGE_COLUMNS = "worker, generation, upto, low, high, position, done, events"


def _read_ranges(cur: Any, dialect: Dialect) -> list[WorkerRange]:
    cur.execute(f"SELECT {_RANGE_COLUMNS} FROM {WORKERS_TABLE} ORDER BY worker")  # noqa: S608
    return [_range(row) for row in cur.fetchall()]


def _read_range(cur: Any, dialect: Dialect, worker: int) -> WorkerRange | None:
    cur.execute(
        f"SELECT {_RANGE_COLUMNS} FROM {WORKERS_TABLE} WHERE worker = {dialect.param}",  # noqa: S608
        (worker,),
    )
    row = cur.fetchone()
    return None if row is None else _range(row)


def _range(row: tuple[Any, ...]) -> WorkerRange:
    worker, generation, upto, low, high, position, done, events = row
    return WorkerRange(worker, generation, upto, low, high, position, bool(done), events)


def _worker_main(
    ledger_class: Any,
    env: dict[str, str],
    generations: dict[str, int],
    worker: WorkerRange,
    batch_size: int,
    counter: Any,
    errors: Any,
) -> None:
    """A worker process: its own connections to the store, one id range."""
    parent = os.getppid()
    try:
        ledger = ledger_class(env=env)
        try:
            ctx = context_of(ledger)
            target = target_for({n: generation_names(model(n), g) for n, g in generations.items()})

            def done(events: int) -> None:
                with counter.get_lock():
                    counter.value += events

            run_worker(ctx, target, worker, batch_size, done, parent)
        finally:
            ledger.close()
    except Superseded:
        return
    except BaseException as exc:
        errors.put(f"{type(exc).__name__}: {' '.join(str(exc).split())}")
        raise SystemExit(1) from None


def _start(ctx: Context, cur: Any, states: dict[str, Tracked], chosen: list[str]) -> dict[str, int]:
    """Fresh, empty tables of a new generation for every chosen model."""
    dialect = ctx.dialect
    highest: dict[str, int] = {}
    for name in dialect.read_model_tables(cur):
        match = GENERATION.match(name)
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


def _swap(ctx: Context, cur: Any, tracked: Tracked) -> None:
    dialect = ctx.dialect
    m = model(tracked.name)
    new = tracked.next_generation
    assert new is not None
    for table in m.tables:
        dialect.point_view(cur, table, table.physical(new))
    tracking.promote(cur, dialect, tracked.name)
