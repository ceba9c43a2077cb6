"""The demo: the seed article ingested and one claim through the workflow, once."""

from __future__ import annotations

from claims.application import ClaimsLedger
from claims.demo import EDITOR, FACT_CHECKER, run_demo
from domain.ids import claim_id_for
from tests.application.support import ledger_at
from tests.seed_expectations import DEMO_EVENTS, SEED, SEED_CLAIMS, SHOWCASE_ID


def test_the_first_demo_run_ingests_the_seed_claims_and_runs_the_workflow(
    ledger: ClaimsLedger,
) -> None:
    result = run_demo(ledger)

    assert result.ingest.already_ingested is False
    assert [c.new for c in result.ingest.claims] == [True] * len(SEED_CLAIMS)
    assert result.workflow_ran is True
    assert result.workflow_claim == SHOWCASE_ID
    assert [row.id for row in result.table] == [claim_id_for(c.text) for c in SEED_CLAIMS]
    assert {row.status for row in result.table if row.id != SHOWCASE_ID} == {"open"}

    for extracted in SEED_CLAIMS:
        view = ledger.get_claim(claim_id_for(extracted.text))
        assert view.article_id == result.ingest.article.id
        assert view.span is not None
        assert SEED.text[view.span[0] : view.span[1]] == view.quote == extracted.quote
        assert view.features == list(extracted.features)

    showcase = ledger.get_claim(result.workflow_claim)
    assert showcase.status == "published"
    assert showcase.assignee == FACT_CHECKER
    assert showcase.verdict is not None
    assert showcase.verdict.rating == "true"
    assert showcase.verdict.reviewed_by == EDITOR
    assert [(c.old_rating, c.new_rating) for c in showcase.corrections] == [("mostly-true", "true")]
    assert [entry.type for entry in result.history] == [
        "Registered",
        "Assigned",
        "EvidenceAdded",
        "VerdictRecorded",
        "VerdictApproved",
        "Published",
        "Corrected",
    ]


def test_a_second_demo_run_registers_nothing_and_stores_no_event(ledger: ClaimsLedger) -> None:
    first = run_demo(ledger)
    after_first = ledger.fingerprint()

    second = run_demo(ledger)

    assert ledger.fingerprint() == after_first
    assert after_first[0] == DEMO_EVENTS
    assert second.ingest.already_ingested is True
    assert second.ingest.article == first.ingest.article
    assert second.ingest.claims == []
    assert second.workflow_ran is False
    assert second.workflow_claim == first.workflow_claim
    assert second.table == first.table
    assert second.history == first.history


def test_the_demo_run_again_from_another_ledger_changes_nothing(shared_url: str) -> None:
    with ledger_at(shared_url) as first_ledger:
        first = run_demo(first_ledger)
        events = first_ledger.fingerprint()

    with ledger_at(shared_url) as second_ledger:
        second = run_demo(second_ledger)
        assert second_ledger.fingerprint() == events

    assert (second.ingest.already_ingested, second.workflow_ran) == (True, False)
    assert second.table == first.table
