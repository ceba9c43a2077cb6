"""Highlights cover exactly each claim's span, however the spans lie."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from claims.report.article import article_report
from claims.report.article_page import render
from tests.application.support import ledger_at
from tests.report.pages import Marks

TEXT = "Lead. Trade with Russia totaled $240 billion last year, the office said. End."
OUTER = "Trade with Russia totaled $240 billion last year, the office said."
INNER = "$240 billion"
CROSSING = "last year, the office said. End."


def test_nested_and_crossing_spans_each_cover_their_own_text() -> None:
    with ledger_at(":memory:") as ledger:
        article, _ = ledger.register_article(
            title="Spans", published=date(2024, 5, 16), text=TEXT, url=None, by="maria"
        )
        ids = {
            quote: ledger.register_claim(
                text=f"Claim about {quote}", quote=quote, article_id=article.id, by="maria"
            ).id
            for quote in (OUTER, INNER, CROSSING)
        }
        report = article_report(ledger, article.id)

    page = render(report)

    assert Marks(page).by_claim == {str(claim): quote for quote, claim in ids.items()}
    assert [c.number for c in report.claims] == [1, 2, 3]
    assert [c.quote for c in report.claims] == [OUTER, INNER, CROSSING]  # reading order
    assert page.count("<mark") == page.count("</mark>")


def test_a_claim_with_no_span_in_the_text_is_listed_but_not_highlighted() -> None:
    with ledger_at(":memory:") as ledger:
        article, _ = ledger.register_article(
            title="Spans", published=date(2024, 5, 16), text=TEXT, url=None, by="maria"
        )
        ledger.register_claim(text="A claim", quote=OUTER, article_id=article.id, by="maria")
        report = article_report(ledger, article.id)
    [claim] = report.claims
    moved = replace(claim, span=None)

    page = render(replace(report, claims=[moved]))

    assert Marks(page).by_claim == {}
    assert "its span is not in this text" in page
