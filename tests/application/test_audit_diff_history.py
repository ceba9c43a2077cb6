"""What changed in a claim between versions, and its history as an auditor reads it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import pytest

from claims.application import ClaimsLedger
from claims.storage.location import locate_store
from domain.errors import NotFound
from tests.application.support import EDITOR, FACT_CHECKER, published
from tests.audit.support import WORKFLOW_STEPS, Workflow, long_workflow


@pytest.fixture
def memory() -> Iterator[ClaimsLedger]:
    """Diffs and histories are computed from loaded events, the same on every store:
    most tests here use memory, and a few run on every store."""
    opened = ClaimsLedger.open(locate_store(":memory:"))
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def workflow(memory: ClaimsLedger) -> Workflow:
    return long_workflow(memory)


# --- diff ---


def fields(ledger: ClaimsLedger, workflow: Workflow, a: int, b: int) -> dict[str, tuple[Any, Any]]:
    result = ledger.diff(workflow.main, a, b)
    return {c.field: (c.before, c.after) for c in result.changes}


def test_a_diff_over_a_verdict_lists_the_verdict_fields_and_the_status(
    memory: ClaimsLedger, workflow: Workflow
) -> None:
    changed = fields(memory, workflow, 8, 9)

    assert set(changed) == {
        "status",
        "verdict.rating",
        "verdict.rating_label",
        "verdict.rationale",
        "verdict.recorded_by",
        "verdict.recorded_at",
        "verdict.review",
    }
    assert changed["status"] == ("open", "in-review")
    assert changed["verdict.rating"] == (None, "false")
    assert changed["verdict.review"] == (None, "pending")


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (1, 2, {"assignee": (None, FACT_CHECKER)}),
        (
            4,
            5,
            {
                "evidence.e1.withdrawn": (False, True),
                "evidence.e1.withdrawn_reason": (None, "Wrong year."),
            },
        ),
        (
            5,
            6,
            {"status": ("open", "dismissed"), "dismissed_reason": (None, "Not check-worthy.")},
        ),
        (
            9,
            10,
            {
                "status": ("in-review", "rejected"),
                "verdict.review": ("pending", "rejected"),
                "verdict.reviewed_by": (None, EDITOR),
                "verdict.rejection_reason": (None, "The customs office says otherwise."),
            },
        ),
        (15, 16, {"assignee": (FACT_CHECKER, "ana")}),
    ],
    ids=["assign", "withdraw", "dismiss", "reject", "reassign"],
)
def test_a_diff_of_one_step_lists_exactly_the_fields_it_changed(
    memory: ClaimsLedger,
    workflow: Workflow,
    before: int,
    after: int,
    expected: dict[str, tuple[Any, Any]],
) -> None:
    assert fields(memory, workflow, before, after) == expected


def test_a_diff_over_a_correction_lists_the_new_rating_and_the_correction(
    memory: ClaimsLedger, workflow: Workflow
) -> None:
    changed = fields(memory, workflow, 13, 14)

    assert changed["verdict.rating"] == ("mostly-true", "true")
    assert changed["verdict.rating_label"] == ("Mostly true", "True")
    assert changed["corrections.0.old_rating"] == (None, "mostly-true")
    assert changed["corrections.0.new_rating"] == (None, "true")
    assert set(changed) == {
        "verdict.rating",
        "verdict.rating_label",
        "corrections.0.old_rating",
        "corrections.0.new_rating",
        "corrections.0.note",
        "corrections.0.corrected_by",
        "corrections.0.corrected_at",
    }


def test_a_diff_over_a_dismissal_and_reopening_shows_no_change(
    memory: ClaimsLedger, workflow: Workflow
) -> None:
    result = memory.diff(workflow.main, 5, 7)

    assert result.changes == []
    assert [e.type for e in result.events] == ["Dismissed", "Reopened"]


def test_a_diff_lists_the_events_in_between_in_order(
    memory: ClaimsLedger, workflow: Workflow
) -> None:
    result = memory.diff(workflow.main, 8, 13)

    assert (result.claim_id, result.from_version, result.to_version) == (workflow.main, 8, 13)
    assert [(e.version, e.type) for e in result.events] == [
        (9, "VerdictRecorded"),
        (10, "VerdictRejected"),
        (11, "VerdictRecorded"),
        (12, "VerdictApproved"),
        (13, "Published"),
    ]
    changed = {c.field: (c.before, c.after) for c in result.changes}
    assert changed["status"] == ("open", "published")
    assert changed["verdict.rating"] == (None, "mostly-true")


def test_a_diff_is_the_same_whichever_version_is_given_first(
    memory: ClaimsLedger, workflow: Workflow
) -> None:
    assert memory.diff(workflow.main, 12, 3) == memory.diff(workflow.main, 3, 12)


def test_a_diff_of_a_version_with_itself_has_no_changes_and_no_events(
    memory: ClaimsLedger, workflow: Workflow
) -> None:
    result = memory.diff(workflow.main, 7, 7)

    assert (result.changes, result.events) == ([], [])


def test_the_diff_between_any_two_versions_turns_one_state_into_the_other(
    memory: ClaimsLedger, workflow: Workflow
) -> None:
    from claims.field_diff import flatten

    last = len(WORKFLOW_STEPS)
    for low, high in [(1, last), (2, 9), (6, 14)]:
        before = flatten(memory.get_claim(workflow.main, version=low).as_json())
        after = flatten(memory.get_claim(workflow.main, version=high).as_json())

        result = memory.diff(workflow.main, low, high)

        for change in result.changes:
            assert before.get(change.field) == change.before
            before[change.field] = change.after
        assert {k: v for k, v in before.items() if v is not None} == {
            k: v for k, v in after.items() if v is not None
        }
        assert [e.version for e in result.events] == list(range(low + 1, high + 1))


@pytest.mark.parametrize(("a", "b"), [(1, 17), (17, 1), (0, 3), (3, -1)])
def test_a_diff_with_a_version_the_claim_never_had_is_not_found(
    memory: ClaimsLedger, workflow: Workflow, a: int, b: int
) -> None:
    with pytest.raises(NotFound, match=str(workflow.main)):
        memory.diff(workflow.main, a, b)


def test_a_diff_of_an_unknown_claim_is_not_found(memory: ClaimsLedger) -> None:
    with pytest.raises(NotFound, match="no claim with id"):
        memory.diff(uuid4(), 1, 2)


# --- history ---


def test_the_history_lists_every_stored_event_in_order_with_its_actor(
    memory: ClaimsLedger, workflow: Workflow
) -> None:
    entries = memory.history(workflow.main)
    stored = list(memory.events.get(workflow.main))

    assert [(e.version, e.type, e.actor) for e in entries] == [
        (n, step, actor) for n, (step, actor, _) in enumerate(WORKFLOW_STEPS, start=1)
    ]
    assert [e.timestamp for e in entries] == [s.timestamp for s in stored]  # type: ignore[attr-defined]


def test_the_history_never_shows_the_event_hash_or_library_bookkeeping(
    memory: ClaimsLedger, workflow: Workflow
) -> None:
    for entry in memory.history(workflow.main):
        hidden = {"event_hash", "originator_topic", "originator_id", "originator_version"}
        assert not hidden & set(entry.payload), entry
        assert "event_hash" not in str(entry.as_json())


def test_the_history_shows_each_verdict_with_the_rating_it_replaced(
    memory: ClaimsLedger, workflow: Workflow
) -> None:
    verdicts = [e.payload for e in memory.history(workflow.main) if e.type == "VerdictRecorded"]

    assert [(p["previous_rating"], p["rating"]) for p in verdicts] == [
        (None, "false"),
        ("false", "mostly-true"),
    ]


def test_the_history_shows_a_correction_with_old_and_new_rating(
    memory: ClaimsLedger, workflow: Workflow
) -> None:
    [correction] = [e for e in memory.history(workflow.main) if e.type == "Corrected"]

    assert correction.payload["old_rating"] == "mostly-true"
    assert correction.payload["new_rating"] == "true"
    assert correction.payload["note"] == "The exact figure is confirmed."
    assert correction.actor == EDITOR


# --- the same on every store ---


def test_on_every_store_a_correction_diffs_and_shows_in_the_history_with_both_ratings(
    ledger: ClaimsLedger,
) -> None:
    claim_id = published(ledger, rating="false")
    ledger.correct(claim_id, rating="mixed", note="Partly right.", by=EDITOR)

    result = ledger.diff(claim_id, 5, 4)
    history = ledger.history(claim_id)

    assert [(e.version, e.type) for e in result.events] == [(5, "Corrected")]
    changed = {c.field: (c.before, c.after) for c in result.changes}
    assert changed["verdict.rating"] == ("false", "mixed")
    assert changed["corrections.0.new_rating"] == (None, "mixed")
    assert [e.type for e in history] == [
        "Registered",
        "VerdictRecorded",
        "VerdictApproved",
        "Published",
        "Corrected",
    ]
    assert history[1].payload["previous_rating"] is None
    assert (history[4].payload["old_rating"], history[4].payload["new_rating"]) == (
        "false",
        "mixed",
    )
    assert all("event_hash" not in e.payload for e in history)
    with pytest.raises(NotFound, match="has no version 6"):
        ledger.diff(claim_id, 1, 6)
