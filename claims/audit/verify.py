"""Recompute every hash of the log and report the first event that does not hold.

`verify_store` walks a million events, so the walk over the store's own rows
(`events_of_rows(log_rows(...))`) takes a fast path: it reads plain row tuples
a page at a time and recomputes each hash in one tight loop, with no object or
function call per event but `canonical_json` for an event of chain format 2.
Any other iterable of `ChainedEvent`s (an export file, a list) takes the general
path, which calls the functions of `chain`; the fast path inlines exactly those
computations, and both report the same result (tests/audit/test_audit_paths.py
holds them to it).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

import orjson

from claims.audit.chain import (
    ACTOR_KEY,
    GENESIS,
    HASH_KEY,
    JCS_FORMAT,
    KNOWN_FORMATS,
    TIMESTAMP_KEY,
    canonical_event,
    event_hash,
    fold_root,
    stored_hash,
)
from claims.audit.chained import ChainedEvent, StoredEvents, Unreadable, chained, events_of_rows
from claims.audit.jcs import CanonicalizationError, canonical_json
from claims.storage.log import RawRow
from domain.errors import InvalidInput

# `ChainedEvent` and `events_of_rows` are read from here too.
__all__ = [
    "Anchor",
    "Break",
    "ChainedEvent",
    "Verification",
    "events_of_rows",
    "verify_chain",
]

_ANCHOR = re.compile(r"^([0-9a-f]{64})@(\d+)$")
# What the hash of an aggregate's first event starts with: 64 zeros and a newline.
_GENESIS_LINE = (GENESIS + "\n").encode("ascii")
# How a stored hash in chain format 2 begins.
_JCS_LABEL = stored_hash(JCS_FORMAT, "")


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
    # inserted them (claims.newsroom), and the first of them.
    stamp_mismatches: int = 0
    first_stamp_mismatch: str | None = None

    @property
    def intact(self) -> bool:
        return (
            self.first_break is None and self.anchor_problem is None and not self.stamp_mismatches
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
        checked = _sealed_hash(event, previous)
        if isinstance(checked, Break):
            return _Walk(count, len(heads), root, position, checked, root_at_anchor, 0)
        expected = checked
        heads[aggregate_id] = (version, expected)
        root = fold_root(root, expected)
        position = event.position
        count += 1
        if anchor is not None and position <= anchored:
            root_at_anchor = root
            position_at_anchor = position
    return _Walk(count, len(heads), root, position, None, root_at_anchor, position_at_anchor)


def _sealed_hash(event: ChainedEvent, previous: str) -> Break | str:
    """The event's digest recomputed under its own chain format after `previous`, or
    why it does not hold."""
    position, aggregate_id, version = event.position, event.aggregate_id, event.version
    if event.chain_format not in KNOWN_FORMATS:
        problem = f"it was sealed in chain format {event.chain_format}, unknown to this version"
        return Break(position, aggregate_id, version, problem)
    if event.previous_hash is not None and event.previous_hash != previous:
        problem = f"the previous hash it names is not that of version {version - 1} (altered)"
        return Break(position, aggregate_id, version, problem)
    try:
        canonical = canonical_event(
            event.topic,
            aggregate_id,
            version,
            event.timestamp,
            event.actor,
            event.payload,
            chain_format=event.chain_format,
        )
    except CanonicalizationError:
        problem = f"its content has no chain format {event.chain_format} encoding (altered)"
        return Break(position, aggregate_id, version, problem)
    expected = event_hash(previous, canonical)
    if event.stored_hash != expected:
        return _mismatch(position, aggregate_id, version, event.stored_hash)
    return expected


def _walk_rows(pages: Iterable[list[RawRow]], anchor: Anchor | None) -> _Walk:
    """`_walk_events` over rows, fused with decoding: this is `claims audit verify`.

    The stored state minus its timestamp, actor and hash is the payload, exactly as
    `split_state` makes it; the hashes are those of `canonical_event` (format 1 as
    orjson, format 2 as `canonical_json`), `event_hash` and `fold_root`, inlined
    (tests/audit compare both paths on the same store).
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
                    event = {
                        "type": topic,
                        "aggregate_id": aggregate_id,
                        "version": version,
                        "timestamp": timestamp["_data_"],
                        "actor": actor if type(actor) is str else None,
                        "payload": payload,
                    }
                    if type(stored_hash) is str and stored_hash.startswith(_JCS_LABEL):
                        canonical, stored_hash = _jcs_row(event, stored_hash)
                    else:
                        canonical = dumps(event, option=sort_keys)
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


def _jcs_row(event: dict[str, object], stored: str) -> tuple[bytes, str]:
    """A format-2 row in `_walk_rows`: its canonical bytes (none when RFC 8785 cannot
    write it, so that `_checked_row` says why) and the digest its stored hash holds."""
    event["chain_format"] = JCS_FORMAT
    try:
        canonical = canonical_json(event)
    except CanonicalizationError:
        canonical = b""
    return canonical, stored[len(_JCS_LABEL) :]


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
    event = chained(row_position, aggregate_id, version, topic, state)
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
    return _sealed_hash(event, previous)


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
