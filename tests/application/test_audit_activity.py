"""The store-wide activity log: every event in store order, filtered, streamed page by page."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

import pytest

from claims.activity import ActivityFilter
from claims.application import ClaimsLedger
from claims.storage.log import PAGE
from claims.views import ActivityEntry
from domain.claim import Claim
from domain.errors import InvalidInput
from tests.application.support import EDITOR, FACT_CHECKER
from tests.audit.support import WORKFLOW_STEPS, Workflow, long_workflow

EVERYTHING = ActivityFilter()
ENTRY_KEYS = [
    "position",
    "timestamp",
    "aggregate",
    "aggregate_id",
    "version",
    "actor",
    "entered_by",
    "type",
    "payload",
]


@pytest.fixture
def workflow(ledger: ClaimsLedger) -> Workflow:
    return long_workflow(ledger)


def activity(ledger: ClaimsLedger, **wanted: object) -> list[ActivityEntry]:
    aggregate_id = wanted.pop("aggregate_id", None)
    return list(ledger.activity(ActivityFilter(**wanted), aggregate_id=aggregate_id))  # type: ignore[arg-type]


def test_the_activity_log_is_every_stored_event_once_in_store_order_with_plain_payloads(
    ledger: ClaimsLedger, workflow: Workflow
) -> None:
    entries = activity(ledger)

    positions = [e.position for e in entries]
    assert all(a < b for a, b in pairwise(positions)), positions
    assert (len(entries), positions[-1]) == ledger.fingerprint()
    assert len(entries) == 1 + len(WORKFLOW_STEPS) + 3  # the article, the other claim's three
    assert (entries[0].aggregate, entries[0].aggregate_id, entries[0].type) == (
        "article",
        workflow.article_id,
        "Registered",
    )
    main = [e for e in entries if e.aggregate_id == workflow.main]
    assert [(e.version, e.type, e.actor) for e in main] == [
        (n, step, actor) for n, (step, actor, _) in enumerate(WORKFLOW_STEPS, start=1)
    ]
    assert {e.aggregate for e in entries} == {"article", "claim"}
    assert all(e.timestamp is not None and e.timestamp.utcoffset() == timedelta(0) for e in entries)
    for entry in entries:
        assert list(entry.as_json()) == ENTRY_KEYS
        assert not {"event_hash", "originator_topic", "timestamp", "actor"} & set(entry.payload)
    verdict = next(e for e in entries if e.type == "VerdictRecorded")
    assert verdict.payload == {"rating": "false", "rationale": "No such figure."}
    registered = next(e for e in entries if e.aggregate_id == workflow.main)
    assert registered.payload["article_id"] == str(workflow.article_id)  # a plain id string
    article = entries[0]
    assert article.payload["published"] == "2024-05-16"


def test_the_activity_log_keeps_only_the_actor_types_and_claim_asked_for(
    ledger: ClaimsLedger, workflow: Workflow
) -> None:
    everything = activity(ledger)

    by_editor = activity(ledger, actor=EDITOR)
    verdicts = activity(ledger, types=frozenset({"VerdictRecorded", "Corrected"}))
    of_other = activity(ledger, aggregate_id=workflow.other)
    combined = activity(
        ledger, actor=EDITOR, types=frozenset({"NoteAdded"}), aggregate_id=workflow.main
    )

    assert by_editor == [e for e in everything if e.actor == EDITOR]
    assert 0 < len(by_editor) < len(everything)
    assert [(e.type, e.payload.get("rating", e.payload.get("new_rating"))) for e in verdicts] == [
        ("VerdictRecorded", "false"),
        ("VerdictRecorded", "mostly-true"),
        ("Corrected", "true"),
    ]
    assert [e.type for e in of_other] == ["Registered", "NoteAdded", "Assigned"]
    assert of_other == [e for e in everything if e.aggregate_id == workflow.other]
    assert [(e.version, e.payload["text"]) for e in combined] == [
        (15, "A reader asked for the source.")
    ]
    assert activity(ledger, actor="nobody") == []


def test_the_activity_log_keeps_events_from_since_up_to_until_inclusive(
    ledger: ClaimsLedger, workflow: Workflow
) -> None:
    everything = activity(ledger)
    moments = [e.timestamp for e in everything]
    assert all(m is not None for m in moments)
    fifth, tenth = moments[4], moments[9]
    assert fifth is not None
    assert tenth is not None

    window = activity(ledger, since=fifth, until=tenth)
    after = activity(ledger, since=fifth + timedelta(microseconds=1))
    before = activity(ledger, until=tenth - timedelta(microseconds=1))

    assert window == everything[4:10]
    assert after == everything[5:]
    assert before == everything[:9]
    assert activity(ledger, since=tenth, until=fifth) == []


def test_an_unknown_event_type_is_refused_naming_the_known_ones(ledger: ClaimsLedger) -> None:
    with pytest.raises(InvalidInput, match=r"unknown event type 'Verdict' \(known: .*Corrected"):
        activity(ledger, types=frozenset({"Verdict", "Corrected"}))
    with pytest.raises(InvalidInput, match="unknown event type 'Created'"):
        activity(ledger, types=frozenset({"Created"}))


def test_the_activity_log_streams_a_store_larger_than_one_page_whole_and_in_order(
    ledger: ClaimsLedger,
) -> None:
    total = PAGE + 100
    for start in range(0, total, 1_000):
        batch = [
            Claim.register(text=f"Bulk claim number {n}", quote="A quote.", by=FACT_CHECKER)
            for n in range(start, min(start + 1_000, total))
        ]
        ledger.save(*batch)
    last = ledger.register_claim(text="The claim after the page", quote="q", by=EDITOR)

    entries = ledger.activity(EVERYTHING)
    positions = [e.position for e in entries]
    found = activity(ledger, aggregate_id=last.id)
    verification = ledger.verify_store()

    assert len(positions) == total + 1
    assert all(a < b for a, b in pairwise(positions))
    assert (len(positions), positions[-1]) == ledger.fingerprint()
    assert [(e.position, e.actor) for e in found] == [(positions[-1], EDITOR)]
    assert verification.intact
    assert (verification.events, verification.aggregates) == (total + 1, total + 1)
    assert verification.position == positions[-1]
