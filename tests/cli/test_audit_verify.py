"""`claims audit verify` and `claims audit anchor` over SQLite and PostgreSQL stores whose
rows were rewritten directly: exit 0 when intact, 1 naming the first broken event."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest
from typer.testing import Result

from claims.audit.chain import GENESIS
from tests.application.support import EDITOR, ledger_at
from tests.audit.support import (
    WORKFLOW_STEPS,
    EventTable,
    Row,
    Workflow,
    event_table,
    long_workflow,
    rows_of,
)
from tests.cli.support import assert_one_line_error, invoke

ANCHOR = re.compile(r"^([0-9a-f]{64})@(\d+)$")
EVENTS = 1 + len(WORKFLOW_STEPS) + 3  # the article, the main claim, the other claim's three


@dataclass(frozen=True)
class Store:
    url: str
    workflow: Workflow
    table: EventTable

    def run(self, *args: str) -> Result:
        # Reading needs no --as (on PostgreSQL it could only name the connecting role).
        return invoke(["--db", self.url, "audit", *args])

    def main(self) -> list[Row]:
        rows = rows_of(self.table, self.workflow.main)
        assert [row.version for row in rows] == list(range(1, len(WORKFLOW_STEPS) + 1))
        return rows

    def anchor(self) -> str:
        result = self.run("anchor")
        assert result.exit_code == 0, result.output
        assert result.stderr == "", result.output
        text = result.stdout.strip()
        assert ANCHOR.match(text), text
        return text


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Store:
    """The long workflow on a SQLite file or a PostgreSQL database."""
    url = str(request.getfixturevalue("db" if request.param == "sqlite" else "postgres_url"))
    with ledger_at(url) as ledger:
        workflow = long_workflow(ledger)
    return Store(url, workflow, event_table(url))


@pytest.fixture
def sqlite_store(db: str) -> Store:
    """The same on SQLite only, for what does not depend on the store's SQL."""
    with ledger_at(db) as ledger:
        workflow = long_workflow(ledger)
    return Store(db, workflow, event_table(db))


def broken(result: Result) -> str:
    """The report of a verification that failed: exit 1, one line on stdout."""
    assert result.exit_code == 1, result.output
    assert result.stderr == "", result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def anchor_refused(result: Result) -> str:
    """The report of a verification whose chains hold but whose anchor does not."""
    assert result.exit_code == 1, result.output
    assert result.stderr == "", result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("intact: "), result.output
    return lines[1]


def break_at(row: Row, version: int | None = None) -> str:
    return (
        f"event at log position {row.position} "
        f"(aggregate {row.aggregate_id}, version {version or row.version})"
    )


# --- (a) intact ---


def test_an_untouched_store_verifies_with_exit_0_and_its_root(store: Store) -> None:
    anchor = store.anchor()

    result = store.run("verify")

    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == f"intact: {EVENTS} events of 3 aggregates; root {anchor}\n"
    assert anchor.endswith(f"@{store.table.rows()[-1].position}")


def test_verify_json_reports_an_intact_store_with_stable_keys(sqlite_store: Store) -> None:
    anchor = sqlite_store.anchor()

    result = sqlite_store.run("verify", "--json")

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == [
        "intact",
        "events",
        "aggregates",
        "root",
        "position",
        "first_break",
        "anchor",
        "anchor_problem",
        "stamp_mismatches",
        "first_stamp_mismatch",
    ]
    assert data["intact"] is True
    assert (data["events"], data["aggregates"]) == (EVENTS, 3)
    assert f"{data['root']}@{data['position']}" == anchor
    assert (data["first_break"], data["anchor"], data["anchor_problem"]) == (None, None, None)


def test_the_anchor_as_json_is_the_root_and_position(sqlite_store: Store) -> None:
    anchor = sqlite_store.anchor()

    result = sqlite_store.run("anchor", "--json")

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert f"{data['root']}@{data['position']}" == anchor


# --- (b)-(e) rewritten rows ---


def test_a_rating_changed_in_a_stored_event_fails_naming_that_event_as_altered(
    store: Store,
) -> None:
    verdict = store.main()[8]
    assert verdict.state["rating"] == "false"
    store.table.set_state(verdict.position, {**verdict.state, "rating": "true"})

    report = broken(store.run("verify"))

    assert report.startswith("BROKEN after "), report
    assert report.endswith(f"{break_at(verdict)}: its content does not match its hash (altered)"), (
        report
    )


def test_an_altered_event_is_reported_in_verify_json(sqlite_store: Store) -> None:
    note = sqlite_store.main()[7]
    sqlite_store.table.set_state(note.position, {**note.state, "text": "Rewritten."})

    result = sqlite_store.run("verify", "--json")

    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["intact"] is False
    assert data["first_break"] == {
        "position": note.position,
        "aggregate_id": sqlite_store.workflow.main.hex,
        "version": 8,
        "problem": "its content does not match its hash (altered)",
    }


def test_an_event_deleted_from_the_middle_of_a_history_fails_naming_the_next_event(
    store: Store,
) -> None:
    rows = store.main()
    store.table.delete(rows[5].position)

    report = broken(store.run("verify"))

    assert report.endswith(
        f"{break_at(rows[6])}: version 7 follows version 5: events missing or reordered"
    ), report


def test_two_events_of_a_claim_swapped_in_log_order_fail_as_reordered(store: Store) -> None:
    rows = store.main()
    store.table.swap(rows[2].position, rows[4].position)

    report = broken(store.run("verify"))

    assert report.endswith(
        f"{break_at(rows[2], 5)}: version 5 follows version 2: events missing or reordered"
    ), report


def test_an_event_with_its_hash_removed_fails_as_carrying_none(store: Store) -> None:
    published = store.main()[12]
    store.table.set_state(
        published.position, {k: v for k, v in published.state.items() if k != "event_hash"}
    )

    report = broken(store.run("verify"))

    assert report.endswith(f"{break_at(published)}: it carries no hash"), report


def test_an_event_with_its_hash_changed_fails_as_altered(sqlite_store: Store) -> None:
    published = sqlite_store.main()[12]
    stored = published.state["event_hash"]
    forged = ("0" if stored[0] != "0" else "1") + stored[1:]
    sqlite_store.table.set_state(published.position, {**published.state, "event_hash": forged})

    report = broken(sqlite_store.run("verify"))

    assert report.endswith(f"{break_at(published)}: its content does not match its hash (altered)")


def test_anchor_refuses_to_anchor_a_broken_log(sqlite_store: Store) -> None:
    verdict = sqlite_store.main()[8]
    sqlite_store.table.set_state(verdict.position, {**verdict.state, "rationale": "Other."})

    line = assert_one_line_error(sqlite_store.run("anchor"), 1)

    assert line.startswith("claims: not anchoring a broken log: "), line
    assert break_at(verdict) in line


# --- (f)-(g) anchors ---


def test_cutting_the_newest_event_passes_plain_verify_but_fails_the_anchor_taken_before(
    store: Store,
) -> None:
    """Without an anchor a cut end of the log cannot be told from a shorter log:
    plain `verify` passes. The anchor published before the cut catches it."""
    anchor = store.anchor()
    newest = store.main()[-1]
    assert newest.position == store.table.rows()[-1].position
    store.table.delete(newest.position)

    plain = store.run("verify")
    anchored = store.run("verify", "--anchor", anchor)

    assert plain.exit_code == 0, plain.output
    assert plain.stdout.startswith(f"intact: {EVENTS - 1} events"), plain.output
    assert anchor_refused(anchored) == (
        f"anchor {anchor}: the log has no event at anchored position {newest.position}: "
        "rewritten or cut"
    )


def test_cutting_a_claims_last_event_inside_the_anchored_log_fails_the_anchor_as_rewritten(
    store: Store,
) -> None:
    """The other claim's last event is not the log's last: the chains still hold, so
    plain `verify` passes, but the root up to the anchored position changed."""
    anchor = store.anchor()
    others_last = rows_of(store.table, store.workflow.other)[-1]
    store.table.delete(others_last.position)

    plain = store.run("verify")
    anchored = store.run("verify", "--anchor", anchor)

    assert plain.exit_code == 0, plain.output
    position = anchor.split("@")[1]
    assert anchor_refused(anchored) == (
        f"anchor {anchor}: the log up to position {position} was rewritten since it was anchored"
    )


def test_swapping_events_of_two_different_claims_is_caught_only_by_an_anchor(
    sqlite_store: Store,
) -> None:
    """Each claim's chain still holds when events of different claims trade places;
    the store root over the log order does not."""
    anchor = sqlite_store.anchor()
    main_first, other_first = (
        sqlite_store.main()[0],
        rows_of(sqlite_store.table, sqlite_store.workflow.other)[0],
    )
    assert main_first.position < other_first.position
    sqlite_store.table.swap(main_first.position, other_first.position)

    plain = sqlite_store.run("verify")
    anchored = sqlite_store.run("verify", "--anchor", anchor)

    assert plain.exit_code == 0, plain.output
    assert "rewritten since it was anchored" in anchor_refused(anchored)


def test_events_appended_after_an_anchor_still_verify_against_it(store: Store) -> None:
    anchor = store.anchor()
    with ledger_at(store.url) as ledger:
        ledger.add_note(store.workflow.main, "After the anchor.", by=EDITOR)
        ledger.register_claim(text="A claim after the anchor", quote="q", by=EDITOR)

    result = store.run("verify", "--anchor", anchor)

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"intact: {EVENTS + 2} events of 4 aggregates; root "), lines
    assert lines[1] == f"anchor {anchor}: matches: the log up to it was not rewritten"
    assert store.anchor() != anchor


def test_an_anchor_of_an_earlier_position_still_matches_after_later_events(
    sqlite_store: Store,
) -> None:
    first = sqlite_store.anchor()
    with ledger_at(sqlite_store.url) as ledger:
        ledger.add_note(sqlite_store.workflow.other, "One.", by=EDITOR)
    second = sqlite_store.anchor()
    with ledger_at(sqlite_store.url) as ledger:
        ledger.add_note(sqlite_store.workflow.other, "Two.", by=EDITOR)

    for anchor in (first, second, sqlite_store.anchor()):
        result = sqlite_store.run("verify", "--anchor", anchor)
        assert result.exit_code == 0, (anchor, result.output)


def test_an_anchor_with_a_root_that_was_never_the_stores_fails(sqlite_store: Store) -> None:
    position = sqlite_store.anchor().split("@")[1]
    made_up = f"{'1' * 64}@{position}"

    assert "was rewritten since it was anchored" in anchor_refused(
        sqlite_store.run("verify", "--anchor", made_up)
    )


# --- (h) malformed anchors ---


@pytest.mark.parametrize(
    "anchor",
    ["latest", GENESIS, f"{GENESIS}@", f"{GENESIS}@x", f"{GENESIS[:-1]}@3", f"{GENESIS}@-3"],
    ids=["word", "no-position", "empty-position", "word-position", "short-root", "neg"],
)
def test_a_malformed_anchor_is_bad_input_on_one_line(db: str, anchor: str) -> None:
    result = invoke(["--db", db, "audit", "verify", "--anchor", anchor])

    line = assert_one_line_error(result, 2)

    assert line == (f"claims: {anchor!r} is not an anchor (64 hex digits, '@', a log position)"), (
        line
    )
