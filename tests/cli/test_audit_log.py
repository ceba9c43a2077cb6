"""`claims audit log`: who did what, when, across all claims, in store order; JSON Lines."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from itertools import pairwise
from typing import Any

import pytest

from claims.storage.log import PAGE
from domain.claim import Claim
from tests.application.support import ledger_at
from tests.cli.conftest import OTHER_QUOTE, OTHER_TEXT, Desk, evidence_add
from tests.cli.support import assert_one_line_error, assert_utc_iso, short

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
WHEN = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"


def log(desk: Desk, *options: str) -> list[dict[str, Any]]:
    """`audit log --json` parsed line by line."""
    result = desk.ok("audit", "log", *options, "--json")
    return [json.loads(line) for line in result.stdout.splitlines()]


@dataclass(frozen=True)
class Busy:
    desk: Desk
    published: str
    other: str


@pytest.fixture(scope="module")
def busy(tmp_path_factory: pytest.TempPathFactory) -> Busy:
    """alice registers and rates, bob approves and publishes, carol adds another claim.

    Built once through the CLI; the tests here only read it.
    """
    desk = Desk(str(tmp_path_factory.mktemp("busy") / "ledger.db"))
    published = desk.register()
    desk.ok("verdict", published, "--rating", "mostly-true", "--rationale", "Customs data agree.")
    desk.ok("review", published, "approve", user="bob")
    desk.ok("publish", published, user="bob")
    desk.ok(*evidence_add(published), user="carol")
    other = desk.json("add", OTHER_TEXT, "--quote", OTHER_QUOTE, user="carol")["id"]
    desk.ok("note", other, "Looked at it.", user="bob")
    return Busy(desk, published, other)


def test_the_log_as_json_lines_is_every_event_in_store_order(
    busy: Busy,
) -> None:
    desk = busy.desk

    entries = log(desk)

    assert len(entries) == desk.events() == 7
    assert [e["position"] for e in entries] == list(range(1, 8))
    for entry in entries:
        assert list(entry) == ENTRY_KEYS
        assert entry["aggregate"] == "claim"
        assert "event_hash" not in entry["payload"]
        assert_utc_iso(entry["timestamp"])
    assert [(e["type"], e["actor"], e["aggregate_id"], e["version"]) for e in entries] == [
        ("Registered", "alice", busy.published, 1),
        ("VerdictRecorded", "alice", busy.published, 2),
        ("VerdictApproved", "bob", busy.published, 3),
        ("Published", "bob", busy.published, 4),
        ("EvidenceAdded", "carol", busy.published, 5),
        ("Registered", "carol", busy.other, 1),
        ("NoteAdded", "bob", busy.other, 2),
    ]
    assert entries[1]["payload"] == {"rating": "mostly-true", "rationale": "Customs data agree."}


def test_the_log_for_people_is_one_line_per_event_with_position_time_actor_and_type(
    busy: Busy,
) -> None:
    desk = busy.desk

    lines = desk.ok("audit", "log").stdout.splitlines()

    assert len(lines) == 7
    first = re.fullmatch(
        rf"\s+1  {WHEN}  alice\s+claim\s+{short(busy.published)} v1\s+Registered\s+(.*)",
        lines[0],
    )
    assert first, lines[0]
    assert 'text="China-Russia trade totaled $240 billion last year"' in first.group(1)
    assert re.fullmatch(
        rf"\s+3  {WHEN}  bob\s+claim\s+{short(busy.published)} v3\s+VerdictApproved"
        r"( \(entered by \S+\))?",
        lines[2],
    ), lines[2]
    other = short(busy.other)
    assert re.fullmatch(
        rf'\s+7  {WHEN}  bob\s+claim\s+{other} v2\s+NoteAdded\s+text="Looked at it."'
        r"( \(entered by \S+\))?",
        lines[6],
    ), lines[6]
    positions = [int(line.split()[0]) for line in lines]
    assert all(a < b for a, b in pairwise(positions))


def test_the_log_keeps_one_actors_events(busy: Busy) -> None:
    desk = busy.desk

    everything = log(desk)

    by_bob = log(desk, "--actor", "bob")

    assert by_bob == [e for e in everything if e["actor"] == "bob"]
    assert [e["type"] for e in by_bob] == ["VerdictApproved", "Published", "NoteAdded"]
    assert desk.ok("audit", "log", "--actor", "nobody").stdout == ""


def test_the_log_keeps_the_types_given_by_a_repeatable_option(
    busy: Busy,
) -> None:
    desk = busy.desk

    entries = log(desk, "--type", "Registered", "--type", "Published")

    assert [(e["type"], e["aggregate_id"]) for e in entries] == [
        ("Registered", busy.published),
        ("Published", busy.published),
        ("Registered", busy.other),
    ]


def test_an_unknown_event_type_is_bad_input_on_one_line(busy: Busy) -> None:
    desk = busy.desk

    line = assert_one_line_error(desk.run("audit", "log", "--type", "Verdict"), 2)

    assert line.startswith("claims: unknown event type 'Verdict' (known: "), line
    assert "VerdictRecorded" in line


def test_the_log_keeps_one_claims_events_given_by_a_prefix(
    busy: Busy,
) -> None:
    desk = busy.desk

    entries = log(desk, "--claim", busy.other[:8])

    assert [(e["position"], e["type"]) for e in entries] == [(6, "Registered"), (7, "NoteAdded")]
    assert log(desk, "--claim", busy.other, "--actor", "bob") == [entries[1]]


def test_the_log_of_an_unknown_claim_is_bad_input(busy: Busy) -> None:
    desk = busy.desk

    line = assert_one_line_error(desk.run("audit", "log", "--claim", "0123abcd"), 2)

    assert line == "claims: no claim with id 0123abcd"


def moments(desk: Desk) -> list[datetime]:
    return [datetime.fromisoformat(e["timestamp"]) for e in log(desk)]


def between(times: list[datetime], index: int) -> datetime:
    """A moment after event `index` and before the next (both 0-based)."""
    return times[index] + (times[index + 1] - times[index]) / 2


@pytest.mark.parametrize(
    "spelling",
    [
        lambda m: m.isoformat(),
        lambda m: m.isoformat().replace("+00:00", "Z"),
        lambda m: m.replace(tzinfo=None).isoformat(),
        lambda m: m.astimezone(timezone(timedelta(hours=5, minutes=30))).isoformat(),
        lambda m: m.astimezone(timezone(timedelta(hours=-7))).isoformat(),
    ],
    ids=["utc-offset", "z", "no-zone-is-utc", "plus-0530", "minus-07"],
)
def test_since_and_until_take_date_times_with_or_without_a_zone(busy: Busy, spelling: Any) -> None:
    desk = busy.desk

    everything = log(desk)
    times = [datetime.fromisoformat(e["timestamp"]) for e in everything]
    since, until = spelling(between(times, 1)), spelling(between(times, 5))

    assert log(desk, "--since", since) == everything[2:]
    assert log(desk, "--until", until) == everything[:6]
    assert log(desk, "--since", since, "--until", until) == everything[2:6]


def test_since_and_until_are_inclusive_of_an_events_own_time(
    busy: Busy,
) -> None:
    desk = busy.desk

    everything = log(desk)

    third = everything[2]["timestamp"]

    assert log(desk, "--since", third, "--until", third) == [everything[2]]


def test_since_and_until_take_plain_dates_as_midnight_utc(busy: Busy) -> None:
    desk = busy.desk

    everything = log(desk)
    first = datetime.fromisoformat(everything[0]["timestamp"]).date()
    next_day = (datetime.fromisoformat(everything[-1]["timestamp"]) + timedelta(days=1)).date()

    assert log(desk, "--since", first.isoformat()) == everything
    assert log(desk, "--until", next_day.isoformat()) == everything
    assert log(desk, "--since", next_day.isoformat()) == []
    assert log(desk, "--until", (first - timedelta(days=1)).isoformat()) == []


@pytest.mark.parametrize("option", ["--since", "--until"])
@pytest.mark.parametrize("value", ["yesterday", "2024-02-30", "16.05.2024", " "])
def test_a_moment_that_is_not_iso_8601_is_bad_input_on_one_line(
    desk: Desk, option: str, value: str
) -> None:
    line = assert_one_line_error(desk.run("audit", "log", option, value), 2)

    assert line == f"claims: {option} {value!r} is not an ISO-8601 date or date-time"


def test_the_log_of_an_empty_store_is_empty(desk: Desk) -> None:
    assert desk.ok("audit", "log").stdout == ""
    assert desk.ok("audit", "log", "--json").stdout == ""


def test_the_log_streams_a_store_of_more_than_one_page_each_event_once_in_order(
    desk: Desk,
) -> None:
    total = PAGE + 100
    with ledger_at(desk.db) as ledger:
        for start in range(0, total, 1_000):
            ledger.save(
                *[
                    Claim.register(text=f"Bulk claim {n}", quote="A quote.", by="alice")
                    for n in range(start, min(start + 1_000, total))
                ]
            )
    last = desk.register()

    entries = log(desk)
    of_last = log(desk, "--claim", last)

    assert [e["position"] for e in entries] == list(range(1, total + 2))
    assert len({e["aggregate_id"] for e in entries}) == total + 1
    assert entries[-1]["aggregate_id"] == last
    assert [e["position"] for e in of_last] == [total + 1]
    assert desk.events() == total + 1
