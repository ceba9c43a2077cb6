"""show, list, history and scale: what a desk reads, and the JSON machines read."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.cli.conftest import (
    CLAIM_QUOTE,
    CLAIM_TEXT,
    EVIDENCE_URL,
    OTHER_QUOTE,
    OTHER_TEXT,
    Desk,
    evidence_add,
)
from tests.cli.support import (
    CLAIM_KEYS,
    HISTORY_KEYS,
    SUMMARY_KEYS,
    assert_utc_iso,
    short,
)
from tests.seed_expectations import SEED_CLAIMS, SHOWCASE

WHEN = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"


def test_show_prints_the_claim_for_a_reader(desk: Desk, claim_id: str) -> None:
    result = desk.ok("show", claim_id[:8])

    lines = result.stdout.splitlines()
    assert lines[0] == f"claim     {claim_id}", result.output
    assert re.fullmatch(rf"status    open  \(version 1, last change {WHEN}\)", lines[1]), lines[1]
    assert lines[2:5] == [
        f"text      {CLAIM_TEXT}",
        f"quote     “{CLAIM_QUOTE}”",
        "speaker   -",
    ], result.output
    assert "assignee  -" in lines, result.output
    assert any(re.fullmatch(rf"registered by alice at {WHEN}", line) for line in lines), lines


def test_show_prints_verdict_evidence_and_notes_once_they_exist(desk: Desk, published: str) -> None:
    desk.ok(*evidence_add(published))
    desk.ok("note", published, "Double-checked.")

    text = desk.ok("show", published).stdout

    assert re.search(
        rf"^verdict   mostly-true \(Mostly true\) by alice at {WHEN}; review: approved by bob$",
        text,
        re.MULTILINE,
    ), text
    assert re.search(rf"^published by bob at {WHEN}$", text, re.MULTILINE), text
    assert f"  e1  supports {EVIDENCE_URL} (alice)" in text.splitlines(), text
    assert re.search(rf"^note      alice at {WHEN}: Double-checked\.$", text, re.MULTILINE), text


def test_show_json_is_the_claim_with_stable_keys(desk: Desk, claim_id: str) -> None:
    data = desk.json("show", claim_id)

    assert list(data) == CLAIM_KEYS
    assert (data["id"], data["version"], data["status"]) == (claim_id, 1, "open")
    assert assert_utc_iso(data["registered_at"]) == assert_utc_iso(data["last_change"])


def test_show_version_shows_the_claim_as_it_was_then(desk: Desk, claim_id: str) -> None:
    desk.ok("assign", claim_id, "maria")
    desk.ok("verdict", claim_id, "--rating", "false", "--rationale", "No.")

    then = desk.json("show", claim_id, "--version", "2")
    text = desk.ok("show", claim_id, "--version", "1").stdout

    assert (then["version"], then["assignee"], then["verdict"]) == (2, "maria", None)
    assert "status    open  (version 1," in text, text
    assert "assignee  -" in text.splitlines(), text
    assert desk.json("show", claim_id)["version"] == 3


@pytest.fixture
def table(desk: Desk) -> dict[str, Any]:
    """The demo's article claims (one published, true, assigned to maria; some by
    Vladimir Putin) plus one hand-registered claim without an article."""
    demo = desk.json("demo")
    by_hand = desk.register(OTHER_TEXT, OTHER_QUOTE)
    return {
        "article": demo["article"]["id"],
        "demo_ids": [row["id"] for row in demo["table"]],
        "workflow": demo["workflow_claim"],
        "by_hand": by_hand,
    }


def listed_ids(desk: Desk, *filters: str) -> list[str]:
    return [row["id"] for row in desk.json("list", *filters)]


def test_list_without_filters_shows_every_claim_in_registration_order(
    desk: Desk, table: dict[str, Any]
) -> None:
    rows = desk.json("list")

    assert [row["id"] for row in rows] == [*table["demo_ids"], table["by_hand"]]
    assert all(list(row) == SUMMARY_KEYS for row in rows), rows
    assert all(assert_utc_iso(row["last_change"]) for row in rows)


def test_list_prints_the_fact_check_table(desk: Desk, table: dict[str, Any]) -> None:
    lines = desk.ok("list", "--status", "published").stdout.splitlines()

    shown = SHOWCASE.text if len(SHOWCASE.text) <= 70 else SHOWCASE.text[:69] + "…"
    assert lines == [
        "ID        STATUS     RATING  SPEAKER  ASSIGNEE  CLAIM",
        f"{short(table['workflow'])}  published  true    -        maria     {shown}",
    ]


def test_list_filters_by_status(desk: Desk, table: dict[str, Any]) -> None:
    open_ids = [i for i in table["demo_ids"] if i != table["workflow"]] + [table["by_hand"]]

    assert listed_ids(desk, "--status", "published") == [table["workflow"]]
    assert listed_ids(desk, "--status", "open") == open_ids
    assert listed_ids(desk, "--status", "dismissed") == []


def test_list_filters_by_article_prefix(desk: Desk, table: dict[str, Any]) -> None:
    assert listed_ids(desk, "--article", table["article"][:8]) == table["demo_ids"]


def test_list_filters_by_speaker_substring_ignoring_case(desk: Desk, table: dict[str, Any]) -> None:
    rows = desk.json("list", "--speaker", "PUTIN")

    by_putin = [c for c in SEED_CLAIMS if "putin" in (c.speaker or "").casefold()]
    assert len(rows) == len(by_putin) > 0
    assert {row["speaker"] for row in rows} == {"Vladimir Putin"}
    assert all(row["id"] in table["demo_ids"] for row in rows)


def test_list_filters_by_current_rating(desk: Desk, table: dict[str, Any]) -> None:
    assert listed_ids(desk, "--rating", "true") == [table["workflow"]]
    assert listed_ids(desk, "--rating", "mostly-true") == []  # corrected away by the demo


def test_list_filters_by_assignee(desk: Desk, table: dict[str, Any]) -> None:
    assert listed_ids(desk, "--assignee", "maria") == [table["workflow"]]
    assert listed_ids(desk, "--assignee", "tom") == []


def test_list_combines_filters(desk: Desk, table: dict[str, Any]) -> None:
    putins = listed_ids(desk, "--speaker", "putin")

    assert listed_ids(desk, "--status", "open", "--speaker", "putin") == putins
    assert listed_ids(desk, "--status", "published", "--speaker", "putin") == []
    assert listed_ids(desk, "--article", table["article"], "--assignee", "maria") == [
        table["workflow"]
    ]


def test_list_says_so_when_nothing_matches(desk: Desk) -> None:
    result = desk.ok("list")

    assert result.stdout == "no claims\n", result.output
    assert desk.json("list") == []


def test_history_lists_every_event_in_order_for_a_reader(desk: Desk, published: str) -> None:
    lines = desk.ok("history", published[:8]).stdout.splitlines()

    assert len(lines) == 4, lines
    expected = [
        ("1", "alice", "Registered"),
        ("2", "alice", "VerdictRecorded"),
        ("3", "bob", "VerdictApproved"),
        ("4", "bob", "Published"),
    ]
    for line, (version, actor, kind) in zip(lines, expected, strict=True):
        assert re.match(rf"^ +{version}  {WHEN}  {actor} +{kind}\b", line), line
    assert 'rating="mostly-true" rationale="Customs data agree."' in lines[1], lines[1]


def test_history_json_has_version_time_actor_type_and_payload(desk: Desk, published: str) -> None:
    entries = desk.json("history", published)

    assert all(list(entry) == HISTORY_KEYS for entry in entries), entries
    assert [e["version"] for e in entries] == [1, 2, 3, 4]
    assert [e["type"] for e in entries] == [
        "Registered",
        "VerdictRecorded",
        "VerdictApproved",
        "Published",
    ]
    assert [e["actor"] for e in entries] == ["alice", "alice", "bob", "bob"]
    times = [assert_utc_iso(e["timestamp"]) for e in entries]
    assert times == sorted(times)
    assert entries[1]["payload"] == {
        "rating": "mostly-true",
        "rationale": "Customs data agree.",
        "previous_rating": None,
    }
    assert entries[3]["payload"] == {"rating": "mostly-true"}


def test_history_json_gives_referenced_ids_as_strings(desk: Desk, claim_id: str) -> None:
    original = desk.register(OTHER_TEXT, OTHER_QUOTE)
    desk.ok("duplicate", claim_id, "--of", original)

    entries = desk.json("history", claim_id)

    assert entries[-1]["type"] == "MarkedDuplicate"
    assert entries[-1]["payload"] == {"duplicate_of": original}
