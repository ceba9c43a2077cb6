"""A claim's standing: the few facts its status is read from, and the one statement of
how each event of its life changes them.

`Claim` keeps a `Standing` and advances it through `STANDING_CHANGES` in its event
bodies; the read models fold stored events through the same table and read the status
with the same rule (`Standing.status`), so the claim's life is written here once and
nowhere else. A table of plain functions, not methods on the aggregate, because a
read model folds millions of stored events without building a single aggregate.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import NamedTuple


class ClaimStatus(StrEnum):
    OPEN = "open"
    IN_REVIEW = "in-review"
    REJECTED = "rejected"
    APPROVED = "approved"
    PUBLISHED = "published"
    RETRACTED = "retracted"
    DISMISSED = "dismissed"
    DUPLICATE = "duplicate"


class Review(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


_REVIEW_STATUS = {
    Review.PENDING: ClaimStatus.IN_REVIEW,
    Review.APPROVED: ClaimStatus.APPROVED,
    Review.REJECTED: ClaimStatus.REJECTED,
}


class Standing(NamedTuple):
    """Where a claim stands: the review of its current verdict (None before the first
    verdict) and whether it is published, under a retraction, dismissed, or a duplicate."""

    review: Review | None = None
    published: bool = False
    retracted: bool = False
    dismissed: bool = False
    duplicate: bool = False

    @property
    def status(self) -> ClaimStatus:
        """The rule: closing a claim (dismissed, duplicate) outranks its verdict's
        publication, which outranks a retraction, which outranks the review."""
        if self.dismissed:
            return ClaimStatus.DISMISSED
        if self.duplicate:
            return ClaimStatus.DUPLICATE
        if self.published:
            return ClaimStatus.PUBLISHED
        if self.retracted:
            return ClaimStatus.RETRACTED
        if self.review is None:
            return ClaimStatus.OPEN
        return _REVIEW_STATUS[self.review]

    @property
    def closed(self) -> bool:
        """Dismissed or a duplicate: nothing but reopening is allowed."""
        return self.dismissed or self.duplicate


Change = Callable[[Standing], Standing]

# What each event of a claim's life does to its standing, by event class name. An event
# not named here (registration, evidence, notes, assignment, appearances, corrections)
# leaves the standing as it is.
STANDING_CHANGES: Mapping[str, Change] = {
    # A new verdict awaits review and ends a retraction: the claim may be published again.
    "VerdictRecorded": lambda s: s._replace(review=Review.PENDING, retracted=False),
    "VerdictApproved": lambda s: s._replace(review=Review.APPROVED),
    "VerdictRejected": lambda s: s._replace(review=Review.REJECTED),
    "Published": lambda s: s._replace(published=True),
    "Retracted": lambda s: s._replace(published=False, retracted=True),
    "Dismissed": lambda s: s._replace(dismissed=True),
    "Reopened": lambda s: s._replace(dismissed=False, duplicate=False),
    "MarkedDuplicate": lambda s: s._replace(duplicate=True),
}

# The events that set the claim's rating, and the field of the event that carries it:
# the verdict's rating until publication, the published one after, then each correction's.
RATING_FIELDS: Mapping[str, str] = {
    "VerdictRecorded": "rating",
    "Published": "rating",
    "Corrected": "new_rating",
}


def advanced(standing: Standing, event_name: str) -> Standing:
    """The standing after an event of the named class."""
    change = STANDING_CHANGES.get(event_name)
    return standing if change is None else change(standing)
