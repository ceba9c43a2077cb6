"""The tracking table: per read model, its live generation, code version and position.

One row per read model:

- `version`, `generation`, `position`: the live tables (`rm_<table>_g<generation>`)
  were built by code version `version` and hold every event up to notification id
  `position`. `generation` 0 means the model was never built.
- `next_generation`, `next_version`, `next_position`: a rebuild in progress (or
  killed half-way): its tables hold every event up to `next_position`. A rerun
  with the same code version resumes from there.

A model's rows and its position change in the same transaction, always. The live
position is recorded and read through `ReadModelTracker`, the library's
`TrackingRecorder` over this table: a read model's name is the tracking's
application name, its live position the notification id.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from threading import Event
from typing import Any

from eventsourcing.persistence import (
    IntegrityError,
    Tracking,
    TrackingRecorder,
    WaitInterruptedError,
)

from claims.projections.dialect import Dialect
from claims.projections.schema import MODELS, TRACKING_TABLE, WORKERS_TABLE

# The channel a follower NOTIFYs the read models' new position on (PostgreSQL), in
# the transaction that applied the events up to it; the payload is the position.
POSITION_CHANNEL = "rm_positions"

_COLUMNS = (
    "name, version, position, generation, next_generation, next_version, next_position, updated_at"
)


@dataclass(frozen=True)
class Tracked:
    name: str
    version: int | None
    position: int
    generation: int
    next_generation: int | None
    next_version: int | None
    next_position: int | None
    updated_at: str | None

    @property
    def built(self) -> bool:
        return self.generation > 0

    @property
    def rebuilding(self) -> bool:
        return self.next_generation is not None


def ensure(dialect: Dialect) -> None:
    """Create the tracking table and one row per known model, if missing."""
    p = dialect.param
    big = dialect.column_type("int")
    with dialect.transaction(lock=True) as cur:
        dialect.schema_lock(cur)
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {TRACKING_TABLE} ("
            "name TEXT PRIMARY KEY, version INTEGER, "
            f"position {big} NOT NULL DEFAULT 0, generation INTEGER NOT NULL DEFAULT 0, "
            f"next_generation INTEGER, next_version INTEGER, next_position {big}, "
            "updated_at TEXT)"
        )
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {WORKERS_TABLE} ("
            "worker INTEGER PRIMARY KEY, generation INTEGER NOT NULL, "
            f"upto {big} NOT NULL, low TEXT NOT NULL, high TEXT, position {big} NOT NULL, "
            f"done INTEGER NOT NULL DEFAULT 0, events {big} NOT NULL DEFAULT 0)"
        )
        for model in MODELS:
            cur.execute(
                f"INSERT INTO {TRACKING_TABLE} (name) VALUES ({p}) "  # noqa: S608
                "ON CONFLICT (name) DO NOTHING",
                (model.name,),
            )


def read(cur: Any, dialect: Dialect, *, lock: bool) -> dict[str, Tracked]:
    """Every model's row; with `lock`, held until the transaction ends (PostgreSQL)."""
    clause = dialect.lock_clause if lock else ""
    cur.execute(f"SELECT {_COLUMNS} FROM {TRACKING_TABLE} ORDER BY name{clause}")  # noqa: S608
    return {row[0]: Tracked(*row) for row in cur.fetchall()}


class ReadModelTracker(TrackingRecorder):
    """The library's tracking recorder, over the read models' tracking table."""

    def __init__(self, dialect: Dialect) -> None:
        self._dialect = dialect

    def insert_tracking(self, tracking: Tracking) -> None:
        with self._dialect.transaction(lock=True) as cur:
            self.record(cur, tracking)

    def record(self, cur: Any, *trackings: Tracking) -> None:
        """Record live positions inside the caller's transaction, the one that wrote
        the models' rows up to them (the library's `_insert_tracking` contract); one
        statement for all the models of a page. As the library's recorders do, a
        position a model holds already (or passed) is an IntegrityError: the events
        up to it were applied, and applying them again would count them twice.

        On PostgreSQL the same statement NOTIFYs the position on `POSITION_CHANNEL`,
        delivered when the transaction commits: a writer waiting for its events to
        be applied (`claims.projections.positions`) wakes on it instead of polling.
        The notification rides in the UPDATE (a one-row FROM) to cost no round trip;
        PostgreSQL delivers one notification per channel and payload per transaction,
        however often the subquery runs."""
        p = self._dialect.param
        by_position: dict[int, list[str]] = {}
        for t in trackings:
            by_position.setdefault(t.notification_id, []).append(t.application_name)
        for position, names in by_position.items():
            marks = ", ".join(p for _ in names)
            if self._dialect.notifies:
                announced = f"FROM (SELECT pg_notify({p}, {p})) AS announced "
                params: tuple[Any, ...] = (position, _now(), POSITION_CHANNEL, str(position))
            else:
                announced = ""
                params = (position, _now())
            cur.execute(
                f"UPDATE {TRACKING_TABLE} SET position = {p}, updated_at = {p} "  # noqa: S608
                f"{announced}WHERE name IN ({marks}) AND position < {p}",
                (*params, *names, position),
            )
            if cur.rowcount != len(names):
                msg = f"a read model of {', '.join(names)} is at or past {position} already"
                raise IntegrityError(msg)

    def max_tracking_id(self, application_name: str) -> int | None:
        """The live position of a built model; None for one never built."""
        p = self._dialect.param
        with self._dialect.transaction(lock=False) as cur:
            cur.execute(
                f"SELECT position FROM {TRACKING_TABLE} "  # noqa: S608
                f"WHERE name = {p} AND generation > 0",
                (application_name,),
            )
            row = cur.fetchone()
        return None if row is None else int(row[0])

    def wait(
        self,
        application_name: str,
        notification_id: int | None,
        timeout: float = 1.0,
        interrupt: Event | None = None,
    ) -> None:
        """The library's wait, polling from 1 ms up to 20 ms instead of from 100 ms up
        to 800 ms: a write command waits here for a follower to apply its events
        (read-your-writes), and a follower takes a few milliseconds."""
        deadline = time.monotonic() + timeout
        pause = 0.001
        while not self.has_tracking_id(application_name, notification_id):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                msg = f"the {application_name} read model did not reach {notification_id}"
                raise TimeoutError(msg)
            if interrupt is not None:
                if interrupt.wait(min(pause, remaining)):
                    raise WaitInterruptedError
            else:
                time.sleep(min(pause, remaining))
            pause = min(pause * 2, 0.02)


def advance_next(cur: Any, dialect: Dialect, names: list[str], position: int) -> None:
    """The rebuild tables of `names` now hold every event up to `position`."""
    p = dialect.param
    cur.executemany(
        f"UPDATE {TRACKING_TABLE} SET next_position = {p}, updated_at = {p} WHERE name = {p}",  # noqa: S608
        [(position, _now(), name) for name in names],
    )


def start_next(cur: Any, dialect: Dialect, name: str, generation: int, version: int) -> None:
    p = dialect.param
    cur.execute(
        f"UPDATE {TRACKING_TABLE} SET next_generation = {p}, next_version = {p}, "  # noqa: S608
        f"next_position = 0, updated_at = {p} WHERE name = {p}",
        (generation, version, _now(), name),
    )


def promote(cur: Any, dialect: Dialect, name: str) -> None:
    """The rebuild's tables become the live ones (the caller has switched the views)."""
    p = dialect.param
    cur.execute(
        f"UPDATE {TRACKING_TABLE} SET generation = next_generation, version = next_version, "  # noqa: S608
        "position = next_position, next_generation = NULL, next_version = NULL, "
        f"next_position = NULL, updated_at = {p} WHERE name = {p}",
        (_now(), name),
    )


def _now() -> str:
    return datetime.now(UTC).isoformat()
