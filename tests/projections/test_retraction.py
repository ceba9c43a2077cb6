"""A retracted fact-check leaves every read model: the table says so, ClaimReview drops it,
the article no longer counts it as published, and its assignee gets it back to redo."""

from __future__ import annotations

from uuid import UUID

from claims.application import ClaimsLedger
from claims.projections import (
    article_stats,
    claimreview_documents,
    factcheck_rows,
    list_claims,
    queue_for,
    rebuild,
    verify,
)
from claims.projections.queries import CSV_COLUMNS
from tests.projections.support import EDITOR, FACT_CHECKER, TRADE_QUOTE, article, claim, tables


def published_claim(ledger: ClaimsLedger) -> tuple[UUID, UUID]:
    source = article(ledger)
    claim_id = claim(ledger, "Trade totaled $240 billion", quote=TRADE_QUOTE, article_id=source.id)
    ledger.assign(claim_id, FACT_CHECKER, by=EDITOR)
    ledger.record_verdict(claim_id, rating="true", rationale="customs data", by=FACT_CHECKER)
    ledger.approve_verdict(claim_id, by=EDITOR)
    ledger.publish(claim_id, by=EDITOR)
    ledger.correct(claim_id, rating="mostly-true", note="rounded", by=EDITOR)
    return source.id, claim_id


def row_of(ledger: ClaimsLedger, claim_id: UUID) -> dict[str, object]:
    [row] = [
        dict(zip(CSV_COLUMNS, r, strict=True))
        for r in factcheck_rows(ledger)
        if r[0] == str(claim_id)
    ]
    return row


def test_a_retraction_takes_the_fact_check_out_of_every_read_model(ledger: ClaimsLedger) -> None:
    article_id, claim_id = published_claim(ledger)
    assert len(list(claimreview_documents(ledger))) == 1

    view = ledger.retract(claim_id, reason="the customs series was revised", by=EDITOR)

    assert view.retraction is not None
    assert [(c.old_rating, c.new_rating) for c in view.retraction.corrections] == [
        ("true", "mostly-true")
    ]
    row = row_of(ledger, claim_id)
    assert row["status"] == "retracted"
    assert row["retracted_at"] == view.retraction.retracted_at.isoformat()
    assert row["retraction_reason"] == "the customs series was revised"
    assert row["published_at"] is None
    assert row["corrections"] == 0
    assert [r.status for r in list_claims(ledger, status="retracted")] == ["retracted"]
    assert list(claimreview_documents(ledger)) == []
    [stats] = [s for s in article_stats(ledger) if s.id == article_id]
    assert (stats.claims, stats.checked, stats.published_claims) == (1, 1, 0)
    assert stats.ratings == {}
    assert [item.id for item in queue_for(ledger, FACT_CHECKER).assigned] == [claim_id]
    assert verify(ledger).identical


def test_a_new_verdict_after_a_retraction_can_be_published_again(ledger: ClaimsLedger) -> None:
    article_id, claim_id = published_claim(ledger)
    ledger.retract(claim_id, reason="wrong series", by=EDITOR)

    ledger.record_verdict(claim_id, rating="mixed", rationale="rechecked", by=FACT_CHECKER)
    assert row_of(ledger, claim_id)["retracted_at"] is None
    ledger.approve_verdict(claim_id, by=EDITOR)
    ledger.publish(claim_id, by=EDITOR)

    row = row_of(ledger, claim_id)
    assert (row["status"], row["rating"], row["corrections"]) == ("published", "mixed", 0)
    [document] = list(claimreview_documents(ledger))
    assert document["reviewRating"]["alternateName"] == "Mixed"
    [stats] = [s for s in article_stats(ledger) if s.id == article_id]
    assert (stats.published_claims, stats.ratings) == (1, {"mixed": 1})
    assert queue_for(ledger, FACT_CHECKER).assigned == []


def test_a_rebuild_gives_the_retraction_the_same_rows(ledger: ClaimsLedger) -> None:
    _, claim_id = published_claim(ledger)
    ledger.retract(claim_id, reason="wrong series", by=EDITOR)
    ledger.dismiss(claim_id, reason="no longer check-worthy", by=EDITOR)
    ledger.reopen(claim_id, by=EDITOR)
    incremental = tables(ledger)

    rebuild(ledger, batch_size=3)

    assert tables(ledger) == incremental
    assert row_of(ledger, claim_id)["status"] == "retracted"
