"""The Claim aggregate: one check-worthy statement and everything done to verify it.

Command methods (imperative verbs) validate and decide; the `@event` methods they
call only apply state, because those bodies re-run on every replay.

Longer than our 400-line rule on purpose: it is one aggregate, and each command sits
beside the event it triggers and the body that applies it, so a rule and its effect
read together. The record's values live in `domain.claim_record`, and the rules of a
claim's status in `domain.standing`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.checks import actor, claim_draft, evidence_draft, reason
from domain.claim_record import (
    Appearance,
    Correction,
    Evidence,
    Note,
    Publication,
    Retraction,
    Verdict,
)
from domain.errors import InvalidInput, NotFound, RuleViolation
from domain.ids import claim_id_for
from domain.ratings import DEFAULT_SCALE, RatingScale
from domain.standing import ClaimStatus, Review, Standing, advanced

# The day a checker consulted a source is recent: a year before this is a typo (0224).
MIN_ACCESS_YEAR = 1900


def _require_access_day(day: date) -> None:
    """A plain date (the clock's bound, no later than today, is the application's)."""
    if type(day) is not date:
        msg = f"the day the evidence was consulted must be a date, not {type(day).__name__}"
        raise InvalidInput(msg)
    if day.year < MIN_ACCESS_YEAR:
        msg = f"the evidence cannot have been consulted on {day.isoformat()}: a typo?"
        raise InvalidInput(msg)


def _at(timestamp: datetime | None) -> datetime:
    """The event's own time, which `@event` bodies receive as `timestamp`."""
    assert timestamp is not None, "an event always carries its timestamp"
    return timestamp


class Claim(Aggregate):
    """A claim under verification. Every change is one of the nested events."""

    # --- events: past-tense facts; every one names the actor who caused it ---

    class Registered(Aggregate.Created):
        text: str
        quote: str
        article_id: UUID | None
        span_start: int | None
        span_end: int | None
        speaker: str | None
        checkworthiness: float | None
        source_url: str | None
        features: list[str]
        actor: str

    class AppearanceAdded(Aggregate.Event):
        article_id: UUID
        quote: str
        span_start: int
        span_end: int
        speaker: str | None
        actor: str

    class Assigned(Aggregate.Event):
        assignee: str
        actor: str

    # Changing an event's shape: bump `class_version` and add `upcast_vN_vN+1`,
    # which turns a stored state of version N into one of N+1 before the event is
    # built (by the library's mapper, which the projections' decoder also uses).
    # Stored events stay as they are: their hashes cover them as stored. See the
    # README, "Changing an event safely".

    class EvidenceAdded(Aggregate.Event):
        """Version 2 added `accessed_on`, the day the source was consulted."""

        class_version = 2
        evidence_id: str
        url: str
        quote: str
        stance: str
        note: str | None
        accessed_on: date | None
        actor: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Evidence added before version 2 never said when it was consulted."""
            state["accessed_on"] = None

    class EvidenceWithdrawn(Aggregate.Event):
        evidence_id: str
        reason: str
        actor: str

    class VerdictRecorded(Aggregate.Event):
        rating: str
        rationale: str
        actor: str

    class VerdictApproved(Aggregate.Event):
        """Version 2 added `reason`, the reviewer's comment where they gave one."""

        class_version = 2
        actor: str
        reason: str | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Approvals before version 2 could not carry a reason."""
            state["reason"] = None

    class VerdictRejected(Aggregate.Event):
        reason: str
        actor: str

    class Published(Aggregate.Event):
        rating: str
        actor: str

    class Corrected(Aggregate.Event):
        old_rating: str
        new_rating: str
        note: str
        actor: str

    class Retracted(Aggregate.Event):
        reason: str
        actor: str

    class Dismissed(Aggregate.Event):
        reason: str
        actor: str

    class Reopened(Aggregate.Event):
        actor: str

    class MarkedDuplicate(Aggregate.Event):
        """Version 2 renamed `original_id` to `duplicate_of`, the name the claim's
        state, its views and the read models give the claim it repeats."""

        class_version = 2
        duplicate_of: UUID
        actor: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["duplicate_of"] = state.pop("original_id")

    class NoteAdded(Aggregate.Event):
        text: str
        actor: str

    # --- creation ---

    @staticmethod
    def create_id(text: str, **_: Any) -> UUID:
        return claim_id_for(text)

    @classmethod
    def register(
        cls,
        *,
        text: str,
        quote: str,
        by: str,
        article_id: UUID | None = None,
        span: tuple[int, int] | None = None,
        speaker: str | None = None,
        checkworthiness: float | None = None,
        source_url: str | None = None,
        features: tuple[str, ...] = (),
    ) -> Claim:
        draft = claim_draft(
            text=text,
            quote=quote,
            article_id=article_id,
            span=span,
            speaker=speaker,
            checkworthiness=checkworthiness,
            source_url=source_url,
            features=features,
        )
        return cls(
            text=draft.text,
            quote=draft.quote,
            article_id=draft.article_id,
            span_start=draft.span[0] if draft.span else None,
            span_end=draft.span[1] if draft.span else None,
            speaker=draft.speaker,
            checkworthiness=draft.checkworthiness,
            source_url=str(draft.source_url) if draft.source_url else None,
            features=list(draft.features),
            actor=actor(by),
        )

    @event(Registered)
    def __init__(
        self,
        text: str,
        quote: str,
        article_id: UUID | None,
        span_start: int | None,
        span_end: int | None,
        speaker: str | None,
        checkworthiness: float | None,
        source_url: str | None,
        features: list[str],
        actor: str,
        timestamp: datetime | None = None,
    ) -> None:
        self.text = text
        self.quote = quote
        self.article_id = article_id
        self.span: tuple[int, int] | None = (
            (span_start, span_end) if span_start is not None and span_end is not None else None
        )
        self.speaker = speaker
        self.checkworthiness = checkworthiness
        self.source_url = source_url
        self.features = tuple(features)
        self.appearances: list[Appearance] = []
        # Which articles it appeared in, for a constant-time check: a syndicated
        # claim can appear in thousands.
        self.appeared_in: set[UUID] = set()
        if article_id is not None and self.span is not None:
            self.appeared_in.add(article_id)
            self.appearances.append(
                Appearance(article_id, quote, self.span, speaker, actor, _at(timestamp))
            )
        self.registered_by = actor
        self.assignee: str | None = None
        self.evidence: dict[str, Evidence] = {}
        self.verdict: Verdict | None = None
        self.superseded_verdicts: list[Verdict] = []
        self.publication: Publication | None = None
        # The retraction the claim is under until a new verdict is recorded; every
        # retraction stays in `retractions`.
        self.retraction: Retraction | None = None
        self.retractions: list[Retraction] = []
        self.dismissed_reason: str | None = None
        self.duplicate_of: UUID | None = None
        self.notes: list[Note] = []
        # What the status is read from, advanced by the rules in `domain.standing`.
        self.standing = Standing()

    # --- derived state ---

    @property
    def status(self) -> ClaimStatus:
        return self.standing.status

    @property
    def is_closed(self) -> bool:
        return self.standing.closed

    def _advance(self, event_name: str) -> None:
        """Apply the life's rules (`domain.standing`) for an event of this name."""
        self.standing = advanced(self.standing, event_name)

    def _require_open(self) -> None:
        if self.is_closed:
            msg = f"claim is {self.status.value}; only 'reopen' is allowed"
            raise RuleViolation(msg)

    def _require_pending_verdict(self, by: str, doing: str) -> Verdict:
        self._require_open()
        if self.verdict is None or self.standing.review is not Review.PENDING:
            msg = f"there is no verdict awaiting review to {doing}"
            raise RuleViolation(msg)
        if self.verdict.recorded_by.casefold() == by.casefold():
            msg = f"{by} recorded this verdict and cannot {doing} it (four-eyes rule)"
            raise RuleViolation(msg)
        return self.verdict

    # --- commands ---

    def add_appearance(
        self,
        *,
        article_id: UUID,
        quote: str,
        span: tuple[int, int],
        speaker: str | None = None,
        by: str,
    ) -> None:
        """Record that the same claim was made again, in another article."""
        by = actor(by)
        draft = claim_draft(
            text=self.text,
            quote=quote,
            article_id=article_id,
            span=span,
            speaker=speaker,
        )
        self._require_open()
        if article_id in self.appeared_in:
            msg = f"the claim is already recorded as appearing in article {article_id}"
            raise RuleViolation(msg)
        assert draft.span is not None
        self._appearance_added(
            article_id=article_id,
            quote=draft.quote,
            span_start=draft.span[0],
            span_end=draft.span[1],
            speaker=draft.speaker,
            actor=by,
        )

    @event(AppearanceAdded)
    def _appearance_added(
        self,
        article_id: UUID,
        quote: str,
        span_start: int,
        span_end: int,
        speaker: str | None,
        actor: str,
        timestamp: datetime | None = None,
    ) -> None:
        self.appeared_in.add(article_id)
        self.appearances.append(
            Appearance(article_id, quote, (span_start, span_end), speaker, actor, _at(timestamp))
        )

    def assign(self, assignee: str, *, by: str) -> None:
        by = actor(by)
        who = actor(assignee)
        self._require_open()
        if who == self.assignee:
            msg = f"claim is already assigned to {who}"
            raise RuleViolation(msg)
        self._assigned(assignee=who, actor=by)

    @event(Assigned)
    def _assigned(self, assignee: str, actor: str) -> None:
        self.assignee = assignee

    def add_evidence(
        self,
        *,
        url: str,
        quote: str,
        stance: str,
        note: str | None = None,
        accessed_on: date | None = None,
        by: str,
    ) -> str:
        """Attach a source, and the day it was consulted if known. Returns the new
        evidence id (e1, e2, ...)."""
        by = actor(by)
        draft = evidence_draft(url=url, quote=quote, stance=stance, note=note)
        if accessed_on is not None:
            _require_access_day(accessed_on)
        self._require_open()
        evidence_id = f"e{len(self.evidence) + 1}"
        self._evidence_added(
            evidence_id=evidence_id,
            url=str(draft.url),
            quote=draft.quote,
            stance=draft.stance.value,
            note=draft.note,
            accessed_on=accessed_on,
            actor=by,
        )
        return evidence_id

    @event(EvidenceAdded)
    def _evidence_added(
        self,
        evidence_id: str,
        url: str,
        quote: str,
        stance: str,
        note: str | None,
        accessed_on: date | None,
        actor: str,
        timestamp: datetime | None = None,
    ) -> None:
        self.evidence[evidence_id] = Evidence(
            evidence_id=evidence_id,
            url=url,
            quote=quote,
            stance=stance,
            note=note,
            added_by=actor,
            added_at=_at(timestamp),
            accessed_on=accessed_on,
        )

    def withdraw_evidence(self, evidence_id: str, *, reason_text: str, by: str) -> None:
        by = actor(by)
        why = reason(reason_text)
        self._require_open()
        found = self.evidence.get(evidence_id)
        if found is None:  # an id that names nothing is bad input, not a refusal
            msg = f"claim has no evidence {evidence_id!r}"
            raise NotFound(msg)
        if found.withdrawn:
            msg = f"evidence {evidence_id} was already withdrawn"
            raise RuleViolation(msg)
        self._evidence_withdrawn(evidence_id=evidence_id, reason=why, actor=by)

    @event(EvidenceWithdrawn)
    def _evidence_withdrawn(self, evidence_id: str, reason: str, actor: str) -> None:
        withdrawn = self.evidence[evidence_id]
        withdrawn.withdrawn_reason = reason
        withdrawn.withdrawn_by = actor

    def record_verdict(
        self, *, rating: str, rationale: str, by: str, scale: RatingScale = DEFAULT_SCALE
    ) -> None:
        """Record a verdict; it supersedes any unpublished one and awaits review."""
        by = actor(by)
        key = scale.get(rating).key
        why = reason(rationale, what="rationale")
        self._require_open()
        if self.publication is not None:
            msg = "the verdict is published; change it with 'correct' and a note"
            raise RuleViolation(msg)
        self._verdict_recorded(rating=key, rationale=why, actor=by)

    @event(VerdictRecorded)
    def _verdict_recorded(
        self, rating: str, rationale: str, actor: str, timestamp: datetime | None = None
    ) -> None:
        if self.verdict is not None:
            self.superseded_verdicts.append(self.verdict)
        self.retraction = None
        self._advance("VerdictRecorded")
        self.verdict = Verdict(
            rating=rating, rationale=rationale, recorded_by=actor, recorded_at=_at(timestamp)
        )

    def approve_verdict(self, *, by: str, reason_text: str | None = None) -> None:
        who = actor(by)
        why = None if reason_text is None else reason(reason_text)
        self._require_pending_verdict(who, "approve")
        self._verdict_approved(actor=who, reason=why)

    @event(VerdictApproved)
    def _verdict_approved(self, actor: str, reason: str | None) -> None:
        assert self.verdict is not None
        self.verdict.review = Review.APPROVED
        self.verdict.reviewed_by = actor
        self._advance("VerdictApproved")

    def reject_verdict(self, *, reason_text: str, by: str) -> None:
        who = actor(by)
        why = reason(reason_text)
        self._require_pending_verdict(who, "reject")
        self._verdict_rejected(reason=why, actor=who)

    @event(VerdictRejected)
    def _verdict_rejected(self, reason: str, actor: str) -> None:
        assert self.verdict is not None
        self.verdict.review = Review.REJECTED
        self.verdict.reviewed_by = actor
        self.verdict.rejection_reason = reason
        self._advance("VerdictRejected")

    def publish(self, *, by: str) -> None:
        by = actor(by)
        self._require_open()
        if self.standing.published:
            msg = "claim is already published"
            raise RuleViolation(msg)
        if self.standing.retracted:
            msg = "the fact-check was retracted; record a new verdict before publishing again"
            raise RuleViolation(msg)
        if self.verdict is None or self.standing.review is not Review.APPROVED:
            msg = "only an approved verdict can be published"
            raise RuleViolation(msg)
        self._published(rating=self.verdict.rating, actor=by)

    @event(Published)
    def _published(self, rating: str, actor: str, timestamp: datetime | None = None) -> None:
        self.publication = Publication(
            rating=rating, published_by=actor, published_at=_at(timestamp)
        )
        self._advance("Published")

    def correct(
        self, *, rating: str, note: str, by: str, scale: RatingScale = DEFAULT_SCALE
    ) -> None:
        """Change a published rating openly: the event names old and new and why."""
        by = actor(by)
        new_rating = scale.get(rating).key
        why = reason(note, what="correction note")
        self._require_open()
        if self.publication is None or self.verdict is None:
            msg = "only a published verdict can be corrected"
            raise RuleViolation(msg)
        if new_rating == self.verdict.rating:
            msg = f"the published rating is already {new_rating}; use 'note' to add context"
            raise RuleViolation(msg)
        self._corrected(
            old_rating=self.verdict.rating,
            new_rating=new_rating,
            note=why,
            actor=by,
        )

    @event(Corrected)
    def _corrected(
        self,
        old_rating: str,
        new_rating: str,
        note: str,
        actor: str,
        timestamp: datetime | None = None,
    ) -> None:
        assert self.publication is not None
        assert self.verdict is not None
        self.verdict.rating = new_rating
        self.publication.rating = new_rating
        self.publication.corrections.append(
            Correction(
                old_rating=old_rating,
                new_rating=new_rating,
                note=note,
                corrected_by=actor,
                corrected_at=_at(timestamp),
            )
        )

    def retract(self, *, reason_text: str, by: str) -> None:
        """Withdraw a published fact-check openly; a new verdict may follow."""
        by = actor(by)
        why = reason(reason_text)
        self._require_open()
        if self.publication is None:
            msg = "only a published fact-check can be retracted"
            raise RuleViolation(msg)
        self._retracted(reason=why, actor=by)

    @event(Retracted)
    def _retracted(self, reason: str, actor: str, timestamp: datetime | None = None) -> None:
        assert self.publication is not None
        self.retraction = Retraction(
            publication=self.publication,
            reason=reason,
            retracted_by=actor,
            retracted_at=_at(timestamp),
        )
        self.retractions.append(self.retraction)
        self.publication = None
        self._advance("Retracted")

    def dismiss(self, *, reason_text: str, by: str) -> None:
        by = actor(by)
        why = reason(reason_text)
        self._require_open()
        if self.publication is not None:
            msg = "a published claim cannot be dismissed; correct or retract it instead"
            raise RuleViolation(msg)
        self._dismissed(reason=why, actor=by)

    @event(Dismissed)
    def _dismissed(self, reason: str, actor: str) -> None:
        self.dismissed_reason = reason
        self._advance("Dismissed")

    def reopen(self, *, by: str) -> None:
        by = actor(by)
        if not self.is_closed:
            msg = f"claim is {self.status.value}, not dismissed or duplicate; nothing to reopen"
            raise RuleViolation(msg)
        self._reopened(actor=by)

    @event(Reopened)
    def _reopened(self, actor: str) -> None:
        self.dismissed_reason = None
        self.duplicate_of = None
        self._advance("Reopened")

    def mark_duplicate(self, original: Claim, *, by: str) -> None:
        """Point this claim at the one it repeats; the original must be a live claim."""
        by = actor(by)
        self._require_open()
        if original.id == self.id:
            msg = "a claim cannot duplicate itself"
            raise RuleViolation(msg)
        if original.duplicate_of is not None:
            msg = f"claim {original.id} is itself a duplicate of {original.duplicate_of}"
            raise RuleViolation(msg)
        if original.is_closed:
            msg = f"claim {original.id} is {original.status.value}; mark duplicates of live claims"
            raise RuleViolation(msg)
        if self.publication is not None:
            msg = "a published claim cannot be marked duplicate"
            raise RuleViolation(msg)
        self._marked_duplicate(duplicate_of=original.id, actor=by)

    @event(MarkedDuplicate)
    def _marked_duplicate(self, duplicate_of: UUID, actor: str) -> None:
        self.duplicate_of = duplicate_of
        self._advance("MarkedDuplicate")

    def add_note(self, text: str, *, by: str) -> None:
        by = actor(by)
        what = reason(text, what="note")
        self._require_open()
        self._note_added(text=what, actor=by)

    @event(NoteAdded)
    def _note_added(self, text: str, actor: str, timestamp: datetime | None = None) -> None:
        self.notes.append(Note(text=text, by=actor, at=_at(timestamp)))
