"""Plain data the application hands out: what users read, and its stable JSON shape."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from domain.article import Article
from domain.claim import Claim
from domain.claim_record import Correction, Retraction
from domain.ratings import RatingScale
from domain.team import Role, Team


class View(BaseModel):
    # from_attributes: a view of a domain value (evidence, a note...) is read off its
    # fields by name (`model_validate(value)`), not copied field by field by hand.
    model_config = ConfigDict(frozen=True, from_attributes=True)

    def as_json(self) -> dict[str, Any]:
        """Ids as strings, timestamps as ISO-8601 UTC, keys in declaration order."""
        return self.model_dump(mode="json")


class EvidenceView(View):
    id: str = Field(validation_alias=AliasChoices("id", "evidence_id"))
    url: str
    quote: str
    stance: str
    note: str | None
    added_by: str
    added_at: datetime
    accessed_on: date | None
    withdrawn: bool
    withdrawn_reason: str | None


class VerdictView(View):
    rating: str
    rating_label: str
    rationale: str
    recorded_by: str
    recorded_at: datetime
    review: str
    reviewed_by: str | None
    rejection_reason: str | None


class CorrectionView(View):
    old_rating: str
    new_rating: str
    note: str
    corrected_by: str
    corrected_at: datetime

    @classmethod
    def of(cls, correction: Correction) -> CorrectionView:
        return cls.model_validate(correction)


class AppearanceView(View):
    article_id: UUID
    quote: str
    span: tuple[int, int]
    speaker: str | None
    added_by: str
    added_at: datetime


class RetractionView(View):
    """A published fact-check that was taken back: what it said, the corrections it
    had, and why it went."""

    rating: str
    published_at: datetime
    published_by: str
    corrections: list[CorrectionView]
    reason: str
    retracted_by: str
    retracted_at: datetime

    @classmethod
    def of(cls, retraction: Retraction) -> RetractionView:
        publication = retraction.publication
        return cls(
            rating=publication.rating,
            published_at=publication.published_at,
            published_by=publication.published_by,
            corrections=[CorrectionView.of(c) for c in publication.corrections],
            reason=retraction.reason,
            retracted_by=retraction.retracted_by,
            retracted_at=retraction.retracted_at,
        )


class NoteView(View):
    text: str
    by: str
    at: datetime


class ClaimView(View):
    id: UUID
    version: int
    status: str
    text: str
    quote: str
    article_id: UUID | None
    span: tuple[int, int] | None
    speaker: str | None
    checkworthiness: float | None
    features: list[str]
    source_url: str | None
    appearances: list[AppearanceView]
    registered_by: str
    registered_at: datetime
    last_change: datetime
    assignee: str | None
    evidence: list[EvidenceView]
    verdict: VerdictView | None
    published_at: datetime | None
    published_by: str | None
    corrections: list[CorrectionView]
    # The retraction in force (until a new verdict is recorded), and every
    # retraction, oldest first.
    retraction: RetractionView | None
    retractions: list[RetractionView]
    dismissed_reason: str | None
    duplicate_of: UUID | None
    notes: list[NoteView]

    @classmethod
    def of(cls, claim: Claim, scale: RatingScale) -> ClaimView:
        verdict = claim.verdict
        publication = claim.publication
        return cls(
            id=claim.id,
            version=claim.version,
            status=claim.status.value,
            text=claim.text,
            quote=claim.quote,
            article_id=claim.article_id,
            span=claim.span,
            speaker=claim.speaker,
            checkworthiness=claim.checkworthiness,
            features=list(claim.features),
            source_url=claim.source_url,
            appearances=[AppearanceView.model_validate(a) for a in claim.appearances],
            registered_by=claim.registered_by,
            registered_at=claim.created_on,
            last_change=claim.modified_on,
            assignee=claim.assignee,
            evidence=[EvidenceView.model_validate(e) for e in claim.evidence.values()],
            verdict=None
            if verdict is None
            else VerdictView(
                rating=verdict.rating,
                rating_label=scale.label_of(verdict.rating),
                rationale=verdict.rationale,
                recorded_by=verdict.recorded_by,
                recorded_at=verdict.recorded_at,
                review=verdict.review.value,
                reviewed_by=verdict.reviewed_by,
                rejection_reason=verdict.rejection_reason,
            ),
            published_at=publication.published_at if publication else None,
            published_by=publication.published_by if publication else None,
            corrections=[
                CorrectionView.of(c) for c in (publication.corrections if publication else [])
            ],
            retraction=RetractionView.of(claim.retraction) if claim.retraction else None,
            retractions=[RetractionView.of(r) for r in claim.retractions],
            dismissed_reason=claim.dismissed_reason,
            duplicate_of=claim.duplicate_of,
            notes=[NoteView.model_validate(n) for n in claim.notes],
        )


class ClaimSummary(View):
    """One row of the fact-check table."""

    id: UUID
    status: str
    rating: str | None
    speaker: str | None
    assignee: str | None
    article_id: UUID | None
    text: str
    last_change: datetime

    @classmethod
    def of(cls, claim: Claim) -> ClaimSummary:
        return cls(
            id=claim.id,
            status=claim.status.value,
            rating=claim.verdict.rating if claim.verdict else None,
            speaker=claim.speaker,
            assignee=claim.assignee,
            article_id=claim.article_id,
            text=claim.text,
            last_change=claim.modified_on,
        )


class IngestArticleView(View):
    """An article as ingest reports it: what identifies it and where it came from."""

    id: UUID
    title: str
    published: date
    url: str | None
    sha256: str

    @classmethod
    def of(cls, article: Article) -> IngestArticleView:
        return cls(
            id=article.id,
            title=article.title,
            published=article.published,
            url=article.url,
            sha256=article.sha256,
        )


class ArticleView(IngestArticleView):
    length: int
    registered_by: str
    registered_at: datetime

    @classmethod
    def of(cls, article: Article) -> ArticleView:
        return cls(
            **IngestArticleView.of(article).model_dump(),
            length=len(article.text),
            registered_by=article.registered_by,
            registered_at=article.created_on,
        )


class HistoryEntry(View):
    """One stored event as an auditor reads it."""

    version: int
    timestamp: datetime
    actor: str
    # Who ran the command, when not the actor (an admin acting for a member, or
    # anyone naming someone with --as on a desk without a team).
    entered_by: str | None = None
    type: str
    payload: dict[str, Any]


class RatingView(View):
    key: str
    label: str
    value: int | None


class ScaleView(View):
    """The rating scale in force, and who adopted it when (None: the built-in default)."""

    name: str
    ratings: list[RatingView]
    adopted_by: str | None
    adopted_at: datetime | None

    @classmethod
    def of(
        cls, scale: RatingScale, adopted_by: str | None, adopted_at: datetime | None
    ) -> ScaleView:
        return cls(
            name=scale.name,
            ratings=[RatingView(key=r.key, label=r.label, value=r.value) for r in scale.ratings],
            adopted_by=adopted_by,
            adopted_at=adopted_at,
        )


class ActivityEntry(View):
    """One event in the store-wide activity log."""

    position: int
    timestamp: datetime | None
    aggregate: str
    aggregate_id: UUID
    version: int
    actor: str | None
    entered_by: str | None = None
    type: str
    payload: dict[str, Any]


class FieldChange(View):
    field: str
    before: Any
    after: Any


class ClaimDiff(View):
    claim_id: UUID
    from_version: int
    to_version: int
    changes: list[FieldChange]
    events: list[HistoryEntry]


class SimilarClaimView(View):
    """A candidate duplicate: a known claim that may say the same thing, and how likely."""

    id: UUID
    text: str
    status: str
    score: float


class IngestedClaimView(View):
    """A claim an article yielded: `new`, or an appearance of a known claim."""

    id: UUID
    text: str
    quote: str
    span: tuple[int, int]
    speaker: str | None
    checkworthiness: float
    features: list[str]
    new: bool
    # The score's log-odds term by term: "bias", "model" (what the words added), then
    # each fired feature's weight; see claims/extraction/model.py.
    contributions: dict[str, float] = {}
    # Known claims this new one closely matches: candidates for `claims duplicate`,
    # never merged automatically.
    similar: list[SimilarClaimView] = []


class IngestResult(View):
    article: IngestArticleView
    already_ingested: bool
    claims: list[IngestedClaimView]


class MemberView(View):
    name: str
    roles: list[str]


class TeamView(View):
    """The team as it stands (or stood `as_of`): no team means every command is open."""

    formed: bool
    as_of: datetime | None
    members: list[MemberView]

    @classmethod
    def of(cls, team: Team | None, as_of: datetime | None) -> TeamView:
        members = [] if team is None else sorted(team.members.items())
        return cls(
            formed=team is not None,
            as_of=as_of,
            members=[
                MemberView(name=name, roles=[r.value for r in Role if r in roles])
                for name, roles in members
            ],
        )
