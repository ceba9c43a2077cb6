"""Plain data the projections hand out, with stable JSON keys."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from claims.views import View


class QueueItem(View):
    """A claim in someone's queue."""

    id: UUID
    status: str
    rating: str | None
    assignee: str | None
    verdict_by: str | None
    text: str
    last_change: datetime


class QueueView(View):
    """A user's queue: their assigned open claims, and verdicts they may review."""

    user: str
    assigned: list[QueueItem]
    to_review: list[QueueItem]


class ArticleStats(View):
    """What became of the claims made in one article."""

    id: UUID
    title: str | None
    url: str | None
    published: date | None
    registered_at: datetime | None
    claims: int
    checked: int
    published_claims: int
    ratings: dict[str, int]


class ModelStatus(View):
    """One read model as the operator sees it."""

    name: str
    description: str
    version: int | None
    code_version: int
    position: int
    head: int
    lag: int
    lag_seconds: float | None
    followed: bool
    needs_rebuild: bool
    reason: str | None
    rebuild_position: int | None
