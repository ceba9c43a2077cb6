"""The auditor's reads: a claim's history, the claim as of a moment, the difference
between two versions, the activity log, verification and export. Everything here reads
the event store, never a read model."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from claims.activity import (
    ActivityFilter,
    CurrentShapes,
    aggregate_kind,
    event_name,
    plain,
    select,
)
from claims.audit.export import export_lines
from claims.audit.verify import Anchor, Verification, events_of_rows, verify_chain
from claims.field_diff import changed_fields
from claims.ledger.claim_desk import ClaimDesk
from claims.storage.log import ReportedLogRows, log_rows
from claims.views import (
    ActivityEntry,
    ClaimDiff,
    ClaimView,
    FieldChange,
    HistoryEntry,
)
from domain.article import Article
from domain.claim import Claim
from domain.errors import InvalidInput, NotFound
from domain.scale_book import ScaleBook
from domain.team import Team

# Fields every event carries; history shows them as columns, not payload.
_ENVELOPE = frozenset({"originator_id", "originator_version", "timestamp", "actor"})
_INTERNAL = frozenset({"originator_topic", "event_hash", "command_id"})
# Who ran the command, when it is not the event's actor (claims.trust.guard): its
# own column in history and the activity log, not part of the payload.
_ENTERED_BY = "entered_by"
_EVENT_NAMES = frozenset(
    name
    for aggregate in (Claim, Article, ScaleBook, Team)
    for name, value in vars(aggregate).items()
    if isinstance(value, type)
    and issubclass(value, Aggregate.Event)
    and name not in ("Event", "Created")
)


class AuditDesk(ClaimDesk):
    """What an auditor reads, straight from the event store."""

    def history(self, claim_id: UUID) -> list[HistoryEntry]:
        """Every stored event of the claim, in order, as recorded."""
        # An auditor reads what is stored, even where it no longer replays: the id
        # names a claim when its first event registered one; nothing is replayed.
        domain_events: list[Any] = list(self.events.get(claim_id))
        if not domain_events or not isinstance(domain_events[0], Claim.Registered):
            msg = f"no claim with id {claim_id}"
            raise NotFound(msg)
        entries = []
        rating: str | None = None
        for domain_event in domain_events:
            fields = vars(domain_event)
            payload = {
                key: _jsonable(value)
                for key, value in fields.items()
                if key not in _ENVELOPE and key not in _INTERNAL and key != _ENTERED_BY
            }
            if isinstance(domain_event, Claim.VerdictRecorded):
                payload["previous_rating"] = rating
                rating = domain_event.rating
            elif isinstance(domain_event, Claim.Corrected):
                rating = domain_event.new_rating
            entries.append(
                HistoryEntry(
                    version=fields["originator_version"],
                    timestamp=fields["timestamp"],
                    actor=fields["actor"],
                    entered_by=fields.get(_ENTERED_BY),
                    type=type(domain_event).__name__,
                    payload=payload,
                )
            )
        return entries

    def claim_as_of(self, claim_id: UUID, moment: datetime) -> ClaimView:
        """The claim exactly as it was at `moment`: its events up to then, replayed."""
        claim: Claim | None = None
        domain_event: Any
        for domain_event in self.events.get(claim_id):
            if domain_event.timestamp > moment:
                break
            claim = domain_event.mutate(claim)
        if claim is None:
            self._load(Claim, claim_id, "claim")
            msg = f"claim {claim_id} did not exist yet at {moment.isoformat()}"
            raise NotFound(msg)
        if not isinstance(claim, Claim):
            msg = f"no claim with id {claim_id}"
            raise NotFound(msg)
        return ClaimView.of(claim, self.scale)

    def diff(self, claim_id: UUID, version_a: int, version_b: int) -> ClaimDiff:
        """The fields that differ between two versions, and the events in between."""
        low, high = sorted((version_a, version_b))
        before = self.get_claim(claim_id, version=low)
        after = self.get_claim(claim_id, version=high)
        return ClaimDiff(
            claim_id=claim_id,
            from_version=low,
            to_version=high,
            changes=[
                FieldChange(field=path, before=old, after=new)
                for path, old, new in changed_fields(before.as_json(), after.as_json())
            ],
            events=[e for e in self.history(claim_id) if low < e.version <= high],
        )

    def activity(
        self, wanted: ActivityFilter, *, aggregate_id: UUID | None = None
    ) -> Iterator[ActivityEntry]:
        """Events across the store in log order, filtered, streamed page by page."""
        unknown = wanted.types - _EVENT_NAMES
        if unknown:
            known = ", ".join(sorted(_EVENT_NAMES))
            msg = f"unknown event type {sorted(unknown)[0]!r} (known: {known})"
            raise InvalidInput(msg)
        rows = log_rows(self.store, aggregate_id=aggregate_id.hex if aggregate_id else None)
        shapes = CurrentShapes(self.mapper)
        for e in select(events_of_rows(rows), wanted):
            yield ActivityEntry(
                position=e.position,
                timestamp=datetime.fromisoformat(e.timestamp) if e.timestamp else None,
                aggregate=aggregate_kind(e.topic),
                aggregate_id=UUID(e.aggregate_id),
                version=e.version,
                actor=e.actor,
                entered_by=_text_or_none(e.payload.get(_ENTERED_BY)),
                type=event_name(e.topic),
                payload={
                    k: plain(v)
                    for k, v in shapes.payload(e).items()
                    if k not in _INTERNAL and k != _ENTERED_BY
                },
            )

    def verify_store(
        self, anchor: Anchor | None = None, progress: Callable[[int, int], None] | None = None
    ) -> Verification:
        """Recompute every event hash and the store root; compare with `anchor` if given.
        `progress(position, last position)` is told how far the walk got, a page at a time.
        In a PostgreSQL newsroom, also compare each event's actor with the role the
        database stamped it with (claims.newsroom)."""
        rows = log_rows(self.store)
        if progress is not None:
            last = self.recorder.max_notification_id() or 0
            rows = ReportedLogRows(rows, lambda position: progress(position, last))
        result = verify_chain(events_of_rows(rows), anchor=anchor)
        if not self.identity_proven or result.first_break is not None:
            return result
        from dataclasses import replace

        from claims.trust.stamps import stamp_mismatches

        count, first = stamp_mismatches(self.store, limit=1)
        if not count:
            return result
        return replace(result, stamp_mismatches=count, first_stamp_mismatch=str(first[0]))

    def export_audit(self, claim_id: UUID | None = None) -> Iterator[bytes]:
        """JSON Lines of the events with their hashes: the whole store, or one claim."""
        if claim_id is None:
            return export_lines(events_of_rows(log_rows(self.store)), scope="all")
        self._load(Claim, claim_id, "claim")
        rows = log_rows(self.store, aggregate_id=claim_id.hex)
        return export_lines(events_of_rows(rows), scope=f"claim {claim_id}")


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _jsonable(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
