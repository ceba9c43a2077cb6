"""Recompute every hash of the log and report the first event that does not hold."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import orjson

from claims.audit.chain import (
    GENESIS,
    HASH_KEY,
    canonical_event,
    event_hash,
    fold_root,
    split_state,
)
from claims.audit.rows import LogRow
from domain.errors import InvalidInput

_ANCHOR = re.compile(r"^([0-9a-f]{64})@(\d+)$")


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

    @property
    def intact(self) -> bool:
        return self.first_break is None and self.anchor_problem is None


class _Broken(Exception):
    def __init__(self, found: Break) -> None:
        self.found = found


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


def events_of_rows(rows: Iterable[LogRow]) -> Iterable[ChainedEvent]:
    for row in rows:
        state = orjson.loads(row.state)
        timestamp, actor, payload = split_state(state)
        yield ChainedEvent(
            row.position,
            row.aggregate_id,
            row.version,
            row.topic,
            timestamp,
            actor,
            payload,
            state.get(HASH_KEY),
        )


def verify_chain(
    events: Iterable[ChainedEvent], *, anchor: Anchor | None = None, partial: bool = False
) -> Verification:
    """Walk events in log order, recomputing each aggregate's chain and the store root.

    `partial` is for an export of some aggregates: each chain is still checked from
    version 1, but the root is that of the exported events, not of the store.
    """
    heads: dict[str, tuple[int, str]] = {}
    root = GENESIS
    position = 0
    count = 0
    root_at_anchor: str | None = None
    position_at_anchor = 0
    try:
        for event in events:
            expected = _check(event, heads)
            heads[event.aggregate_id] = (event.version, expected)
            root = fold_root(root, expected)
            position = event.position
            count += 1
            if anchor is not None and event.position <= anchor.position:
                root_at_anchor = root
                position_at_anchor = event.position
    except _Broken as broken:
        return Verification(count, len(heads), root, position, broken.found, anchor)
    anchor_problem = None
    if anchor is not None and not partial:
        anchor_problem = _anchor_problem(anchor, root_at_anchor, position_at_anchor)
    return Verification(count, len(heads), root, position, None, anchor, anchor_problem)


def _check(event: ChainedEvent, heads: dict[str, tuple[int, str]]) -> str:
    head = heads.get(event.aggregate_id)
    if event.version == 1:
        previous = GENESIS
    elif head is None or head[0] != event.version - 1:
        last = 0 if head is None else head[0]
        problem = f"version {event.version} follows version {last}: events missing or reordered"
        raise _Broken(Break(event.position, event.aggregate_id, event.version, problem))
    else:
        previous = head[1]
    canonical = canonical_event(
        event.topic,
        event.aggregate_id,
        event.version,
        event.timestamp,
        event.actor,
        event.payload,
    )
    expected = event_hash(previous, canonical)
    if event.stored_hash != expected:
        problem = (
            "it carries no hash"
            if event.stored_hash is None
            else "its content does not match its hash (altered)"
        )
        raise _Broken(Break(event.position, event.aggregate_id, event.version, problem))
    return expected


def _anchor_problem(anchor: Anchor, root: str | None, position: int) -> str | None:
    if root is None or position != anchor.position:
        return f"the log has no event at anchored position {anchor.position}: rewritten or cut"
    if root != anchor.root:
        return f"the log up to position {anchor.position} was rewritten since it was anchored"
    return None
