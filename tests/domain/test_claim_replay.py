"""The events are the record: replaying them from scratch rebuilds the same claim."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from uuid import UUID

import pytest

from domain.claim import Claim
from domain.standing import ClaimStatus
from tests.domain import given


def a_fully_worked_claim() -> Claim:
    claim = Claim.register(
        text="China-Russia trade totaled $240 billion last year",
        quote="Trade reached $240 billion last year.",
        by="alice",
        article_id=UUID("5b0c6d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e"),
        span=(10, 48),
        speaker="Vladimir Putin",
        checkworthiness=0.9,
        source_url="https://example.org/summit",
    )
    claim.assign("carol", by="alice")
    claim.add_evidence(url="https://example.org/a", quote="$240.1bn", stance="supports", by="carol")
    claim.add_evidence(
        url="https://example.org/b", quote="$228bn", stance="refutes", note="2022", by="carol"
    )
    claim.withdraw_evidence("e2", reason_text="Wrong year.", by="carol")
    claim.record_verdict(rating="mostly-true", rationale="Close enough.", by="carol")
    claim.reject_verdict(reason_text="It is exact, say so.", by="bob")
    claim.record_verdict(rating="true", rationale="Customs data match.", by="carol")
    claim.approve_verdict(by="bob")
    claim.publish(by="bob")
    claim.add_note("Linked from the newsletter.", by="dana")
    claim.correct(rating="mostly-true", note="Rounded figure.", by="bob")
    return claim


def a_dismissed_then_reopened_claim() -> Claim:
    claim = Claim.register(text="We are the best.", quote="We are the best!", by="alice")
    claim.dismiss(reason_text="Opinion.", by="alice")
    claim.reopen(by="bob")
    claim.add_note("Reopened: it names a ranking.", by="bob")
    return claim


def a_claim_still_marked_duplicate() -> Claim:
    claim = Claim.register(text="Trade hit 240bn", quote="Trade hit 240bn.", by="alice")
    claim.add_evidence(url="https://example.org/x", quote="x", stance="context", by="alice")
    claim.mark_duplicate(given.another_claim(), by="alice")
    return claim


def a_dismissed_claim_with_a_superseded_verdict() -> Claim:
    claim = Claim.register(text="Exports doubled.", quote="Exports doubled.", by="alice")
    claim.record_verdict(rating="unproven", rationale="No data.", by="alice")
    claim.record_verdict(rating="misleading", rationale="Cherry-picked month.", by="carol")
    claim.dismiss(reason_text="Withdrawn by the speaker.", by="bob")
    return claim


SCENARIOS: dict[str, Callable[[], Claim]] = {
    "fully worked": a_fully_worked_claim,
    "dismissed then reopened": a_dismissed_then_reopened_claim,
    "duplicate": a_claim_still_marked_duplicate,
    "dismissed with superseded verdict": a_dismissed_claim_with_a_superseded_verdict,
}


@pytest.mark.parametrize("scenario", SCENARIOS.values(), ids=SCENARIOS.keys())
def test_replaying_the_collected_events_rebuilds_an_equal_claim(
    scenario: Callable[[], Claim],
) -> None:
    claim = scenario()
    events = claim.collect_events()

    rebuilt = given.replay(events)

    assert given.state_of(rebuilt) == given.state_of(claim)
    assert rebuilt.status is claim.status
    assert rebuilt.verdict == claim.verdict
    assert rebuilt.evidence == claim.evidence
    assert rebuilt.publication == claim.publication
    assert rebuilt.notes == claim.notes
    assert rebuilt.created_on == claim.created_on
    assert rebuilt.modified_on == claim.modified_on


def test_a_replayed_fully_worked_claim_shows_its_whole_history() -> None:
    rebuilt = given.replay(a_fully_worked_claim().collect_events())

    assert rebuilt.status is ClaimStatus.PUBLISHED
    assert rebuilt.version == 12
    assert rebuilt.assignee == "carol"
    assert rebuilt.evidence["e2"].withdrawn_reason == "Wrong year."
    assert rebuilt.evidence["e2"].withdrawn_by == "carol"
    assert [v.rating for v in rebuilt.superseded_verdicts] == ["mostly-true"]
    assert rebuilt.superseded_verdicts[0].rejection_reason == "It is exact, say so."
    assert rebuilt.verdict is not None
    assert rebuilt.verdict.rating == "mostly-true"
    assert rebuilt.publication is not None
    assert [(c.old_rating, c.new_rating) for c in rebuilt.publication.corrections] == [
        ("true", "mostly-true")
    ]


def test_the_events_are_numbered_one_after_another_from_the_registration() -> None:
    events = a_fully_worked_claim().collect_events()

    assert [e.originator_version for e in events] == list(range(1, len(events) + 1))
    assert isinstance(events[0], Claim.Registered)
    assert all(e.timestamp <= later.timestamp for e, later in pairwise(events))


def test_timestamps_in_state_are_the_times_of_the_events_that_set_them() -> None:
    claim = given.registered()
    claim.add_evidence(url="https://example.org", quote="q", stance="context", by="alice")
    claim.record_verdict(rating="true", rationale="r", by="alice")
    claim.add_note("n", by="alice")
    added, recorded, noted = claim.collect_events()

    assert claim.evidence["e1"].added_at == added.timestamp
    assert claim.verdict is not None
    assert claim.verdict.recorded_at == recorded.timestamp
    assert claim.notes[0].at == noted.timestamp
