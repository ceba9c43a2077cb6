"""Seal new events into their aggregate's hash chain just before they are stored,
encoding each of them once.

The hash covers the event's stored form, and the stored form holds the hash. So
`SealingMapper.seal` encodes the event with a unique placeholder where the hash goes,
hashes what it encoded, writes the hash in place of the placeholder, and keeps that
stored event; when the library's save asks the mapper for the event's stored form
(`EventStore.put` calls `to_stored_event`), it gets the kept one instead of a second
encoding. The bytes are the ones the library would write for the sealed event, since
a JSON encoder writes an ASCII string as it is, wherever it stands.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any
from uuid import uuid4

import orjson
from eventsourcing.persistence import ApplicationRecorder, Mapper, StoredEvent

from claims.audit.chain import (
    FIRST_FORMAT,
    GENESIS,
    HASH_KEY,
    SEALING_FORMAT,
    canonical_event,
    event_hash,
    read_stored_hash,
    split_state,
    stored_hash,
)
from claims.audit.jcs import CanonicalizationError
from claims.storage.ids import aggregate_key
from claims.transcoding import plain_state

# How many loaded aggregates' last hashes a thread keeps (a command loads a few).
_HEADS_KEPT = 64


class SealingMapper(Mapper[Any]):
    """The library's mapper, which also seals: see the module's docstring."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Per thread, the stored events of its current save, by the id of their event,
        # and the hashes of the last events of the aggregates it loaded lately.
        self._local = threading.local()

    @classmethod
    def like(cls, mapper: Mapper[Any]) -> SealingMapper:
        """A sealing mapper with `mapper`'s transcoder, compressor and cipher."""
        return cls(mapper.transcoder, compressor=mapper.compressor, cipher=mapper.cipher)

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        kept = self._kept().pop(id(domain_event), None)
        if kept is not None:
            event, sealed_with, stored = kept
            if event is domain_event and getattr(event, HASH_KEY, None) == sealed_with:
                return stored
        return super().to_stored_event(domain_event)

    def start_sealing(self) -> None:
        """Forget what an earlier save of this thread left (one that failed before
        the library stored it)."""
        self._local.kept = {}

    def seal(self, domain_event: Any, previous: str) -> str:
        """Give `domain_event` its `event_hash`, chained to the digest `previous`, and
        return its digest. New events are sealed in format 2 (RFC 8785), unless RFC 8785
        cannot express them (an integer beyond +-(2**53 - 1)): those keep format 1."""
        placeholder = f"sealing-{uuid4().hex}"
        # Events are frozen dataclasses; the hash is stored state, not a field.
        object.__setattr__(domain_event, HASH_KEY, placeholder)
        unsealed = super().to_stored_event(domain_event)
        timestamp, actor, payload = split_state(orjson.loads(plain_state(self, unsealed.state)))
        event = (
            unsealed.topic,
            aggregate_key(unsealed.originator_id),
            unsealed.originator_version,
            timestamp,
            actor,
            payload,
        )
        try:
            chain_format = SEALING_FORMAT
            canonical = canonical_event(*event, chain_format=chain_format)
        except CanonicalizationError:
            chain_format = FIRST_FORMAT
            canonical = canonical_event(*event, chain_format=chain_format)
        digest = event_hash(previous, canonical)
        value = stored_hash(chain_format, digest)
        object.__setattr__(domain_event, HASH_KEY, value)
        quoted = f'"{placeholder}"'.encode("ascii")
        # Compressed or enciphered bytes cannot be patched: the library encodes again.
        if unsealed.state.count(quoted) == 1 and not (self.compressor or self.cipher):
            state = unsealed.state.replace(quoted, f'"{value}"'.encode("ascii"))
            stored = StoredEvent(
                originator_id=unsealed.originator_id,
                originator_version=unsealed.originator_version,
                topic=unsealed.topic,
                state=state,
            )
            self._kept()[id(domain_event)] = (domain_event, value, stored)
        return digest

    def remember_head(self, domain_event: Any) -> None:
        """`domain_event` is the last stored event of an aggregate just loaded: keep
        its hash, so sealing the aggregate's next events needs no query for it. Kept
        by (aggregate id, version), which names one stored event for good, so a hash
        kept before a colleague's append is simply not the one asked for after it."""
        value = getattr(domain_event, HASH_KEY, None)
        if not isinstance(value, str):
            return
        heads = self._heads()
        heads[(domain_event.originator_id, domain_event.originator_version)] = value
        if len(heads) > _HEADS_KEPT:
            del heads[next(iter(heads))]

    def remembered_head(self, originator_id: Any, version: int) -> str | None:
        """The stored hash of that event, when a load of this thread saw it."""
        return self._heads().get((originator_id, version))

    def _heads(self) -> dict[tuple[Any, int], str]:
        heads: dict[tuple[Any, int], str] | None = getattr(self._local, "heads", None)
        if heads is None:
            heads = self._local.heads = {}
        return heads

    def _kept(self) -> dict[int, tuple[Any, str, StoredEvent]]:
        kept: dict[int, tuple[Any, str, StoredEvent]] | None = getattr(self._local, "kept", None)
        if kept is None:
            kept = self._local.kept = {}
        return kept


def seal_pending(
    aggregates: Iterable[Any], mapper: SealingMapper, recorder: ApplicationRecorder
) -> None:
    """Give each pending event its `event_hash`, chained to the stored one before it.

    The hash is computed from the event's stored form (what the mapper will write),
    so a verifier recomputes it from the rows alone. If a colleague appends first,
    the append fails on its version number anyway and the command is decided again.
    """
    mapper.start_sealing()
    for aggregate in aggregates:
        pending = list(getattr(aggregate, "pending_events", ()))
        if not pending:
            continue
        first = pending[0]
        previous = _head(mapper, recorder, first.originator_id, first.originator_version)
        for domain_event in pending:
            previous = mapper.seal(domain_event, previous)


def _head(
    mapper: SealingMapper, recorder: ApplicationRecorder, originator_id: Any, first_version: int
) -> str:
    """The digest of the stored event before `first_version`, whatever its format: as
    the load of the aggregate saw it (`remember_head`), else read from the store."""
    if first_version == 1:
        return GENESIS
    value: object = mapper.remembered_head(originator_id, first_version - 1)
    if value is None:
        value = _stored_head(recorder, originator_id, first_version)
    _, head = read_stored_hash(value)
    return head if isinstance(head, str) else GENESIS


def _stored_head(recorder: ApplicationRecorder, originator_id: Any, first_version: int) -> object:
    """The stored `event_hash` of the event before `first_version`, read from the store."""
    [last] = recorder.select_events(originator_id, lte=first_version - 1, desc=True, limit=1)
    return orjson.loads(last.state).get(HASH_KEY)
