"""`claims show --as-of` and `claims diff`: a claim as it was, and what changed, from the CLI."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

import pytest

from tests.cli.conftest import Desk, evidence_add
from tests.cli.support import CLAIM_KEYS, HISTORY_KEYS, assert_one_line_error

MICROSECOND = timedelta(microseconds=1)


def times(desk: Desk, claim: str) -> list[datetime]:
    """Each version's time, from `claims history --json`."""
    return [datetime.fromisoformat(e["timestamp"]) for e in desk.json("history", claim)]


# --- show --as-of ---


def test_show_as_of_each_event_time_is_the_claim_at_that_version(
    desk: Desk, published: str
) -> None:
    for version, moment in enumerate(times(desk, published), start=1):
        as_of = desk.json("show", published, "--as-of", moment.isoformat())

        assert as_of == desk.json("show", published, "--version", str(version)), version
        assert list(as_of) == CLAIM_KEYS


def test_show_as_of_a_moment_between_events_is_the_earlier_version_for_people(
    desk: Desk, published: str
) -> None:
    moments = times(desk, published)
    just_before_approval = (moments[2] - MICROSECOND).isoformat()

    text = desk.ok("show", published, "--as-of", just_before_approval).stdout

    assert re.search(r"^status    in-review  \(version 2, ", text, re.MULTILINE), text
    assert "review: pending" in text, text
    assert "published by" not in text, text


@pytest.mark.parametrize(
    "spelling",
    [
        lambda m: m.replace(tzinfo=None).isoformat(),
        lambda m: m.isoformat().replace("+00:00", "Z"),
        lambda m: m.astimezone(timezone(timedelta(hours=-3))).isoformat(),
        lambda m: m.astimezone(timezone(timedelta(hours=9, minutes=30))).isoformat(),
    ],
    ids=["no-zone-is-utc", "z", "minus-03", "plus-0930"],
)
def test_show_as_of_takes_a_date_time_with_or_without_a_zone(
    desk: Desk, published: str, spelling: object
) -> None:
    moment = times(desk, published)[2]

    shown = desk.json("show", published, "--as-of", spelling(moment))  # type: ignore[operator]

    assert (shown["version"], shown["status"]) == (3, "approved")


def test_show_as_of_a_later_date_is_the_current_claim(desk: Desk, published: str) -> None:
    tomorrow = (times(desk, published)[-1] + timedelta(days=1)).date().isoformat()

    assert desk.json("show", published, "--as-of", tomorrow) == desk.json("show", published)


def test_show_as_of_before_registration_is_bad_input_on_one_line(desk: Desk, claim_id: str) -> None:
    before = (times(desk, claim_id)[0] - MICROSECOND).isoformat()

    line = assert_one_line_error(desk.run("show", claim_id, "--as-of", before), 2)

    assert line.startswith(f"claims: claim {claim_id} did not exist yet at "), line


@pytest.mark.parametrize(
    "value", ["yesterday", "2024-05-32", "10:30", "", "2024-05-16T10:30+25:00"]
)
def test_show_as_of_a_bad_timestamp_is_bad_input_on_one_line(
    desk: Desk, claim_id: str, value: str
) -> None:
    line = assert_one_line_error(desk.run("show", claim_id, "--as-of", value), 2)

    assert line == f"claims: --as-of {value!r} is not an ISO-8601 date or date-time"


def test_show_with_both_version_and_as_of_is_a_usage_error(desk: Desk, claim_id: str) -> None:
    moment = times(desk, claim_id)[0].isoformat()

    line = assert_one_line_error(desk.run("show", claim_id, "--version", "1", "--as-of", moment), 2)

    assert line == "claims show: Invalid value for --as-of: give --version or --as-of, not both"


def test_show_as_of_an_absent_claim_is_bad_input(desk: Desk, claim_id: str) -> None:
    absent = "0123abcd-0000-4000-8000-00000000cafe"

    line = assert_one_line_error(desk.run("show", absent, "--as-of", "2024-05-16"), 2)

    assert line == f"claims: no claim with id {absent}"


# --- diff ---


def test_diff_shows_the_changed_fields_and_the_events_in_between(
    desk: Desk, in_review: str
) -> None:
    text = desk.ok("diff", in_review, "1", "2").stdout

    lines = text.splitlines()
    assert lines[0] == f"claim {in_review}: version 1 -> 2"
    assert '  status: "open" -> "in-review"' in lines
    assert '  verdict.rating: null -> "mostly-true"' in lines
    assert '  verdict.rating_label: null -> "Mostly true"' in lines
    assert '  verdict.review: null -> "pending"' in lines
    assert lines[-2] == "events in between:"
    assert re.fullmatch(
        r'\s+2  \S+Z  alice\s+VerdictRecorded\s+rating="mostly-true" '
        r'rationale="Customs data agree."( \(entered by \S+\))?',
        lines[-1],
    ), lines[-1]


def test_diff_as_json_lists_exactly_the_changed_fields_and_the_events(
    desk: Desk, in_review: str
) -> None:
    data = desk.json("diff", in_review, "2", "1")

    assert list(data) == ["claim_id", "from_version", "to_version", "changes", "events"]
    assert (data["claim_id"], data["from_version"], data["to_version"]) == (in_review, 1, 2)
    assert {c["field"] for c in data["changes"]} == {
        "status",
        "verdict.rating",
        "verdict.rating_label",
        "verdict.rationale",
        "verdict.recorded_by",
        "verdict.recorded_at",
        "verdict.review",
    }
    assert all(list(c) == ["field", "before", "after"] for c in data["changes"])
    assert [list(e) for e in data["events"]] == [HISTORY_KEYS]
    assert data["events"][0]["type"] == "VerdictRecorded"
    assert "event_hash" not in json.dumps(data)


def test_diff_is_the_same_whichever_version_comes_first(desk: Desk, published: str) -> None:
    desk.ok(*evidence_add(published))

    forward = desk.ok("diff", published, "2", "5").stdout
    backward = desk.ok("diff", published, "5", "2").stdout

    assert forward == backward
    assert '  evidence.e1.stance: null -> "supports"' in forward.splitlines()
    assert [line.split()[3] for line in forward.splitlines() if re.match(r"\s+\d+  ", line)] == [
        "VerdictApproved",
        "Published",
        "EvidenceAdded",
    ]


def test_diff_of_a_version_with_itself_says_no_field_changed(desk: Desk, claim_id: str) -> None:
    text = desk.ok("diff", claim_id, "1", "1").stdout

    assert text.splitlines() == [
        f"claim {claim_id}: version 1 -> 1",
        "  no field changed",
        "events in between:",
        "",
    ]


def test_diff_with_a_version_the_claim_never_had_is_bad_input_on_one_line(
    desk: Desk, in_review: str
) -> None:
    line = assert_one_line_error(desk.run("diff", in_review, "1", "3"), 2)

    assert line == f"claims: claim {in_review} has no version 3 (latest is 2)"


@pytest.mark.parametrize("versions", [("0", "1"), ("1", "-1"), ("one", "2")])
def test_diff_with_a_version_that_is_not_a_positive_number_is_a_usage_error(
    desk: Desk, claim_id: str, versions: tuple[str, str]
) -> None:
    before = desk.events()

    line = assert_one_line_error(desk.run("diff", claim_id, *versions), 2)

    assert line.startswith("claims diff: "), line
    assert desk.events() == before
