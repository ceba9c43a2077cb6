"""The CLI on a store written before two events changed shape (`tests/data/store-v1.sqlite`):
it reads, rebuilds, verifies and exports it, moves it to PostgreSQL, and records the
new `--accessed-on` on it; a bad day is one line and exit 2."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.application.test_event_evolution import FIXTURE, FIXTURE_ANCHOR, TRADE, TRADE_AGAIN
from tests.cli.conftest import Desk
from tests.cli.support import (
    acting_as,
    assert_one_line_error,
    describe,
    fingerprint,
    run_process,
    short,
)

OPEN_CLAIM = "eb535f51"  # "Exports of machinery rose 38 percent in the first quarter"
ANCHOR = str(FIXTURE_ANCHOR)


@pytest.fixture
def old_desk(tmp_path: Path) -> Desk:
    db = tmp_path / "desk.sqlite"
    shutil.copyfile(FIXTURE, db)
    return Desk(str(db))


def add_evidence_consulted_on(desk: Desk, day: str) -> str:
    return desk.run(
        "evidence",
        "add",
        OPEN_CLAIM,
        "--url",
        "https://example.com/ministry",
        "--stance",
        "supports",
        "--quote",
        "Machinery exports, Q1: +38%.",
        "--accessed-on",
        day,
        user="ana",
    ).stdout


def test_an_old_store_reads_rebuilds_and_verifies_with_old_events_in_the_new_shape(
    old_desk: Desk,
) -> None:
    history = old_desk.json("history", str(TRADE_AGAIN))
    assert history[1]["type"] == "MarkedDuplicate"
    assert history[1]["payload"] == {"duplicate_of": str(TRADE)}
    evidence = old_desk.json("show", str(TRADE))["evidence"]
    assert [e["accessed_on"] for e in evidence] == [None, None, None]
    assert "accessed_on" not in old_desk.ok("history", str(TRADE)).stdout

    old_desk.ok("projections", "rebuild", "--all")

    verified = old_desk.ok("projections", "verify").stdout.splitlines()
    assert verified
    assert all(": identical (" in line for line in verified), verified
    assert old_desk.ok("audit", "verify", "--anchor", ANCHOR).stdout.startswith("intact: 36 events")


def test_evidence_consulted_on_a_day_is_recorded_shown_and_verified_on_an_old_store(
    old_desk: Desk, tmp_path: Path
) -> None:
    assert add_evidence_consulted_on(old_desk, "2024-05-20") == (
        f"{OPEN_CLAIM} evidence e1 added (supports)\n"
    )
    old_desk.ok("duplicate", OPEN_CLAIM, "--of", short(str(TRADE)), user="tom")

    shown = old_desk.ok("show", OPEN_CLAIM).stdout
    assert "e1  supports https://example.com/ministry (ana, consulted 2024-05-20)" in shown
    history = old_desk.ok("history", OPEN_CLAIM).stdout.splitlines()
    assert 'stance="supports" accessed_on="2024-05-20"' in history[-2], history
    assert f'MarkedDuplicate    duplicate_of="{TRADE}"' in history[-1], history
    assert old_desk.json("show", OPEN_CLAIM)["evidence"][0]["accessed_on"] == "2024-05-20"

    export = tmp_path / "audit.jsonl"
    old_desk.ok("audit", "export", "--out", str(export))
    from_file = old_desk.ok("audit", "verify", "--file", str(export), "--anchor", ANCHOR)
    from_store = old_desk.ok("audit", "verify", "--anchor", ANCHOR)
    assert from_file.stdout == from_store.stdout
    assert from_file.stdout.startswith("intact: 38 events")
    payloads = [json.loads(line)["payload"] for line in export.read_text().splitlines()[1:]]
    assert {"original_id"} in [set(p) for p in payloads]
    assert {"duplicate_of", "class_version"} in [
        set(p) - {"entered_by", "command_id"} for p in payloads
    ]


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2024-13-01", "--accessed-on '2024-13-01' is not an ISO-8601 date or date-time"),
        ("last week", "--accessed-on 'last week' is not an ISO-8601 date or date-time"),
        ("", "--accessed-on '' is not an ISO-8601 date or date-time"),
        ("0224-05-20", "the evidence cannot have been consulted on 0224-05-20: a typo?"),
    ],
)
def test_a_day_that_is_no_date_is_refused_on_one_line(
    old_desk: Desk, day: str, message: str
) -> None:
    before = fingerprint(old_desk.db)

    result = old_desk.run(
        "evidence", "add", OPEN_CLAIM, "--url", "https://example.com/x", "--stance", "context",
        "--quote", "q", "--accessed-on", day,
    )  # fmt: skip

    assert assert_one_line_error(result, 2) == f"claims: {message}"
    assert fingerprint(old_desk.db) == before


def test_a_day_still_to_come_everywhere_is_refused(old_desk: Desk) -> None:
    day_after_tomorrow = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    before = fingerprint(old_desk.db)

    result = old_desk.run(
        "evidence", "add", OPEN_CLAIM, "--url", "https://example.com/x", "--stance", "context",
        "--quote", "q", "--accessed-on", day_after_tomorrow,
    )  # fmt: skip

    line = assert_one_line_error(result, 2)
    assert line == (
        f"claims: the evidence cannot have been consulted on {day_after_tomorrow}: "
        "that day is to come"
    )
    assert fingerprint(old_desk.db) == before


@pytest.mark.slow
@pytest.mark.postgres
def test_an_old_store_moved_to_postgresql_verifies_rebuilds_and_exports_there(
    old_desk: Desk, postgres_url: str, tmp_path: Path
) -> None:
    def claims(db: str, *args: str) -> str:
        process = run_process(["--db", db, *acting_as(db, "tom"), *args], tmp_path)
        assert process.returncode == 0, describe(process)
        return process.stdout

    copied = claims(old_desk.db, "copy-to", postgres_url)
    assert copied.startswith("copied 36 events to postgresql://"), copied

    assert claims(postgres_url, "audit", "verify", "--anchor", ANCHOR).startswith("intact: 36")
    assert json.loads(claims(postgres_url, "history", str(TRADE_AGAIN), "--json"))[1][
        "payload"
    ] == {"duplicate_of": str(TRADE)}
    claims(postgres_url, "projections", "rebuild", "--all")
    verified = claims(postgres_url, "projections", "verify").splitlines()
    assert verified
    assert all(": identical (" in line for line in verified), verified
    # A read never builds read models: the old store's are built as an operator would.
    claims(old_desk.db, "projections", "rebuild", "--all")
    assert claims(postgres_url, "list", "--json") == claims(old_desk.db, "list", "--json")
    export = tmp_path / "pg.jsonl"
    claims(postgres_url, "audit", "export", "--out", str(export))
    assert claims(old_desk.db, "audit", "verify", "--file", str(export)).startswith("intact: 36")
