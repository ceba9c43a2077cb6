"""What the projections keep per ledger object: its dialect, decoder and topic table.

Kept in a weak mapping, so it lives exactly as long as the ledger does.
"""

from __future__ import annotations

import threading
from typing import Any
from weakref import WeakKeyDictionary

from claims.projections import tracking
from claims.projections.decoding import Decoder
from claims.projections.dialect import Dialect, dialect_for
from claims.projections.engine import Batch, Derived, Names, Target, Topics
from claims.projections.schema import (
    BASE,
    BY_NAME,
    DEPENDENTS,
    MODELS,
    TRACKING_TABLE,
    WORKERS_TABLE,
    Model,
)
from claims.projections.source import EventSource


class Context:
    def __init__(self, ledger: EventSource) -> None:
        self.dialect: Dialect = dialect_for(ledger.store)
        self.decoder = Decoder(ledger.mapper)
        self.topics = Topics(self.decoder, observed_topics())
        self.tracker = tracking.ReadModelTracker(self.dialect)
        self._ready = False
        self._lock = threading.Lock()

    def ensure(self) -> None:
        """The tracking table and its rows exist (created once, by whoever comes first)."""
        if self._ready:
            return
        with self._lock:
            if self._ready:
                return
            if not self._tracking_complete():
                tracking.ensure(self.dialect)
            self._ready = True

    def tracked(self) -> bool:
        """Whether the tracking table and its rows exist, found by reading only
        (what a query asks: a read never creates them)."""
        if not self._ready:
            self._ready = self._tracking_complete()
        return self._ready

    def _tracking_complete(self) -> bool:
        dialect = self.dialect
        with dialect.transaction(lock=False) as cur:
            for table in (TRACKING_TABLE, WORKERS_TABLE):
                if not dialect.table_exists(cur, table):
                    return False
            cur.execute(f"SELECT name FROM {TRACKING_TABLE}")  # noqa: S608
            names = {row[0] for row in cur.fetchall()}
        return all(model.name in names for model in MODELS)

    def batch(self, target: Target) -> Batch:
        return Batch(self.dialect, self.decoder, self.topics, target)


_contexts: WeakKeyDictionary[Any, Context] = WeakKeyDictionary()
_contexts_lock = threading.Lock()


def context_of(ledger: EventSource, *, create: bool = True) -> Context:
    """The ledger's projection context, made on first use, with the schema ensured
    (unless `create` is off: a query's context creates nothing, see `Context.tracked`)."""
    with _contexts_lock:
        found = _contexts.get(ledger)
        if found is None:
            found = Context(ledger)
            _contexts[ledger] = found
    if create:
        found.ensure()
    return found


def projector(name: str) -> Derived:
    """The projector object of a derived model."""
    from claims.projections.appearances import AppearancesProjector
    from claims.projections.articles import ArticlesProjector
    from claims.projections.claimreview import ClaimReviewProjector
    from claims.projections.decisions import DecisionsProjector
    from claims.projections.queue import QueueProjector

    projectors: dict[str, Derived] = {
        "articles": ArticlesProjector(),
        "queue": QueueProjector(),
        "claimreview": ClaimReviewProjector(),
        "decisions": DecisionsProjector(),
        "appearances": AppearancesProjector(),
    }
    return projectors[name]


def observed_topics() -> frozenset[str]:
    """The topics whose events a derived model reads one by one (see `engine`)."""
    topics: set[str] = set()
    for name in DEPENDENTS:
        topics.update(getattr(projector(name), "observes", ()))
    return frozenset(topics)


def target_for(names: dict[str, Names]) -> Target:
    """A batch target writing the given models' tables (the base must be among them)."""
    return Target(
        base=names[BASE],
        derived=tuple((projector(n), names[n]) for n in names if n != BASE),
    )


def generation_names(model: Model, generation: int) -> Names:
    return {table.key: table.physical(generation) for table in model.tables}


def model(name: str) -> Model:
    return BY_NAME[name]
