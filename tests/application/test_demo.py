"""The demo: the seed article through the whole workflow, once, however often it runs."""

from __future__ import annotations

from claims.application import ClaimsLedger
from claims.demo import EDITOR, FACT_CHECKER, SEED_CLAIMS, run_demo
from claims.seed import load_seed_article
from domain.ids import claim_id_for
from tests.application.support import ledger_at


def test_the_first_demo_run_registers_the_seed_claims_and_runs_the_workflow(
    ledger: ClaimsLedger,
) -> None:
    result = run_demo(ledger)

    assert result.article_was_new is True
    assert result.registered == len(SEED_CLAIMS) == 5
    assert result.workflow_ran is True
    assert result.workflow_claim == claim_id_for(SEED_CLAIMS[0].text)
    assert [row.id for row in result.table] == [claim_id_for(c.text) for c in SEED_CLAIMS]
    assert [row.status for row in result.table] == ["published"] + ["open"] * 4
    assert result.table[0].rating == "true"

    body = load_seed_article().body
    for seed in SEED_CLAIMS:
        view = ledger.get_claim(claim_id_for(seed.text))
        assert view.article_id == result.article.id
        assert view.span is not None
        assert body[view.span[0] : view.span[1]] == seed.quote

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
    assert after_first[0] == 1 + 5 + 6  # the article, five claims, six workflow events
    assert second.article_was_new is False
    assert second.article == first.article
    assert second.registered == 0
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

    assert (second.registered, second.workflow_ran) == (0, False)
    assert second.table == first.table
