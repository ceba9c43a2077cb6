"""What a claim's record holds: its evidence, verdicts, corrections, notes, appearances,
publication and retractions. Plain values the `Claim` aggregate builds in its event
bodies and the views read; no rules live here (they are `Claim`'s and
`domain.standing`'s)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from domain.standing import Review


@dataclass
class Evidence:
    evidence_id: str
    url: str
    quote: str
    stance: str
    note: str | None
    added_by: str
    added_at: datetime
    # The day the source was consulted, where the checker recorded it: a page can
    # change after it was read.
    accessed_on: date | None = None
    withdrawn_reason: str | None = None
    withdrawn_by: str | None = None

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_reason is not None


@dataclass
class Verdict:
    rating: str
    rationale: str
    recorded_by: str
    recorded_at: datetime
    review: Review = Review.PENDING
    reviewed_by: str | None = None
    rejection_reason: str | None = None


@dataclass
class Correction:
    old_rating: str
    new_rating: str
    note: str
    corrected_by: str
    corrected_at: datetime


@dataclass
class Note:
    text: str
    by: str
    at: datetime


@dataclass(frozen=True)
class Appearance:
    """Where the claim was made: an article, the exact words and their span there."""

    article_id: UUID
    quote: str
    span: tuple[int, int]
    speaker: str | None
    added_by: str
    added_at: datetime


@dataclass
class Publication:
    rating: str
    published_by: str
    published_at: datetime
    corrections: list[Correction] = field(default_factory=list)


@dataclass(frozen=True)
class Retraction:
    """A published fact-check taken back, with the publication it withdrew."""

    publication: Publication
    reason: str
    retracted_by: str
    retracted_at: datetime
