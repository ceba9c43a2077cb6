"""Tamper evidence through the application: verify_store over untouched and rewritten stores.

The rows are rewritten with sqlite3 / psycopg directly, as someone with database
access would; the application must name the first event that no longer holds.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from claims.application import ClaimsLedger
from claims.audit.chain import (
    GENESIS,
    JCS_FORMAT,
    canonical_event,
    event_hash,
    read_stored_hash,
    split_state,
)
from claims.audit.verify import Anchor, Break
from domain.claim import Claim
from domain.errors import DomainError
from tests.application.support import ledger_at
from tests.audit.support import (
    WORKFLOW_STEPS,
    EventTable,
    Row,
    Workflow,
    event_table,
    long_workflow,
    rows_of,
)


def stored_root(ledger: ClaimsLedger) -> tuple[str, int, int]:
    """(root, last position, events) folded here from the library's notification log."""
    root, position, count = GENESIS, 0, 0
    for notification in ledger.recorder.select_notifications(None, 100_000):
        _, digest = read_stored_hash(orjson.loads(notification.state)["event_hash"])
        root = hashlib.sha256((root + str(digest)).encode("ascii")).hexdigest()
        position, count = notification.id, count + 1
    return root, position, count


def test_an_untouched_store_verifies_with_the_root_of_its_stored_hashes(
    ledger: ClaimsLedger,
) -> None:
    long_workflow(ledger)

    result = ledger.verify_store()

    assert result.intact
    assert (result.root, result.position, result.events) == stored_root(ledger)
    assert result.aggregates == 3
    assert result.first_break is None


def test_an_empty_store_verifies_with_the_genesis_root(ledger: ClaimsLedger) -> None:
    result = ledger.verify_store()

    assert result.intact
    assert (result.events, result.root, result.position) == (0, GENESIS, 0)


def test_each_new_event_is_stored_with_a_format_2_hash_chained_to_the_one_before_it(
    ledger: ClaimsLedger,
) -> None:
    workflow = long_workflow(ledger)

    records = list(ledger.recorder.select_events(workflow.main))

    previous = GENESIS
    for record in records:
        state = orjson.loads(record.state)
        timestamp, actor, payload = split_state(state)
        chain_format, digest = read_stored_hash(state["event_hash"])
        assert chain_format == JCS_FORMAT
        canonical = canonical_event(
            record.topic,
            workflow.main.hex,
            record.originator_version,
            timestamp,
            actor,
            payload,
            chain_format=chain_format,
        )
        assert digest == event_hash(previous, canonical), record.originator_version
        previous = str(digest)
    assert len(records) == len(WORKFLOW_STEPS)
    domain_events = list(ledger.events.get(workflow.main))
    assert [getattr(e, "event_hash", None) for e in domain_events] == [
        orjson.loads(r.state)["event_hash"] for r in records
    ]


def test_several_events_saved_at_once_are_chained_in_order(ledger: ClaimsLedger) -> None:
    claim = Claim.register(text="Saved in one go", quote="q", by="maria")
    claim.assign("maria", by="tom")
    claim.add_note("Both at once.", by="tom")
    ledger.save(claim)
    ledger.add_note(claim.id, "Then one more.", by="tom")

    result = ledger.verify_store()

    assert result.intact
    assert (result.events, result.aggregates) == (4, 1)
    assert [e.type for e in ledger.history(claim.id)] == [
        "Registered",
        "Assigned",
        "NoteAdded",
        "NoteAdded",
    ]


# --- rewritten rows ---


@pytest.fixture
def desk(sqlite_url: str) -> Iterator[tuple[ClaimsLedger, Workflow, EventTable]]:
    """SQLite here; tests/cli/test_audit_verify.py rewrites PostgreSQL rows the same ways."""
    with ledger_at(sqlite_url) as ledger:
        yield ledger, long_workflow(ledger), event_table(sqlite_url)


@pytest.fixture
def any_desk(shared_url: str) -> Iterator[tuple[ClaimsLedger, Workflow, EventTable]]:
    with ledger_at(shared_url) as ledger:
        yield ledger, long_workflow(ledger), event_table(shared_url)


def main_rows(table: EventTable, workflow: Workflow) -> list[Row]:
    rows = rows_of(table, workflow.main)
    assert [row.version for row in rows] == list(range(1, len(WORKFLOW_STEPS) + 1))
    return rows


def first_break(ledger: ClaimsLedger) -> Break:
    result = ledger.verify_store()
    assert not result.intact
    assert result.first_break is not None
    return result.first_break


def test_a_rating_changed_in_the_stored_state_is_reported_altered_at_that_event(
    desk: tuple[ClaimsLedger, Workflow, EventTable],
) -> None:
    ledger, workflow, table = desk
    verdict = main_rows(table, workflow)[8]
    assert (verdict.type, verdict.state["rating"]) == ("VerdictRecorded", "false")

    table.set_state(verdict.position, {**verdict.state, "rating": "true"})

    assert first_break(ledger) == Break(
        verdict.position,
        workflow.main.hex,
        9,
        "its content does not match its hash (altered)",
    )
    assert ledger.get_claim(workflow.main, version=9).verdict.rating == "true"  # type: ignore[union-attr]


def test_an_event_deleted_from_a_claims_history_is_reported_at_the_next_event(
    desk: tuple[ClaimsLedger, Workflow, EventTable],
) -> None:
    ledger, workflow, table = desk
    rows = main_rows(table, workflow)

    table.delete(rows[4].position)

    assert first_break(ledger) == Break(
        rows[5].position,
        workflow.main.hex,
        6,
        "version 6 follows version 4: events missing or reordered",
    )


def test_two_events_of_a_claim_swapped_in_the_log_are_reported_reordered(
    desk: tuple[ClaimsLedger, Workflow, EventTable],
) -> None:
    ledger, workflow, table = desk
    rows = main_rows(table, workflow)

    table.swap(rows[8].position, rows[9].position)

    found = first_break(ledger)
    assert found == Break(
        rows[8].position,
        workflow.main.hex,
        10,
        "version 10 follows version 8: events missing or reordered",
    )


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda state, _: {k: v for k, v in state.items() if k != "event_hash"}, "no hash"),
        (lambda state, other: {**state, "event_hash": other}, "altered"),
        (lambda state, _: {**state, "event_hash": state["event_hash"].upper()}, "altered"),
    ],
    ids=["removed", "another-events-hash", "upper-case"],
)
def test_an_event_whose_hash_was_removed_or_replaced_is_reported(
    desk: tuple[ClaimsLedger, Workflow, EventTable], change: Any, problem: str
) -> None:
    ledger, workflow, table = desk
    rows = main_rows(table, workflow)

    table.set_state(rows[2].position, change(rows[2].state, rows[3].state["event_hash"]))

    found = first_break(ledger)
    assert (found.position, found.aggregate_id, found.version) == (
        rows[2].position,
        workflow.main.hex,
        3,
    )
    assert problem in found.problem


def test_a_rewrite_that_recomputes_the_hash_is_still_caught_by_the_next_event(
    desk: tuple[ClaimsLedger, Workflow, EventTable],
) -> None:
    """Re-sealing one event is not enough: the next event chains to the original hash."""
    from claims.audit.chain import stored_hash

    ledger, workflow, table = desk
    rows = main_rows(table, workflow)
    verdict, previous = rows[8], rows[7]
    forged = {**verdict.state, "rating": "true"}
    timestamp, actor, payload = split_state(forged)
    canonical = canonical_event(
        verdict.topic, verdict.aggregate_id, 9, timestamp, actor, payload, chain_format=JCS_FORMAT
    )
    _, previous_digest = read_stored_hash(previous.state["event_hash"])
    forged["event_hash"] = stored_hash(JCS_FORMAT, event_hash(str(previous_digest), canonical))

    table.set_state(verdict.position, forged)

    found = first_break(ledger)
    assert (found.position, found.version) == (rows[9].position, 10)
    assert "altered" in found.problem


def test_the_same_state_written_with_other_spacing_and_key_order_is_no_alarm(
    any_desk: tuple[ClaimsLedger, Workflow, EventTable],
) -> None:
    ledger, workflow, table = any_desk
    before = ledger.verify_store()
    for row in main_rows(table, workflow):
        reordered = dict(reversed(list(row.state.items())))
        table.set_state(row.position, json.dumps(reordered, indent=1).encode())

    after = ledger.verify_store()

    assert after.intact
    assert after.root == before.root


def test_a_sqlite_state_rewritten_as_text_with_the_same_content_is_no_alarm(
    sqlite_url: str,
) -> None:
    with ledger_at(sqlite_url) as ledger:
        long_workflow(ledger)
        before = ledger.verify_store()
        with contextlib.closing(sqlite3.connect(sqlite_url)) as connection, connection:
            connection.execute("UPDATE stored_events SET state = CAST(state AS TEXT)")
            (kinds,) = connection.execute(
                "SELECT group_concat(DISTINCT typeof(state)) FROM stored_events"
            ).fetchone()

        after = ledger.verify_store()

    assert kinds == "text"
    assert after == before


# --- no false alarm, whatever the desk does ---

USERS = ("maria", "tom", "ana")
RATINGS = ("true", "false", "mixed", "misleading")
COMMANDS = (
    "register",
    "assign",
    "add_evidence",
    "withdraw_evidence",
    "record_verdict",
    "approve_verdict",
    "reject_verdict",
    "publish",
    "correct",
    "dismiss",
    "reopen",
    "add_note",
)
steps = st.lists(
    st.tuples(
        st.sampled_from(COMMANDS),
        st.integers(min_value=0, max_value=3),
        st.sampled_from(USERS),
        st.sampled_from(RATINGS),
    ),
    min_size=1,
    max_size=20,
)


def apply(ledger: ClaimsLedger, claims: list[Any], step: tuple[str, int, str, str]) -> bool:
    """Run one command; False when the rules refuse it (nothing is stored then)."""
    command, index, user, rating = step
    if command == "register" or not claims:
        claims.append(
            ledger.register_claim(text=f"Claim {len(claims)}", quote="A quote.", by=user).id
        )
        return True
    claim_id = claims[index % len(claims)]
    arguments: dict[str, dict[str, Any]] = {
        "assign": {"assignee": USERS[index % 3]},
        "add_evidence": {
            "url": "https://example.org/source",
            "quote": "A source says so.",
            "stance": "supports",
        },
        "withdraw_evidence": {"evidence_id": f"e{index + 1}", "reason": "Wrong source."},
        "record_verdict": {"rating": rating, "rationale": "The data say so."},
        "approve_verdict": {},
        "reject_verdict": {"reason": "Not convincing."},
        "publish": {},
        "correct": {"rating": rating, "note": "Updated figures."},
        "dismiss": {"reason": "Not check-worthy."},
        "reopen": {},
        "add_note": {"text": "A note."},
    }
    method = getattr(ledger, command)
    try:
        if command == "assign":
            method(claim_id, arguments[command]["assignee"], by=user)
        elif command == "add_note":
            method(claim_id, "A note.", by=user)
        else:
            method(claim_id, by=user, **arguments[command])
    except DomainError:
        return False
    return True


@settings(max_examples=15, deadline=None)
@given(steps=steps)
def test_any_valid_command_sequence_verifies_and_every_event_moves_the_root(
    steps: list[tuple[str, int, str, str]],
) -> None:
    with (
        tempfile.TemporaryDirectory() as directory,
        ledger_at(str(Path(directory, "c.db"))) as ledger,
    ):
        claims: list[Any] = []
        previous = ledger.verify_store()
        anchors = [Anchor(previous.root, previous.position)]
        for step in steps:
            stored = apply(ledger, claims, step)

            result = ledger.verify_store()

            assert result.intact, (step, result.first_break)
            assert result.events == previous.events + (1 if stored else 0)
            event("stored" if stored else "refused")
            if stored:
                assert result.root != previous.root
                assert result.position > previous.position
                anchors.append(Anchor(result.root, result.position))
            else:
                assert (result.root, result.position) == (previous.root, previous.position)
            previous = result
        assert (previous.root, previous.position, previous.events) == stored_root(ledger)
        assert len({a.root for a in anchors}) == len(anchors)
        for anchor in anchors[1:]:
            assert ledger.verify_store(anchor).intact, anchor
