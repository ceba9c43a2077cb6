"""A claim's past, read from the event store: every version and every moment, on every store.

Each state the application reports is compared with a replay done here, from the
stored events, independently of the application's own loading.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from itertools import pairwise
from uuid import uuid4

import pytest

from claims.application import ClaimsLedger
from claims.views import ClaimView
from domain.errors import NotFound
from tests.application.support import EDITOR
from tests.audit.support import WORKFLOW_STEPS, Workflow, long_workflow, replay

MICROSECOND = timedelta(microseconds=1)
LAST = len(WORKFLOW_STEPS)


@pytest.fixture
def workflow(ledger: ClaimsLedger) -> Workflow:
    return long_workflow(ledger)


def timestamps(ledger: ClaimsLedger, workflow: Workflow) -> list[datetime]:
    moments = [e.timestamp for e in ledger.events.get(workflow.main)]  # type: ignore[attr-defined]
    assert moments == sorted(set(moments)), "the workflow's events have distinct, rising times"
    return moments


def replayed(ledger: ClaimsLedger, workflow: Workflow, count: int) -> ClaimView:
    return ClaimView.of(replay(ledger, workflow.main, count), ledger.scale)


def test_every_version_equals_a_replay_of_that_many_stored_events_up_to_the_latest(
    ledger: ClaimsLedger, workflow: Workflow
) -> None:
    stored = [type(e).__name__ for e in ledger.events.get(workflow.main)]
    assert stored == [step for step, _, _ in WORKFLOW_STEPS]

    for version in range(1, LAST + 1):
        shown = ledger.get_claim(workflow.main, version=version)

        assert shown == replayed(ledger, workflow, version), f"version {version}"
        assert shown.version == version
        assert shown.status == WORKFLOW_STEPS[version - 1][2], f"version {version}"

    latest = ledger.get_claim(workflow.main, version=LAST)

    assert latest == ledger.get_claim(workflow.main)
    assert latest.assignee == "ana"
    assert latest.verdict is not None
    assert (latest.verdict.rating, latest.corrections[0].old_rating) == ("true", "mostly-true")
    assert [e.withdrawn for e in latest.evidence] == [True, False]
    with pytest.raises(NotFound, match=f"has no version {LAST + 1} \\(latest is {LAST}\\)"):
        ledger.get_claim(workflow.main, version=LAST + 1)


def test_the_claim_as_of_each_event_time_or_just_before_the_next_is_that_version(
    ledger: ClaimsLedger, workflow: Workflow
) -> None:
    moments = timestamps(ledger, workflow)
    for version, moment in enumerate(moments, start=1):
        expected = replayed(ledger, workflow, version)

        assert ledger.claim_as_of(workflow.main, moment) == expected, f"version {version}"
        assert ledger.get_claim(workflow.main, version=version) == expected

    for version, (earlier, later) in enumerate(pairwise(moments), start=1):
        midway = earlier + (later - earlier) / 2

        assert ledger.claim_as_of(workflow.main, midway).version == version
        assert ledger.claim_as_of(workflow.main, later - MICROSECOND) == replayed(
            ledger, workflow, version
        )


def test_the_claim_as_of_a_moment_before_registration_or_of_an_unknown_claim_is_not_found(
    ledger: ClaimsLedger, workflow: Workflow
) -> None:
    registered = timestamps(ledger, workflow)[0]
    unknown = uuid4()

    with pytest.raises(NotFound, match=f"claim {workflow.main} did not exist yet at"):
        ledger.claim_as_of(workflow.main, registered - MICROSECOND)
    with pytest.raises(NotFound, match=f"no claim with id {unknown}"):
        ledger.claim_as_of(unknown, registered)


def test_the_claim_as_of_a_moment_is_the_same_instant_in_any_zone_and_kept_by_later_events(
    ledger: ClaimsLedger, workflow: Workflow
) -> None:
    moments = timestamps(ledger, workflow)
    in_tokyo = moments[8].astimezone(timezone(timedelta(hours=9)))
    before = ledger.claim_as_of(workflow.main, in_tokyo)

    ledger.add_note(workflow.other, "Much later.", by=EDITOR)
    ledger.add_note(workflow.main, "Much later too.", by=EDITOR)

    assert before.version == 9
    assert ledger.claim_as_of(workflow.main, moments[8]) == before
    far_future = moments[-1] + timedelta(days=3650)
    assert ledger.claim_as_of(workflow.main, far_future) == ledger.get_claim(workflow.main)
    assert ledger.claim_as_of(workflow.main, far_future).version == LAST + 1
