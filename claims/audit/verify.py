"""Recompute every hash of the log and report the first event that does not hold.

`verify_store` walks a million events, so the walk over the store's own rows
(`events_of_rows(log_rows(...))`) takes a fast path: it reads plain row tuples
a page at a time and recomputes each hash in one tight loop, with no object or
function call per event. Any other iterable of `ChainedEvent`s (an export file,
a list) takes the general path, which calls the functions of `chain`; the fast
path inlines exactly those computations, and both report the same result
(tests/audit/test_audit_paths.py holds them to it).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import NamedTuple

import orjson

from claims.audit.chain import (
    ACTOR_KEY,
    GENESIS,
    HASH_KEY,
    TIMESTAMP_KEY,
    canonical_event,
    event_hash,
    fold_root,
    split_state,
)
from claims.storage.log import LogRow, LogRows, RawRow
from domain.errors import InvalidInput

_ANCHOR = re.compile(r"^([0-9a-f]{64})@(\d+)$")
# What the hash of an aggregate's first event starts with: 64 zeros and a newline.
_GENESIS_LINE = (GENESIS + "\n").encode("ascii")


@dataclass(frozen=True)
class Anchor:
    """A published root hash and the log position it covers: `ROOT@POSITION`."""

    root: str
    position: int

    @classmethod
    def parse(cls, text: str) -> Anchor:
        match = _ANCHOR.match(text.strip().lower())
        if match is None:
            msg = f"{text!r} is not an anchor (64 hex digits, '@', a log position)"
            raise InvalidInput(msg)
        return cls(root=match.group(1), position=int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.root}@{self.position}"


@dataclass(frozen=True)
class Break:
    """The first event whose stored form does not match the chain."""

    position: int
    aggregate_id: str
    version: int
    problem: str

    def __str__(self) -> str:
        return (
            f"event at log position {self.position} "
            f"(aggregate {self.aggregate_id}, version {self.version}): {self.problem}"
        )


@dataclass(frozen=True)
class Verification:
    events: int
    aggregates: int
    root: str
    position: int
    first_break: Break | None
    anchor: Anchor | None = None
    anchor_problem: str | None = None
    # PostgreSQL newsrooms: events whose recorded actor is not the role that
    # inserted them (claims.trust.newsroom), and the first of them.
    stamp_mismatches: int = 0
    first_stamp_mismatch: str | None = None

    @property
    def intact(self) -> bool:
        return (
            self.first_break is None and self.anchor_problem is None and not self.stamp_mismatches
        )


@dataclass(frozen=True, slots=True)
class ChainedEvent:
    """One event as a verifier needs it: from a table row or an export line."""

    position: int
    aggregate_id: str
    version: int
    topic: str
    timestamp: str | None
    actor: str | None
    payload: dict[str, object]
    stored_hash: object


class StoredEvents:
    """The events of stored rows, decoded as they are iterated; what `events_of_rows`
    returns for `log_rows()`, so that `verify_chain` can read the rows directly."""

    __slots__ = ("rows",)

    def __init__(self, rows: LogRows) -> None:
        self.rows = rows

    def __iter__(self) -> Iterator[ChainedEvent]:
        for page in self.rows.pages():
            for position, aggregate_id, version, topic, state in page:
                yield _chained(position, aggregate_id, version, topic, state)


def events_of_rows(rows: Iterable[LogRow]) -> Iterable[ChainedEvent]:
    if isinstance(rows, LogRows):
        return StoredEvents(rows)
    return (
        _chained(row.position, row.aggregate_id, row.version, row.topic, row.state) for row in rows
    )


def _chained(
    position: int, aggregate_id: str, version: int, topic: str, state: bytes | str
) -> ChainedEvent:
    problem = _unreadable(state)
    if problem is not None:
        return ChainedEvent(position, aggregate_id, version, topic, None, None, {}, problem)
    decoded = orjson.loads(state)
    timestamp, actor, payload = split_state(decoded)
    return ChainedEvent(
        position, aggregate_id, version, topic, timestamp, actor, payload, decoded.get(HASH_KEY)
    )


class Unreadable(str):
    """In place of a stored hash: why the row could not be read as an event at all."""


def _unreadable(state: bytes | str) -> Unreadable | None:
    try:
        decoded = orjson.loads(state)
    except orjson.JSONDecodeError:
        return Unreadable("its stored state is not JSON")
    if not isinstance(decoded, dict):
        return Unreadable("its stored state is not a JSON object")
    if not _well_formed_timestamp(decoded.get(TIMESTAMP_KEY)):
        return Unreadable("its timestamp is not stored the way the library writes it")
    return None


def _well_formed_timestamp(value: object) -> bool:
    """Hashes cover the ISO text; the wrapper around it must be the library's own."""
    return (
        isinstance(value, dict)
        and len(value) == 2
        and value.get("_type_") == "datetime_iso"
        and isinstance(value.get("_data_"), str)
    )


def verify_chain(
    events: Iterable[ChainedEvent], *, anchor: Anchor | None = None, partial: bool = False
) -> Verification:
    """Walk events in log order, recomputing each aggregate's chain and the store root.

    `partial` is for an export of some aggregates: each chain is still checked from
    version 1, but the root is that of the exported events, not of the store.
    """
    if isinstance(events, StoredEvents):
        walk = _walk_rows(events.rows.pages(), anchor)
    else:
        walk = _walk_events(events, anchor)
    if walk.broken is not None or anchor is None or partial:
        anchor_problem = None
    else:
        anchor_problem = _anchor_problem(anchor, walk.root_at_anchor, walk.position_at_anchor)
    return Verification(
        walk.events, walk.aggregates, walk.root, walk.position, walk.broken, anchor, anchor_problem
    )


class _Walk(NamedTuple):
    """How far a walk got: the intact events, and the first break if there is one."""

    events: int
    aggregates: int
    root: str
    position: int
    broken: Break | None
    root_at_anchor: str | None
    position_at_anchor: int


def _walk_events(events: Iterable[ChainedEvent], anchor: Anchor | None) -> _Walk:
    heads: dict[str, tuple[int, str]] = {}
    root = GENESIS
    position = 0
    count = 0
    anchored = -1 if anchor is None else anchor.position
    # Position 0 is the empty log, whose root is GENESIS: an anchor taken then holds.
    root_at_anchor: str | None = GENESIS
    position_at_anchor = 0
    for event in events:
        aggregate_id = event.aggregate_id
        version = event.version
        problem = _out_of_place(event.position, position, count, aggregate_id, version, heads)
        if problem is None and isinstance(event.stored_hash, Unreadable):
            problem = Break(event.position, aggregate_id, version, str(event.stored_hash))
        if problem is not None:
            return _Walk(count, len(heads), root, position, problem, root_at_anchor, 0)
        if version == 1:
            previous = GENESIS
        else:
            head = heads.get(aggregate_id)
            if head is None or head[0] != version - 1:
                broken = _gap(event.position, aggregate_id, version, head)
                return _Walk(count, len(heads), root, position, broken, root_at_anchor, 0)
            previous = head[1]
        canonical = canonical_event(
            event.topic, aggregate_id, version, event.timestamp, event.actor, event.payload
        )
        expected = event_hash(previous, canonical)
        if event.stored_hash != expected:
            broken = _mismatch(event.position, aggregate_id, version, event.stored_hash)
            return _Walk(count, len(heads), root, position, broken, root_at_anchor, 0)
        heads[aggregate_id] = (version, expected)
        root = fold_root(root, expected)
        position = event.position
        count += 1
        if anchor is not None and position <= anchored:
            root_at_anchor = root
            position_at_anchor = position
    return _Walk(count, len(heads), root, position, None, root_at_anchor, position_at_anchor)


def _walk_rows(pages: Iterable[list[RawRow]], anchor: Anchor | None) -> _Walk:
    """`_walk_events` over rows, fused with decoding: this is `claims audit verify`.

    The stored state minus its timestamp, actor and hash is the payload, exactly as
    `split_state` makes it; the hashes are those of `canonical_event`, `event_hash`
    and `fold_root`, inlined (tests/audit compare both paths on the same store).
    A row the loop cannot take as it stands (unreadable, out of place, not matching
    its hash) goes to `_checked_row`, which reports it as `_walk_events` would.
    """
    loads = orjson.loads
    dumps = orjson.dumps
    not_json = orjson.JSONDecodeError
    sort_keys = orjson.OPT_SORT_KEYS
    sha256 = hashlib.sha256
    # Per aggregate: its last version, and that event's hash as the bytes the next
    # event's hash starts with (hex digits and a newline).
    heads: dict[str, tuple[int, bytes]] = {}
    root = GENESIS
    position = 0
    count = 0
    anchored = -1 if anchor is None else anchor.position
    # Position 0 is the empty log, whose root is GENESIS: an anchor taken then holds.
    root_at_anchor: str | None = GENESIS
    position_at_anchor = 0
    for page in pages:
        for row_position, aggregate_id, version, topic, state in page:
            try:
                payload = loads(state)
            except not_json:
                payload = None
            expected = None
            if type(payload) is dict and (row_position > position or not count):
                stored_hash = payload.pop(HASH_KEY, None)
                timestamp = payload.pop(TIMESTAMP_KEY, None)
                actor = payload.pop(ACTOR_KEY, None)
                if version == 1:
                    head = None if aggregate_id in heads else (0, _GENESIS_LINE)
                else:
                    head = heads.get(aggregate_id)
                    if head is not None and head[0] != version - 1:
                        head = None
                if (
                    head is not None
                    and type(timestamp) is dict
                    and len(timestamp) == 2
                    and timestamp.get("_type_") == "datetime_iso"
                    and type(timestamp.get("_data_")) is str
                ):
                    canonical = dumps(
                        {
                            "type": topic,
                            "aggregate_id": aggregate_id,
                            "version": version,
                            "timestamp": timestamp["_data_"],
                            "actor": actor if type(actor) is str else None,
                            "payload": payload,
                        },
                        option=sort_keys,
                    )
                    expected = sha256(head[1] + canonical).hexdigest()
                    if expected != stored_hash:
                        expected = None
            if expected is None:
                checked = _checked_row(
                    row_position, aggregate_id, version, topic, state, position, count, heads
                )
                if isinstance(checked, Break):
                    return _Walk(count, len(heads), root, position, checked, root_at_anchor, 0)
                expected = checked
            heads[aggregate_id] = (version, (expected + "\n").encode("ascii"))
            root = sha256((root + expected).encode("ascii")).hexdigest()
            position = row_position
            count += 1
            if position <= anchored:
                root_at_anchor = root
                position_at_anchor = position
    return _Walk(count, len(heads), root, position, None, root_at_anchor, position_at_anchor)


def _checked_row(
    row_position: int,
    aggregate_id: str,
    version: int,
    topic: str,
    state: bytes | str,
    position: int,
    count: int,
    heads: dict[str, tuple[int, bytes]],
) -> Break | str:
    """One row, checked step by step in `_walk_events`' order: its first problem, or
    its hash when it holds after all."""
    broken = _out_of_place(row_position, position, count, aggregate_id, version, heads)
    if broken is not None:
        return broken
    event = _chained(row_position, aggregate_id, version, topic, state)
    if isinstance(event.stored_hash, Unreadable):
        return Break(row_position, aggregate_id, version, str(event.stored_hash))
    if version == 1:
        previous = GENESIS
    else:
        head = heads.get(aggregate_id)
        if head is None or head[0] != version - 1:
            last = None if head is None else (head[0], "")
            return _gap(row_position, aggregate_id, version, last)
        previous = head[1][:-1].decode("ascii")
    canonical = canonical_event(
        topic, aggregate_id, version, event.timestamp, event.actor, event.payload
    )
    expected = event_hash(previous, canonical)
    if event.stored_hash != expected:
        return _mismatch(row_position, aggregate_id, version, event.stored_hash)
    return expected


def _out_of_place(
    position: int,
    last_position: int,
    count: int,
    aggregate_id: str,
    version: int,
    heads: Mapping[str, object],
) -> Break | None:
    """A log position that does not rise, or a second beginning of an aggregate."""
    if count and position <= last_position:
        problem = f"log position {position} does not follow {last_position}: lines reordered"
        return Break(position, aggregate_id, version, problem)
    if version == 1 and aggregate_id in heads:
        return Break(position, aggregate_id, version, "a second version 1 of the aggregate")
    return None


def _gap(position: int, aggregate_id: str, version: int, head: tuple[int, object] | None) -> Break:
    last = 0 if head is None else head[0]
    problem = f"version {version} follows version {last}: events missing or reordered"
    return Break(position, aggregate_id, version, problem)


def _mismatch(position: int, aggregate_id: str, version: int, stored_hash: object) -> Break:
    problem = (
        "it carries no hash"
        if stored_hash is None
        else "its content does not match its hash (altered)"
    )
    return Break(position, aggregate_id, version, problem)


def _anchor_problem(anchor: Anchor, root: str | None, position: int) -> str | None:
    if root is None or position != anchor.position:
        return f"the log has no event at anchored position {anchor.position}: rewritten or cut"
    if root != anchor.root:
        return f"the log up to position {anchor.position} was rewritten since it was anchored"
    return None
