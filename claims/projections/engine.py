"""One batch of events through the read models: load, fold, derive, write.

The same code serves the incremental catch-up (a handful of events, live tables)
and the batch rebuild (tens of thousands of events, the next generation's tables):

1. `prepare`: the rows of the claims the batch touches are loaded from the base
   table in bulk (one query per 900 ids), every event is decoded once and folded
   into its claim's state in memory (`factcheck`).
2. `flush`: each touched claim's row is written once (`executemany`), and each
   derived read model turns the claims' before/after states into its own row
   changes (`queue`, `claimreview`: one row per claim; `articles`: counters).
   A model that needs the events themselves, not only the states they leave
   (`decisions`: one row per verdict, publication, correction...), names their
   topics; the batch keeps those events, decoded, in `observed`.

Nothing survives the batch, so memory is bounded by the batch size, not the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Protocol

import orjson

from claims.projections.decoding import Decoder
from claims.projections.dialect import Dialect
from claims.projections.factcheck import (
    ARTICLE_CREATED_TOPIC,
    CLAIM_CREATED_TOPIC,
    CLAIM_TOPIC_PREFIX,
    ClaimHandler,
    State,
    claim_topics,
    dashed,
    new_article,
    new_claim,
    status_of,
    touched,
)
from claims.projections.schema import CATALOGUE, CLAIMS, Model, Table
from claims.storage.events import RawRow

_CREATED = 1
_CLAIM = 2
_ARTICLE = 3
_IGNORED = 0

Names = dict[str, str]  # table key -> the physical table this batch writes
# An event kept for the models that observe its topic: (position, aggregate id as
# 32 hex digits, version, topic, decoded payload).
Observed = tuple[int, str, int, str, dict[str, Any]]
# What the fold does with a topic: (kind, handler, class version, observed).
Kind = tuple[int, ClaimHandler | None, int, bool]


class Staged(Protocol):
    """A derived model's row changes for one batch, ready to be written."""

    def write(self, batch: Batch, cur: Any, names: Names) -> None: ...


class Derived(Protocol):
    """A read model that derives its rows from the claims' state changes."""

    model: Model

    def stage(self, batch: Batch, cur: Any) -> Staged:
        """Work out the row changes (reads only: the catalogue may be looked up)."""
        ...


class RowChanges:
    """A one-row-per-claim model's changes: rows to delete by key, rows to upsert."""

    def __init__(self, table: Table, upserts: list[tuple[Any, ...]], deletes: list[str]) -> None:
        self.table = table
        self.upserts = upserts
        self.deletes = deletes

    def write(self, batch: Batch, cur: Any, names: Names) -> None:
        name = names[self.table.key]
        batch.dialect.delete(cur, name, self.table, self.deletes)
        batch.dialect.upsert(cur, name, self.table, self.upserts)


@dataclass(frozen=True)
class Target:
    """Which tables a batch writes: the base's, and each derived model's."""

    base: Names
    derived: tuple[tuple[Derived, Names], ...] = ()


class Topics:
    """Topic -> (kind, handler, class version, observed), learnt as topics are met.

    `observed`: the topics whose events derived models read one by one."""

    def __init__(self, decoder: Decoder, observed: frozenset[str] = frozenset()) -> None:
        self._decoder = decoder
        self._table: dict[str, Kind] = {}
        self._handlers = claim_topics()
        self._observed = observed

    def table(self, rows: Iterable[tuple[int, str, int, str, Any]]) -> dict[str, Kind]:
        table = self._table
        for row in rows:
            topic = row[3]
            if topic not in table:
                table[topic] = self._classify(topic)
        return table

    def _classify(self, topic: str) -> Kind:
        version = self._decoder.class_version(topic)
        observed = topic in self._observed
        if topic == CLAIM_CREATED_TOPIC:
            return _CREATED, None, version, observed
        if topic == ARTICLE_CREATED_TOPIC:
            return _ARTICLE, None, version, False
        handler = self._handlers.get(topic)
        if handler is not None:
            return _CLAIM, handler, version, observed
        if topic.startswith(CLAIM_TOPIC_PREFIX):
            return _CLAIM, touched, version, observed
        return _IGNORED, None, version, False


_claim_plain = itemgetter(*(c.name for c in CLAIMS.columns if not c.packed))
_claim_packed = itemgetter(*(c.name for c in CLAIMS.packed))
_claim_plain_names = tuple(c.name for c in CLAIMS.columns if not c.packed)
_claim_packed_names = tuple(c.name for c in CLAIMS.packed)
_catalogue_row = itemgetter(*CATALOGUE.names)


def claim_row(s: State) -> tuple[Any, ...]:
    """A claim's state as its stored row: the plain columns, then the packed ones."""
    return (*_claim_plain(s), orjson.dumps(_claim_packed(s)).decode())


def claim_state(row: Sequence[Any]) -> State:
    """A stored row back as the claim's state."""
    state = dict(zip(_claim_plain_names, row, strict=False))
    state.update(zip(_claim_packed_names, orjson.loads(row[-1]), strict=True))
    return state


class Batch:
    """The working set of one batch: touched claims, before and after."""

    def __init__(
        self,
        dialect: Dialect,
        decoder: Decoder,
        topics: Topics,
        target: Target,
    ) -> None:
        self.dialect = dialect
        self._decoder = decoder
        self._topics = topics
        self._target = target
        self.claims: dict[str, State] = {}
        self.before: dict[str, State | None] = {}
        self.new_articles: dict[str, State] = {}
        # The events of observed topics, in log order (claims' events only).
        self.observed: list[Observed] = []
        self._catalogue: dict[str, State | None] = {}
        self.position: int | None = None
        self.events = 0
        self._claim_rows: list[tuple[Any, ...]] = []
        self._catalogue_rows: list[tuple[Any, ...]] = []
        self._staged: list[tuple[Staged, Names]] = []

    # --- reading and folding ---

    def prepare(self, cur: Any, rows: Sequence[RawRow]) -> None:
        """Load the touched claims the batch does not hold yet, then fold the events."""
        self._prepare(cur, rows, self._decoder.loads, upcasting=True)

    def prepare_decoded(self, cur: Any, rows: Sequence[tuple[int, str, int, str, Any]]) -> None:
        """As `prepare`, for rows whose state is already decoded (and upcast)."""
        self._prepare(cur, rows, _as_is, upcasting=False)

    def _prepare(
        self,
        cur: Any,
        rows: Sequence[tuple[int, str, int, str, Any]],
        loads: Callable[[Any], dict[str, Any]],
        *,
        upcasting: bool,
    ) -> None:
        if not rows:
            return
        table = self._topics.table(rows)
        self._load_claims(cur, rows)
        claims = self.claims
        before = self.before
        decoder = self._decoder
        observed = self.observed
        for position, hex_id, version, topic, raw in rows:
            kind, handler, class_version, watched = table[topic]
            if kind == _IGNORED:
                continue
            p = loads(raw)
            if upcasting and class_version > 1 and p.get("class_version", 1) < class_version:
                p = decoder.upcast(topic, raw, hex_id, version)
            if kind == _CLAIM:
                s = claims.get(hex_id)
                if s is None:  # an event of a claim whose registration is not stored
                    continue
                s["version"] = version
                s["last_change"] = p["timestamp"]["_data_"]
                handler(s, p)  # type: ignore[misc]
            elif kind == _CREATED:
                claims[hex_id] = new_claim(hex_id, position, version, p)
                if hex_id not in before:
                    before[hex_id] = None
            else:
                entry = new_article(hex_id, position, p)
                self.new_articles[entry["id"]] = entry
                self._catalogue[entry["id"]] = entry
            if watched:
                observed.append((position, hex_id, version, topic, p))
        self.position = rows[-1][0]
        self.events += len(rows)

    def _load_claims(self, cur: Any, rows: Sequence[tuple[int, str, int, str, Any]]) -> None:
        claims = self.claims
        # The first version of each aggregate the batch meets, where it holds none:
        # one that starts after its registration must be loaded.
        first: dict[str, int] = {}
        for _, hex_id, version, _, _ in rows:
            if hex_id not in first and hex_id not in claims:
                first[hex_id] = version
        missing = [h for h, v in first.items() if v > 1]
        if not missing:
            return
        found = self.dialect.select_keys(
            cur, self._target.base[CLAIMS.key], CLAIMS, [dashed(h) for h in missing]
        )
        for values in found:
            state = claim_state(values)
            hex_id = state["id"].replace("-", "")
            claims[hex_id] = state
            self.before[hex_id] = dict(state)

    # --- what derived models read ---

    def changes(self) -> Iterable[tuple[State | None, State]]:
        """(before, after) of every claim the batch touched."""
        before = self.before
        for hex_id, after in self.claims.items():
            yield before.get(hex_id), after

    def catalogue(self, cur: Any, article_ids: Iterable[str]) -> dict[str, State | None]:
        """The catalogue entries of these articles (None where unknown)."""
        cache = self._catalogue
        missing = [a for a in set(article_ids) if a not in cache]
        if missing:
            names = CATALOGUE.names
            for values in self.dialect.select_keys(
                cur, self._target.base[CATALOGUE.key], CATALOGUE, missing
            ):
                entry = dict(zip(names, values, strict=True))
                cache[entry["id"]] = entry
            for article_id in missing:
                cache.setdefault(article_id, None)
        return cache

    # --- writing ---

    def stage(self, cur: Any) -> None:
        """Work out every row to write (reads only), so `write` holds the lock briefly."""
        for s in self.claims.values():
            s["status"] = status_of(s)
        self._claim_rows = [claim_row(s) for s in self.claims.values()]
        self._catalogue_rows = [_catalogue_row(e) for e in self.new_articles.values()]
        self._staged = [
            (derived.stage(self, cur), names) for derived, names in self._target.derived
        ]

    def write(self, cur: Any) -> None:
        """Write the staged rows of every target table."""
        base = self._target.base
        dialect = self.dialect
        dialect.upsert(cur, base[CLAIMS.key], CLAIMS, self._claim_rows)
        dialect.upsert(cur, base[CATALOGUE.key], CATALOGUE, self._catalogue_rows)
        for staged, names in self._staged:
            staged.write(self, cur, names)

    def flush(self, cur: Any) -> None:
        """Stage and write, in the caller's transaction."""
        self.stage(cur)
        self.write(cur)


def _as_is(state: Any) -> dict[str, Any]:
    decoded: dict[str, Any] = state
    return decoded


def table_of(model: Model, key: str) -> Table:
    for table in model.tables:
        if table.key == key:
            return table
    raise KeyError(key)
