"""Each command's happy path: one stored event, and the view shows the new state."""

from __future__ import annotations

from claims.application import ClaimsLedger
from tests.application.support import (
    EDITOR,
    FACT_CHECKER,
    approved,
    claim,
    dismissed,
    in_review,
    published,
)


def test_assigning_a_claim_shows_the_assignee(ledger: ClaimsLedger) -> None:
    claim_id = claim(ledger)

    view = ledger.assign(claim_id, "maria", by=EDITOR)

    assert view.assignee == "maria"
    assert view.version == 2
    assert ledger.get_claim(claim_id).assignee == "maria"


def test_adding_evidence_returns_the_new_evidence_id_and_shows_it(ledger: ClaimsLedger) -> None:
    claim_id = claim(ledger)

    first_view, first = ledger.add_evidence(
        claim_id,
        url="https://english.customs.gov.cn/",
        quote="USD 240.1 billion",
        stance="supports",
        note="annual figures",
        by=FACT_CHECKER,
    )
    second_view, second = ledger.add_evidence(
        claim_id, url="https://example.org/", quote="other data", stance="refutes", by=EDITOR
    )

    assert (first, second) == ("e1", "e2")
    assert [e.id for e in first_view.evidence] == ["e1"]
    evidence = second_view.evidence[1]
    assert evidence.id == "e2"
    assert evidence.stance == "refutes"
    assert evidence.added_by == EDITOR
    assert evidence.withdrawn is False
    assert second_view.evidence[0].url == "https://english.customs.gov.cn/"
    assert second_view.evidence[0].note == "annual figures"
    assert second_view.version == 3


def test_withdrawing_evidence_keeps_it_marked_with_the_reason(ledger: ClaimsLedger) -> None:
    claim_id = claim(ledger)
    _, evidence_id = ledger.add_evidence(
        claim_id, url="https://example.org/", quote="q", stance="context", by=FACT_CHECKER
    )

    view = ledger.withdraw_evidence(claim_id, evidence_id, reason="source retracted", by=EDITOR)

    [evidence] = view.evidence
    assert evidence.withdrawn is True
    assert evidence.withdrawn_reason == "source retracted"
    assert view.version == 3


def test_recording_a_verdict_puts_the_claim_in_review(ledger: ClaimsLedger) -> None:
    claim_id = claim(ledger)

    view = ledger.record_verdict(
        claim_id, rating="mostly-true", rationale="rounded figure", by=FACT_CHECKER
    )

    assert view.status == "in-review"
    assert view.verdict is not None
    assert view.verdict.rating == "mostly-true"
    assert view.verdict.rating_label == "Mostly true"
    assert view.verdict.rationale == "rounded figure"
    assert view.verdict.recorded_by == FACT_CHECKER
    assert view.verdict.review == "pending"


def test_a_second_reviewer_approves_a_verdict(ledger: ClaimsLedger) -> None:
    claim_id = in_review(ledger)

    view = ledger.approve_verdict(claim_id, by=EDITOR)

    assert view.status == "approved"
    assert view.verdict is not None
    assert view.verdict.review == "approved"
    assert view.verdict.reviewed_by == EDITOR


def test_a_second_reviewer_rejects_a_verdict_with_a_reason(ledger: ClaimsLedger) -> None:
    claim_id = in_review(ledger)

    view = ledger.reject_verdict(claim_id, reason="needs a primary source", by=EDITOR)

    assert view.status == "rejected"
    assert view.verdict is not None
    assert view.verdict.review == "rejected"
    assert view.verdict.rejection_reason == "needs a primary source"
    assert view.verdict.reviewed_by == EDITOR


def test_publishing_an_approved_verdict_records_who_and_when(ledger: ClaimsLedger) -> None:
    claim_id = approved(ledger)

    view = ledger.publish(claim_id, by=EDITOR)

    assert view.status == "published"
    assert view.published_by == EDITOR
    assert view.published_at == view.last_change
    assert view.corrections == []


def test_correcting_a_published_rating_names_old_and_new(ledger: ClaimsLedger) -> None:
    claim_id = published(ledger, rating="false")

    view = ledger.correct(claim_id, rating="mostly-false", note="one figure was right", by=EDITOR)

    assert view.status == "published"
    assert view.verdict is not None
    assert view.verdict.rating == "mostly-false"
    [correction] = view.corrections
    assert (correction.old_rating, correction.new_rating) == ("false", "mostly-false")
    assert correction.note == "one figure was right"
    assert correction.corrected_by == EDITOR


def test_dismissing_a_claim_closes_it_with_the_reason(ledger: ClaimsLedger) -> None:
    claim_id = claim(ledger)

    view = ledger.dismiss(claim_id, reason="opinion, not a fact", by=EDITOR)

    assert view.status == "dismissed"
    assert view.dismissed_reason == "opinion, not a fact"


def test_reopening_a_dismissed_claim_makes_it_open_again(ledger: ClaimsLedger) -> None:
    claim_id = dismissed(ledger)

    view = ledger.reopen(claim_id, by=EDITOR)

    assert view.status == "open"
    assert view.dismissed_reason is None
    assert view.version == 3


def test_marking_a_claim_duplicate_points_it_at_the_original(ledger: ClaimsLedger) -> None:
    original = claim(ledger, "The original claim")
    repeat = claim(ledger, "The same claim, said again")

    view = ledger.mark_duplicate(repeat, original_id=original, by=EDITOR)

    assert view.status == "duplicate"
    assert view.duplicate_of == original
    assert ledger.get_claim(original).status == "open"
    assert ledger.reopen(repeat, by=EDITOR).duplicate_of is None


def test_adding_notes_keeps_them_in_order_with_their_authors(ledger: ClaimsLedger) -> None:
    claim_id = claim(ledger)

    ledger.add_note(claim_id, "called the ministry", by=FACT_CHECKER)
    view = ledger.add_note(claim_id, "they will call back", by=EDITOR)

    assert [(n.text, n.by) for n in view.notes] == [
        ("called the ministry", FACT_CHECKER),
        ("they will call back", EDITOR),
    ]
    assert view.notes[1].at == view.last_change
    assert view.version == 3
