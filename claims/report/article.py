"""What an article's report shows: its text, and each claim made in it at its span.

The claims come from the `appearances` read model (a claim registered from the
article, or one that appeared in it later); each claim's record (verdict,
evidence, corrections, retractions) is its own aggregate, loaded by id; the
ClaimReview of a published one is the `claimreview` read model's document composed
as `claims export claimreview` composes it. Nothing replays the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol
from uuid import UUID

import orjson

from claims.projections.claimreview import Organisation, compose
from claims.projections.errors import ProjectionStale
from claims.projections.freshness import readable
from claims.projections.queries import _scale_of
from claims.projections.schema import APPEARANCES, BASE, CLAIMREVIEW
from claims.projections.source import ScaledSource
from claims.views import ArticleView, ClaimView
from domain.ratings import RatingScale


@dataclass(frozen=True)
class ClaimOnPage:
    """A claim as made in this article: its span there (None when the span does not
    fit the text), the quote and the speaker of that appearance."""

    number: int
    view: ClaimView
    span: tuple[int, int] | None
    quote: str
    speaker: str | None
    claimreview: dict[str, Any] | None


@dataclass(frozen=True)
class ArticleReport:
    article: ArticleView
    text: str
    claims: list[ClaimOnPage]
    scale: RatingScale
    generated_at: datetime


class ArticleSource(ScaledSource, Protocol):
    """A ledger as the article page reads it: the read models, and the article and
    its claims from the event store."""

    def get_article(self, article_id: UUID) -> ArticleView: ...

    def article_text(self, article_id: UUID) -> str: ...

    def get_claim(self, claim_id: UUID, *, version: int | None = None) -> ClaimView: ...


def article_report(ledger: ArticleSource, article_id: UUID) -> ArticleReport:
    article = ledger.get_article(article_id)
    text: str = ledger.article_text(article_id)
    ctx = readable(ledger, BASE, "appearances", "claimreview")
    if ctx is None:  # the article exists, so the store does: it cannot be empty
        msg = "the read models hold nothing yet: run `claims projections rebuild --all`"
        raise ProjectionStale(msg)
    p = ctx.dialect.param
    with ctx.dialect.transaction(lock=False) as cur:
        cur.execute(
            f"SELECT claim_id FROM {APPEARANCES.view} "  # noqa: S608
            f"WHERE article_id = {p} ORDER BY position",
            (str(article_id),),
        )
        claim_ids = [row[0] for row in cur.fetchall()]
        documents = _claimreview_rows(cur, p, claim_ids)
    scale = _scale_of(ledger)
    org = Organisation.from_env()
    placed = []
    for claim_id in claim_ids:
        view: ClaimView = ledger.get_claim(UUID(claim_id))
        span, quote, speaker = _where_made(view, article_id, len(text))
        review = None
        if claim_id in documents and view.status == "published":
            rating, stored = documents[claim_id]
            review = compose(claim_id, rating, stored, org, scale)
        placed.append((span, view, quote, speaker, review))
    # In reading order; a claim whose span does not fit the text goes last.
    placed.sort(key=lambda item: item[0] if item[0] is not None else (len(text) + 1, 0))
    claims = [
        ClaimOnPage(n, view, span, quote, speaker, review)
        for n, (span, view, quote, speaker, review) in enumerate(placed, start=1)
    ]
    return ArticleReport(article, text, claims, scale, datetime.now(UTC))


def _where_made(
    view: ClaimView, article_id: UUID, length: int
) -> tuple[tuple[int, int] | None, str, str | None]:
    """The span, quote and speaker of the claim's appearance in this article."""
    for appearance in view.appearances:
        if appearance.article_id == article_id:
            start, end = appearance.span
            fits = 0 <= start < end <= length
            return (start, end) if fits else None, appearance.quote, appearance.speaker
    return None, view.quote, view.speaker


def _claimreview_rows(
    cur: Any, p: str, claim_ids: list[str]
) -> dict[str, tuple[str, dict[str, Any]]]:
    """claim id -> (rating, stored document) for the published ones, 500 ids a query."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for start in range(0, len(claim_ids), 500):
        chunk = claim_ids[start : start + 500]
        marks = ", ".join([p] * len(chunk))
        cur.execute(
            f"SELECT id, rating, document FROM {CLAIMREVIEW.view} "  # noqa: S608
            f"WHERE id IN ({marks})",
            chunk,
        )
        for claim_id, rating, document in cur.fetchall():
            found[claim_id] = (rating, orjson.loads(document))
    return found
