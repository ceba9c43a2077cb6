"""Verify: rebuild into scratch tables and compare them with the live ones.

The scratch tables are temporary tables of one connection (dropped with it), so
nothing is left behind whatever happens. They are filled in batches up to the
head of the log as it was when the verification started; then, in one locked
transaction, the live models are caught up and the scratch tables brought to the
same position, and the two are compared with EXCEPT in both directions, over
every column, hidden state included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

from claims.projections import tracking
from claims.projections.applying import advance, advance_live, current, live_group
from claims.projections.context import Context, context_of, generation_names, model, target_for
from claims.projections.rebuilding import DEFAULT_BATCH
from claims.projections.schema import BASE, BY_NAME, MODELS, PACKED_COLUMN, Table
from claims.projections.source import EventSource
from claims.projections.tracking import Tracked
from domain.errors import InvalidInput

SHOWN_PER_TABLE = 50


@dataclass(frozen=True)
class RowDifference:
    """A row that differs: `changed` (both have it), `extra` (only the live table
    has it) or `missing` (only the rebuild has it); the columns that differ."""

    table: str
    key: str
    kind: str
    columns: dict[str, tuple[Any, Any]]


@dataclass(frozen=True)
class ModelCheck:
    name: str
    rows: int
    problem: str | None = None
    differences: list[RowDifference] = field(default_factory=list)
    total_differences: int = 0

    @property
    def identical(self) -> bool:
        return self.problem is None and self.total_differences == 0


@dataclass(frozen=True)
class Verification:
    position: int
    models: list[ModelCheck]

    @property
    def identical(self) -> bool:
        return all(m.identical for m in self.models)


def verify(
    ledger: EventSource,
    names: list[str] | None = None,
    *,
    batch_size: int = DEFAULT_BATCH,
    catch_up_first: bool = True,
) -> Verification:
    """Compare the named read models (all by default) with a fresh rebuild.

    With `catch_up_first=False` the live models are compared as they are, with a
    rebuild up to their own position (what a crash must leave consistent).
    """
    wanted = names or [m.name for m in MODELS]
    unknown = [n for n in wanted if n not in BY_NAME]
    if unknown:
        msg = f"no read model named {unknown[0]!r} (known: {', '.join(BY_NAME)})"
        raise InvalidInput(msg)
    ctx = context_of(ledger)
    built = [m.name for m in MODELS if m.name in wanted or m.name == BASE]
    scratch = {n: {t.key: t.scratch() for t in model(n).tables} for n in built}
    target = target_for(scratch)
    dialect = ctx.dialect
    with dialect.pinned():
        try:
            with dialect.transaction(lock=False) as cur:
                for n in built:
                    for table in model(n).tables:
                        dialect.drop_table(cur, table.scratch())
                        dialect.create_table(cur, table, table.scratch(), temporary=True)
                states = tracking.read(cur, dialect, lock=False)
                upto = dialect.head(cur) if catch_up_first else states[BASE].position
            position = _fill(ctx, target, upto, batch_size)
            with dialect.transaction(lock=True) as cur:
                states = tracking.read(cur, dialect, lock=True)
                if catch_up_first:
                    upto = dialect.head(cur)
                    advance_live(ctx, cur, states, upto=upto)
                    states = tracking.read(cur, dialect, lock=True)
                advance(ctx, cur, target, position, upto, None, batch_size)
                checks = [_check(ctx, cur, states, name) for name in wanted]
        finally:
            with dialect.transaction(lock=False) as cur:
                for n in built:
                    for table in model(n).tables:
                        dialect.drop_table(cur, table.scratch())
    return Verification(position=upto, models=checks)


def _fill(ctx: Context, target: Any, upto: int, batch_size: int) -> int:
    position = 0
    while True:
        with ctx.dialect.transaction(lock=False) as cur:
            rows = ctx.dialect.read_events(cur, position, batch_size, upto)
            if not rows:
                return position
            batch = ctx.batch(target)
            batch.prepare(cur, rows)
            batch.flush(cur)
        position = rows[-1][0]
        if len(rows) < batch_size:
            return position


def _check(ctx: Context, cur: Any, states: dict[str, Tracked], name: str) -> ModelCheck:
    tracked = states[name]
    if not tracked.built:
        return ModelCheck(name, 0, problem="never built")
    if not current(states, name):
        return ModelCheck(
            name,
            0,
            problem=f"built by version {tracked.version}, the code is version "
            f"{model(name).version}: rebuild it",
        )
    if name not in live_group(states):
        return ModelCheck(name, 0, problem=f"out of step with {BASE}: rebuild it")
    live = generation_names(model(name), tracked.generation)
    rows = 0
    differences: list[RowDifference] = []
    total = 0
    for table in model(name).tables:
        count, shown, found = _compare(cur, table, live[table.key], table.scratch())
        rows += count
        differences.extend(shown)
        total += found
    return ModelCheck(name, rows, differences=differences, total_differences=total)


def _compare(
    cur: Any, table: Table, live: str, rebuilt: str
) -> tuple[int, list[RowDifference], int]:
    """(rows in the live table, the first differences, how many rows differ)."""
    names = table.stored_names
    columns = ", ".join(names)
    cur.execute(f"SELECT COUNT(*) FROM {live}")  # noqa: S608
    count = int(cur.fetchone()[0])
    cur.execute(f"SELECT {columns} FROM {live} EXCEPT SELECT {columns} FROM {rebuilt}")  # noqa: S608
    only_live = {row[0]: row for row in cur.fetchall()}
    cur.execute(f"SELECT {columns} FROM {rebuilt} EXCEPT SELECT {columns} FROM {live}")  # noqa: S608
    only_rebuilt = {row[0]: row for row in cur.fetchall()}
    keys = sorted(set(only_live) | set(only_rebuilt), key=str)
    shown: list[RowDifference] = []
    for key in keys[:SHOWN_PER_TABLE]:
        a = only_live.get(key)
        b = only_rebuilt.get(key)
        if a is not None and b is not None:
            kind = "changed"
            columns_differing = _differing(table, a, b)
        elif a is not None:
            kind = "extra"
            columns_differing = {n: (x, None) for n, x in zip(names, a, strict=True)}
        else:
            assert b is not None
            kind = "missing"
            columns_differing = {n: (None, y) for n, y in zip(names, b, strict=True)}
        shown.append(RowDifference(table.key, str(key), kind, columns_differing))
    return count, shown, len(keys)


def _differing(
    table: Table, live: tuple[Any, ...], rebuilt: tuple[Any, ...]
) -> dict[str, tuple[Any, Any]]:
    """The fields that differ, packed ones compared one by one."""
    names = table.stored_names
    out = {
        n: (x, y)
        for n, x, y in zip(names, live, rebuilt, strict=True)
        if x != y and n != PACKED_COLUMN
    }
    if table.packed and live[-1] != rebuilt[-1]:
        try:
            old, new = orjson.loads(live[-1]), orjson.loads(rebuilt[-1])
        except orjson.JSONDecodeError:
            out[PACKED_COLUMN] = (live[-1], rebuilt[-1])
        else:
            for column, x, y in zip(table.packed, old, new, strict=False):
                if x != y:
                    out[column.name] = (x, y)
            if len(old) != len(new):
                out[PACKED_COLUMN] = (live[-1], rebuilt[-1])
    return out
