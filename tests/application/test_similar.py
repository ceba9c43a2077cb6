"""Candidate duplicates in the ledger: listed with a score, shown at ingest, never merged."""

from __future__ import annotations

from datetime import date

from claims.application import ClaimsLedger
from claims.extraction import DEFAULT_MIN_SCORE, ParsedArticle
from claims.views import IngestedClaimView
from tests.application.support import EDITOR, FACT_CHECKER

FIRST = "Exports rose 12 percent in 2023 to a record $80 billion, the trade ministry said."
SAME_IN_OTHER_WORDS = (
    '"Exports increased by 12% in 2023 to a record $80 billion," Trade Minister Ana Silva said.'
)
OTHER_NUMBER = "Exports rose 21 percent in 2023 to a record $80 billion, the trade ministry said."


def article(title: str, sentence: str) -> ParsedArticle:
    return ParsedArticle(title=title, published=date(2024, 5, 16), url=None, text=sentence)


def ingest(ledger: ClaimsLedger, *articles: ParsedArticle) -> list[IngestedClaimView]:
    results = ledger.ingest(list(articles), by=FACT_CHECKER, min_score=DEFAULT_MIN_SCORE)
    return [claim for result in results for claim in result.claims]


def test_a_new_claim_matching_a_known_one_is_registered_with_the_candidate_shown(
    ledger: ClaimsLedger,
) -> None:
    [first] = ingest(ledger, article("Monday", FIRST))
    [second] = ingest(ledger, article("Tuesday", SAME_IN_OTHER_WORDS))

    assert first.new
    assert first.similar == []
    assert second.new
    assert second.id != first.id
    [candidate] = second.similar
    assert candidate.id == first.id
    assert candidate.score >= 0.7
    assert ledger.get_claim(second.id).duplicate_of is None


def test_similar_claims_lists_the_match_both_ways_but_not_a_claim_with_another_number(
    ledger: ClaimsLedger,
) -> None:
    [first, second, other] = ingest(
        ledger,
        article("Monday", FIRST),
        article("Tuesday", SAME_IN_OTHER_WORDS),
        article("Wednesday", OTHER_NUMBER),
    )

    assert [v.id for v in ledger.similar_claims(first.id)] == [second.id]
    assert [v.id for v in ledger.similar_claims(second.id)] == [first.id]
    assert ledger.similar_claims(other.id) == []


def test_a_confirmed_duplicate_is_still_listed_with_its_status(ledger: ClaimsLedger) -> None:
    [first, second] = ingest(
        ledger, article("Monday", FIRST), article("Tuesday", SAME_IN_OTHER_WORDS)
    )

    ledger.mark_duplicate(second.id, original_id=first.id, by=EDITOR)

    [candidate] = ledger.similar_claims(first.id)
    assert (candidate.id, candidate.status) == (second.id, "duplicate")
