"""The first pass of a rebuild: one range of aggregate ids per worker, each folded
in log order (see `rebuilding`, which plans the ranges and runs this pass).

A worker reads its claims' events and every article's registration in bulk, folds
a batch, and writes the batch's rows and its new position in one locked
transaction, checking first that its range and generation are still the ones in
the tracking tables (else another process restarted or finished the rebuild).
A worker killed at any point leaves whole batches and its position; a rerun
resumes from there.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from claims.projections import tracking
from claims.projections.context import Context, context_of, generation_names, model, target_for
from claims.projections.dialect import Dialect
from claims.projections.engine import Target
from claims.projections.factcheck import ARTICLE_CREATED_TOPIC
from claims.projections.schema import BASE, WORKERS_TABLE
from claims.projections.source import EventSource
from claims.storage.events import RawRow

# Below this many events a second process costs more than it saves.
_PARALLEL_FROM = 50_000
_HEX = "0123456789abcdef"


class Superseded(Exception):
    """Another process restarted or finished this rebuild."""


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


def in_processes(
    ledger: EventSource,
    generations: dict[str, int],
    pending: list[WorkerRange],
    batch_size: int,
    progress: Callable[[int], None],
    meanwhile: Callable[[], object],
) -> None:
    """Run each pending range in a worker process of its own (forked: the modules
    are loaded already; each opens its own connections). `progress(events)` gets
    the workers' events so far every 0.1 s; `meanwhile()` runs once the workers
    have started."""
    context = multiprocessing.get_context("fork")
    counters = [context.Value("q", 0) for _ in pending]
    errors = context.Queue()
    store = ledger.store
    env = store.worker_settings(ledger.env)
    processes = [
        context.Process(
            target=_worker_main,
            args=(
                type(ledger),
                store.location,
                env,
                generations,
                worker,
                batch_size,
                counter,
                errors,
            ),
            daemon=True,
        )
        for worker, counter in zip(pending, counters, strict=True)
    ]
    try:
        for process in processes:
            process.start()
        meanwhile()
        while any(p.is_alive() for p in processes):
            time.sleep(0.1)
            progress(sum(int(c.value) for c in counters))
        progress(sum(int(c.value) for c in counters))
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


def default_workers(events: int) -> int:
    if events < _PARALLEL_FROM:
        return 1
    return max(1, min(2, os.cpu_count() or 1))


def split(generation: int, upto: int, workers: int) -> list[WorkerRange]:
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


def write_ranges(cur: Any, dialect: Dialect, ranges: list[WorkerRange]) -> None:
    p = dialect.param
    cur.execute(f"DELETE FROM {WORKERS_TABLE}")  # noqa: S608
    cur.executemany(
        f"INSERT INTO {WORKERS_TABLE} (worker, generation, upto, low, high, position, done, "  # noqa: S608
        f"events) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})",
        [(r.worker, r.generation, r.upto, r.low, r.high, 0, 0, 0) for r in ranges],
    )


_RANGE_COLUMNS = "worker, generation, upto, low, high, position, done, events"


def read_ranges(cur: Any, dialect: Dialect) -> list[WorkerRange]:
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
    location: Any,
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
        ledger = ledger_class(location, env)
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
