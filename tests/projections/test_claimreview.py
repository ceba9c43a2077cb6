"""ClaimReview JSON-LD: every required field, the recommended ones, and corrections."""

from __future__ import annotations

import pytest

from claims.application import ClaimsLedger
from claims.projections import catch_up, claimreview_documents
from claims.projections.claimreview import DEFAULT_ORG_NAME, DEFAULT_ORG_URL
from tests.projections.support import EDITOR, FACT_CHECKER, TRADE_QUOTE, article, claim


def publish(ledger: ClaimsLedger, claim_id: object, rating: str) -> None:
    ledger.record_verdict(claim_id, rating=rating, rationale="the data", by=FACT_CHECKER)  # type: ignore[arg-type]
    ledger.approve_verdict(claim_id, by=EDITOR)  # type: ignore[arg-type]
    ledger.publish(claim_id, by=EDITOR)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _default_organisation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMS_ORG_NAME", raising=False)
    monkeypatch.delenv("CLAIMS_ORG_URL", raising=False)


def test_a_published_claim_carries_every_required_and_recommended_field(
    ledger: ClaimsLedger,
) -> None:
    source = article(ledger)
    claim_id = claim(
        ledger,
        "China-Russia trade totaled $240 billion",
        quote=TRADE_QUOTE,
        article_id=source.id,
        speaker="Vladimir Putin",
    )
    publish(ledger, claim_id, "mostly-true")
    view = ledger.get_claim(claim_id)

    [document] = list(claimreview_documents(ledger))

    assert document["@context"] == "https://schema.org"
    assert document["@type"] == "ClaimReview"
    assert document["claimReviewed"] == "China-Russia trade totaled $240 billion"
    assert document["url"] == f"{DEFAULT_ORG_URL}/claims/{claim_id}"
    assert document["author"] == {
        "@type": "Organization",
        "name": DEFAULT_ORG_NAME,
        "url": DEFAULT_ORG_URL,
    }
    assert view.published_at is not None
    assert document["datePublished"] == view.published_at.date().isoformat()
    assert document["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly true",
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert document["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Vladimir Putin"},
        "datePublished": "2024-05-16",
        "appearance": [
            {
                "@type": "CreativeWork",
                "url": "https://example.com/putin-xi",
                "headline": "Summit",
                "datePublished": "2024-05-16",
            }
        ],
    }
    assert "dateModified" not in document


def test_a_rating_without_a_number_has_only_its_name(ledger: ClaimsLedger) -> None:
    claim_id = claim(ledger, "It was all a plan", source_url="https://tv.example.org/clip")
    publish(ledger, claim_id, "misleading")

    [document] = list(claimreview_documents(ledger))

    assert document["reviewRating"] == {"@type": "Rating", "alternateName": "Misleading"}
    assert document["itemReviewed"] == {
        "@type": "Claim",
        "appearance": [{"@type": "CreativeWork", "url": "https://tv.example.org/clip"}],
    }


def test_a_correction_changes_the_rating_and_dates_the_change(ledger: ClaimsLedger) -> None:
    claim_id = claim(ledger, "Exports doubled")
    publish(ledger, claim_id, "false")
    [before] = list(claimreview_documents(ledger))

    ledger.correct(claim_id, rating="mixed", note="the series was revised", by=EDITOR)
    catch_up(ledger)
    [after] = list(claimreview_documents(ledger))

    assert before["reviewRating"]["alternateName"] == "False"
    assert after["reviewRating"]["alternateName"] == "Mixed"
    assert after["reviewRating"]["ratingValue"] == 3
    correction = ledger.get_claim(claim_id).corrections[0]
    assert after["dateModified"] == correction.corrected_at.date().isoformat()
    assert after["datePublished"] == before["datePublished"]


def test_only_published_claims_are_exported_in_registration_order(ledger: ClaimsLedger) -> None:
    first = claim(ledger, "First claim")
    claim(ledger, "Never published")
    second = claim(ledger, "Second claim")
    publish(ledger, second, "true")
    publish(ledger, first, "false")

    urls = [d["url"] for d in claimreview_documents(ledger)]

    assert urls == [f"{DEFAULT_ORG_URL}/claims/{first}", f"{DEFAULT_ORG_URL}/claims/{second}"]


def test_a_claim_seen_in_two_articles_lists_both_appearances(ledger: ClaimsLedger) -> None:
    first = article(ledger)
    second = article(ledger, text=f"Later: {TRADE_QUOTE}, officials said.", title="Follow-up")
    claim_id = claim(ledger, "Trade hit $240bn", quote=TRADE_QUOTE, article_id=first.id)
    aggregate = ledger.repository.get(claim_id)
    aggregate.add_appearance(
        article_id=second.id, quote=TRADE_QUOTE, span=(7, 7 + len(TRADE_QUOTE)), by=FACT_CHECKER
    )
    ledger.save(aggregate)
    publish(ledger, claim_id, "true")

    [document] = list(claimreview_documents(ledger))

    headlines = [a["headline"] for a in document["itemReviewed"]["appearance"]]
    assert headlines == ["Summit", "Follow-up"]
