"""One member, one name: the four-eyes rule and the record cannot be fooled by spelling."""

from __future__ import annotations

import pytest

from tests.cli.conftest import Desk
from tests.cli.support import assert_one_line_error


@pytest.mark.parametrize(
    ("spelling", "character"),
    [
        ("alice\u200b", "U+200B ZERO WIDTH SPACE"),
        ("alice\x1b[0m", "U+001B"),
        ("alice\u2060", "U+2060 WORD JOINER"),
        ("\u0430lice", "U+0430 CYRILLIC SMALL LETTER A"),
        ("alice bob", "U+0020 SPACE"),
    ],
    ids=["zero-width suffix", "escape sequence", "word joiner", "cyrillic lookalike", "space"],
)
def test_a_name_with_an_invisible_or_lookalike_character_is_refused(
    desk: Desk, in_review: str, spelling: str, character: str
) -> None:
    before = desk.events()
    line = assert_one_line_error(desk.run("review", in_review, "approve", user=spelling), 2)
    assert character in line
    assert desk.events() == before


@pytest.mark.parametrize("spelling", ["ALICE", "\uff21\uff2c\uff29\uff23\uff25", " Alice "])
def test_another_spelling_of_the_recorder_cannot_approve_her_own_verdict(
    desk: Desk, in_review: str, spelling: str
) -> None:
    before = desk.events()
    line = assert_one_line_error(desk.run("review", in_review, "approve", user=spelling), 1)
    assert line == "claims: alice recorded this verdict and cannot approve it (four-eyes rule)"
    assert desk.events() == before


def test_every_spelling_of_a_member_is_recorded_as_one_canonical_name(
    desk: Desk, claim_id: str
) -> None:
    desk.ok("note", claim_id, "first", user="\uff22\uff2f\uff22")
    desk.ok("note", claim_id, "second", user="Bob")
    actors = [entry["actor"] for entry in desk.json("history", claim_id)]
    assert actors[-2:] == ["bob", "bob"]


def test_a_queue_is_asked_for_by_the_same_canonical_name(desk: Desk, claim_id: str) -> None:
    desk.ok("assign", claim_id, "Carol")
    assigned = desk.json("queue", "CAROL")["assigned"]
    assert [item["id"] for item in assigned] == [desk.json("show", claim_id)["id"]]
    line = assert_one_line_error(desk.run("queue", "two words"), 2)
    assert "U+0020 SPACE" in line
