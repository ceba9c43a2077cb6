"""Shared builders for the application tests: an article, claims in each state."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from uuid import UUID

from claims.application import ClaimsLedger
from claims.storage.location import locate_store
from claims.views import ArticleView

FACT_CHECKER = "maria"
EDITOR = "tom"

ARTICLE_TEXT = (
    "Putin and Xi met in Beijing. China's trade with Russia totaled $240 billion last year, "
    "the customs office said. Putin said the partnership is not directed against anyone. "
    "Xi said the two countries would deepen cooperation."
)
TRADE_QUOTE = "China's trade with Russia totaled $240 billion last year"


@contextmanager
def ledger_at(url: str) -> Iterator[ClaimsLedger]:
    """A second (or third) ledger on the same store, closed afterwards."""
    ledger = ClaimsLedger.open(locate_store(url))
    try:
        yield ledger
    finally:
        ledger.close()


def article(
    ledger: ClaimsLedger, text: str = ARTICLE_TEXT, title: str = "Putin and Xi meet in Beijing"
) -> ArticleView:
    view, _ = ledger.register_article(
        title=title,
        published=date(2024, 5, 16),
        text=text,
        url="https://example.com/putin-xi",
        by=FACT_CHECKER,
    )
    return view


def claim(ledger: ClaimsLedger, text: str = "Trade totaled $240 billion", **fields: object) -> UUID:
    values: dict[str, object] = {"quote": "a quote", "by": FACT_CHECKER, **fields}
    return ledger.register_claim(text=text, **values).id  # type: ignore[arg-type]


def in_review(ledger: ClaimsLedger, text: str = "A claim in review", rating: str = "false") -> UUID:
    claim_id = claim(ledger, text)
    ledger.record_verdict(claim_id, rating=rating, rationale="the data say so", by=FACT_CHECKER)
    return claim_id


def approved(ledger: ClaimsLedger, text: str = "An approved claim", rating: str = "false") -> UUID:
    claim_id = in_review(ledger, text, rating)
    ledger.approve_verdict(claim_id, by=EDITOR)
    return claim_id


def published(ledger: ClaimsLedger, text: str = "A published claim", rating: str = "false") -> UUID:
    claim_id = approved(ledger, text, rating)
    ledger.publish(claim_id, by=EDITOR)
    return claim_id


def dismissed(ledger: ClaimsLedger, text: str = "A dismissed claim") -> UUID:
    claim_id = claim(ledger, text)
    ledger.dismiss(claim_id, reason="not check-worthy", by=EDITOR)
    return claim_id
