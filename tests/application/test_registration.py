"""Registering articles and claims: content-keyed, anchored, never stored twice."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from claims.application import ClaimsLedger
from claims.errors import AlreadyRegistered
from domain.errors import InvalidInput, NotFound
from domain.ids import claim_id_for, sha256_hex
from tests.application.support import (
    ARTICLE_TEXT,
    FACT_CHECKER,
    TRADE_QUOTE,
    article,
)


def test_registering_an_article_returns_its_view_and_says_it_is_new(
    ledger: ClaimsLedger,
) -> None:
    view, is_new = ledger.register_article(
        title="Putin and Xi meet",
        published=date(2024, 5, 16),
        text=ARTICLE_TEXT,
        url="https://example.com/putin-xi",
        by="maria",
    )

    assert is_new is True
    assert view.title == "Putin and Xi meet"
    assert view.published == date(2024, 5, 16)
    assert view.url == "https://example.com/putin-xi"
    assert view.sha256 == sha256_hex(ARTICLE_TEXT)
    assert view.length == len(ARTICLE_TEXT)
    assert view.registered_by == "maria"
    assert ledger.get_article(view.id) == view
    assert ledger.article_text(view.id) == ARTICLE_TEXT
    assert ledger.find_article(view.id.hex[:8]) == view.id


def test_registering_the_same_article_text_again_returns_the_first_and_stores_nothing(
    ledger: ClaimsLedger,
) -> None:
    first = article(ledger)
    before = ledger.fingerprint()

    again, is_new = ledger.register_article(
        title="A different title",
        published=date(2025, 1, 1),
        text=ARTICLE_TEXT,
        url=None,
        by="tom",
    )

    assert is_new is False
    assert again == first
    assert ledger.fingerprint() == before


def test_claim_with_an_article_is_anchored_at_the_first_occurrence_of_its_quote(
    ledger: ClaimsLedger,
) -> None:
    source = article(ledger)

    view = ledger.register_claim(
        text="China-Russia trade totaled $240 billion last year",
        quote=TRADE_QUOTE,
        article_id=source.id,
        speaker="Customs office",
        checkworthiness=0.9,
        source_url="https://example.com/putin-xi",
        by=FACT_CHECKER,
    )

    start = ARTICLE_TEXT.index(TRADE_QUOTE)
    assert view.span == (start, start + len(TRADE_QUOTE))
    assert ARTICLE_TEXT[view.span[0] : view.span[1]] == view.quote
    assert view.article_id == source.id
    assert view.status == "open"
    assert view.version == 1
    assert view.speaker == "Customs office"
    assert view.checkworthiness == 0.9
    assert view.source_url == "https://example.com/putin-xi"
    assert view.registered_by == FACT_CHECKER
    assert view.id == claim_id_for("China-Russia trade totaled $240 billion last year")
    assert ledger.get_claim(view.id) == view


def test_claim_with_an_explicit_span_that_holds_the_quote_keeps_that_span(
    ledger: ClaimsLedger,
) -> None:
    source = article(ledger)
    start = ARTICLE_TEXT.index(TRADE_QUOTE)

    view = ledger.register_claim(
        text="Trade totaled $240 billion",
        quote=TRADE_QUOTE,
        article_id=source.id,
        span=(start, start + len(TRADE_QUOTE)),
        by=FACT_CHECKER,
    )

    assert view.span == (start, start + len(TRADE_QUOTE))


def test_claim_with_an_explicit_span_that_is_not_the_quote_is_invalid_and_not_stored(
    ledger: ClaimsLedger,
) -> None:
    source = article(ledger)
    before = ledger.fingerprint()

    with pytest.raises(InvalidInput, match=r"span 0:10 .* is not the quote"):
        ledger.register_claim(
            text="Trade totaled $240 billion",
            quote=TRADE_QUOTE,
            article_id=source.id,
            span=(0, 10),
            by=FACT_CHECKER,
        )

    assert ledger.fingerprint() == before


def test_claim_whose_quote_is_not_in_the_article_is_invalid_and_not_stored(
    ledger: ClaimsLedger,
) -> None:
    source = article(ledger)
    before = ledger.fingerprint()

    with pytest.raises(InvalidInput, match="does not occur in article"):
        ledger.register_claim(
            text="Trade totaled $300 billion",
            quote="trade totaled $300 billion",
            article_id=source.id,
            by=FACT_CHECKER,
        )

    assert ledger.fingerprint() == before


def test_claim_pointing_at_an_unknown_article_is_not_found(ledger: ClaimsLedger) -> None:
    unknown = uuid4()

    with pytest.raises(NotFound, match=str(unknown)):
        ledger.register_claim(text="A claim", quote="a quote", article_id=unknown, by="maria")

    assert ledger.fingerprint()[0] == 0


def test_claim_pointing_at_a_claim_instead_of_an_article_is_not_found(
    ledger: ClaimsLedger,
) -> None:
    other = ledger.register_claim(text="A claim", quote="a quote", by="maria")

    with pytest.raises(NotFound, match="no article"):
        ledger.register_claim(text="Another", quote="a quote", article_id=other.id, by="maria")


def test_registering_the_same_claim_text_twice_is_refused_with_the_existing_id(
    ledger: ClaimsLedger,
) -> None:
    first = ledger.register_claim(text="Trade totaled $240 billion.", quote="q", by="maria")
    before = ledger.fingerprint()

    with pytest.raises(AlreadyRegistered) as refused:
        # Same claim after normalisation: case, spacing and closing punctuation.
        ledger.register_claim(text="  trade   TOTALED $240 billion ", quote="other", by="tom")

    assert refused.value.existing_id == str(first.id)
    assert str(first.id) in str(refused.value)
    assert ledger.fingerprint() == before


def test_registering_an_invalid_claim_is_refused_before_anything_is_stored(
    ledger: ClaimsLedger,
) -> None:
    with pytest.raises(InvalidInput, match="checkworthiness"):
        ledger.register_claim(text="A claim", quote="q", checkworthiness=1.5, by="maria")
    with pytest.raises(InvalidInput, match="user name"):
        ledger.register_claim(text="A claim", quote="q", by="two words")

    assert ledger.fingerprint() == (0, 0)
