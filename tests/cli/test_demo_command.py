"""`claims demo`: the seed article through the whole workflow, safe to run again."""

from __future__ import annotations

import re
from pathlib import Path

from tests.cli.conftest import Desk
from tests.cli.support import (
    DEMO_KEYS,
    HISTORY_KEYS,
    SUMMARY_KEYS,
)
from tests.report.pages import Marks
from tests.seed_expectations import DEMO_EVENTS, SEED_CLAIMS, SHOWCASE_ID

WORKFLOW = [
    ("Registered", "maria"),
    ("Assigned", "tom"),
    ("EvidenceAdded", "maria"),
    ("VerdictRecorded", "maria"),
    ("VerdictApproved", "tom"),
    ("Published", "tom"),
    ("Corrected", "tom"),
]


def test_demo_registers_the_article_and_runs_the_workflow(desk: Desk) -> None:
    lines = desk.ok("demo").stdout.splitlines()

    assert re.fullmatch(
        r"article [0-9a-f]{8} ingested: Putin to meet with Xi in China \(2024-05-16\)", lines[0]
    ), lines
    assert lines[1] == f"claims registered this run: {len(SEED_CLAIMS)}"
    assert "workflow already done on an earlier run; nothing was duplicated" not in lines
    assert lines[3].split() == ["ID", "STATUS", "RATING", "SPEAKER", "ASSIGNEE", "CLAIM"]
    assert sum(" published " in line for line in lines) == 1, lines
    assert any(re.fullmatch(r"history of claim [0-9a-f-]{36}:", line) for line in lines), lines
    assert desk.events() == DEMO_EVENTS


def test_demo_ends_by_writing_the_articles_report_next_to_the_store(desk: Desk) -> None:
    lines = desk.ok("demo").stdout.splitlines()

    report = Path(desk.db).with_name("ledger-report.html")
    assert lines[-1] == f"the article's report: {report}"
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert len(Marks(page).by_claim) == len(SEED_CLAIMS)
    assert page.count('<script type="application/ld+json">') == 1
    assert desk.json("demo")["report"] == str(report)


def test_demo_run_again_duplicates_nothing(desk: Desk) -> None:
    desk.ok("demo")

    lines = desk.ok("demo").stdout.splitlines()

    assert lines[0].endswith("already ingested: Putin to meet with Xi in China (2024-05-16)")
    assert lines[1:3] == [
        "claims registered this run: 0",
        "workflow already done on an earlier run; nothing was duplicated",
    ]
    assert desk.events() == DEMO_EVENTS


def test_demo_json_has_stable_keys_and_the_whole_history(desk: Desk) -> None:
    data = desk.json("demo")

    assert list(data) == DEMO_KEYS
    assert list(data["article"]) == ["id", "title", "published", "url", "sha256"]
    assert data["article"]["published"] == "2024-05-16"
    assert (data["already_ingested"], data["claims_registered"], data["workflow_ran"]) == (
        False,
        len(SEED_CLAIMS),
        True,
    )
    assert [row["text"] for row in data["table"]] == [c.text for c in SEED_CLAIMS]
    assert all(row["status"] == "open" for row in data["table"] if row["id"] != str(SHOWCASE_ID))
    assert all(list(row) == SUMMARY_KEYS for row in data["table"])
    assert data["workflow_claim"] == str(SHOWCASE_ID)
    assert all(list(entry) == HISTORY_KEYS for entry in data["history"])
    assert [(e["type"], e["actor"]) for e in data["history"]] == WORKFLOW
    assert [e["version"] for e in data["history"]] == list(range(1, len(WORKFLOW) + 1))


def test_demo_json_on_a_second_run_says_nothing_was_new(desk: Desk) -> None:
    first = desk.json("demo")

    second = desk.json("demo")

    assert (second["already_ingested"], second["claims_registered"], second["workflow_ran"]) == (
        True,
        0,
        False,
    )
    assert second["article"] == first["article"]
    assert second["history"] == first["history"]
