"""Commands the rules refuse: exit 1, one line on stderr, nothing on stdout, store untouched."""

from __future__ import annotations

import pytest

from tests.cli.conftest import (
    CLAIM_QUOTE,
    CLAIM_TEXT,
    OTHER_QUOTE,
    OTHER_TEXT,
    Desk,
    evidence_add,
)
from tests.cli.support import assert_one_line_error


def refused(desk: Desk, *args: str, user: str = "alice") -> str:
    """Run a command the rules must refuse; return its one stderr line."""
    before = desk.events()
    line = assert_one_line_error(desk.run(*args, user=user), 1)
    assert desk.events() == before, line
    return line


def test_cannot_approve_your_own_verdict(desk: Desk, in_review: str) -> None:
    assert refused(desk, "review", in_review, "approve", user="alice") == (
        "claims: alice recorded this verdict and cannot approve it (four-eyes rule)"
    )


def test_cannot_reject_your_own_verdict(desk: Desk, in_review: str) -> None:
    assert refused(desk, "review", in_review, "reject", "--reason", "Hm.", user="alice") == (
        "claims: alice recorded this verdict and cannot reject it (four-eyes rule)"
    )


def test_cannot_review_when_no_verdict_awaits_review(desk: Desk, claim_id: str) -> None:
    assert refused(desk, "review", claim_id, "approve", user="bob") == (
        "claims: there is no verdict awaiting review to approve"
    )


def test_cannot_publish_a_verdict_awaiting_review(desk: Desk, in_review: str) -> None:
    assert refused(desk, "publish", in_review, user="bob") == (
        "claims: only an approved verdict can be published"
    )


def test_cannot_publish_a_claim_without_verdict(desk: Desk, claim_id: str) -> None:
    assert refused(desk, "publish", claim_id, user="bob") == (
        "claims: only an approved verdict can be published"
    )


def test_cannot_publish_a_rejected_verdict(desk: Desk, in_review: str) -> None:
    desk.ok("review", in_review, "reject", "--reason", "Weak.", user="bob")

    assert refused(desk, "publish", in_review, user="bob") == (
        "claims: only an approved verdict can be published"
    )


def test_cannot_publish_twice(desk: Desk, published: str) -> None:
    assert refused(desk, "publish", published, user="bob") == "claims: claim is already published"


def test_cannot_record_a_verdict_on_a_published_claim(desk: Desk, published: str) -> None:
    assert refused(desk, "verdict", published, "--rating", "false", "--rationale", "No.") == (
        "claims: the verdict is published; change it with 'correct' and a note"
    )


def test_cannot_correct_an_unpublished_verdict(desk: Desk, approved: str) -> None:
    assert refused(desk, "correct", approved, "--rating", "true", "--note", "n") == (
        "claims: only a published verdict can be corrected"
    )


def test_cannot_correct_to_the_rating_already_published(desk: Desk, published: str) -> None:
    assert refused(desk, "correct", published, "--rating", "mostly-true", "--note", "n") == (
        "claims: the published rating is already mostly-true; use 'note' to add context"
    )


def test_cannot_dismiss_a_published_claim(desk: Desk, published: str) -> None:
    assert refused(desk, "dismiss", published, "--reason", "Stale.") == (
        "claims: a published claim cannot be dismissed; correct or retract it instead"
    )


def test_cannot_retract_an_unpublished_verdict(desk: Desk, approved: str) -> None:
    assert refused(desk, "retract", approved, "--reason", "Wrong.") == (
        "claims: only a published fact-check can be retracted"
    )


def test_a_retracted_verdict_is_not_published_again_without_a_new_one(
    desk: Desk, published: str
) -> None:
    desk.ok("retract", published, "--reason", "The series was revised.", user="bob")

    assert refused(desk, "publish", published) == (
        "claims: the fact-check was retracted; record a new verdict before publishing again"
    )


def test_cannot_register_the_same_claim_twice(desk: Desk, claim_id: str) -> None:
    assert refused(desk, "add", CLAIM_TEXT.upper() + ".", "--quote", CLAIM_QUOTE) == (
        f"claims: this claim is already registered as {claim_id}"
    )


def test_cannot_assign_to_the_current_assignee_again(desk: Desk, claim_id: str) -> None:
    desk.ok("assign", claim_id, "maria")
    line = refused(desk, "assign", claim_id, "maria")

    assert line == "claims: claim is already assigned to maria"


def test_withdrawing_unknown_evidence_is_bad_input_like_any_unknown_id(
    desk: Desk, claim_id: str
) -> None:
    before = desk.events()
    result = desk.run("evidence", "withdraw", claim_id, "e99", "--reason", "Gone.")
    assert assert_one_line_error(result, 2) == "claims: claim has no evidence 'e99'"
    assert desk.events() == before


def test_cannot_withdraw_evidence_twice(desk: Desk, claim_id: str) -> None:
    desk.ok(*evidence_add(claim_id))
    desk.ok("evidence", "withdraw", claim_id, "e1", "--reason", "Wrong year.")

    assert refused(desk, "evidence", "withdraw", claim_id, "e1", "--reason", "Again.") == (
        "claims: evidence e1 was already withdrawn"
    )


def test_cannot_reopen_a_claim_that_is_open(desk: Desk, claim_id: str) -> None:
    assert refused(desk, "reopen", claim_id) == (
        "claims: claim is open, not dismissed or duplicate; nothing to reopen"
    )


def test_a_claim_cannot_duplicate_itself(desk: Desk, claim_id: str) -> None:
    assert refused(desk, "duplicate", claim_id, "--of", claim_id[:8]) == (
        "claims: a claim cannot duplicate itself"
    )


def test_cannot_point_a_duplicate_at_another_duplicate(desk: Desk, claim_id: str) -> None:
    original = desk.register(OTHER_TEXT, OTHER_QUOTE)
    desk.ok("duplicate", original, "--of", claim_id)
    third = desk.register("Trade with Russia hit a record", "a record")

    assert refused(desk, "duplicate", third, "--of", original) == (
        f"claims: claim {original} is itself a duplicate of {claim_id}"
    )


# On a closed (dismissed or duplicate) claim, everything but reopen is refused.
CLOSED_CLAIM_COMMANDS = {
    "assign": ["assign", "{id}", "maria"],
    "evidence add": evidence_add("{id}"),
    "evidence withdraw": ["evidence", "withdraw", "{id}", "e1", "--reason", "Wrong."],
    "verdict": ["verdict", "{id}", "--rating", "true", "--rationale", "Yes."],
    "review approve": ["review", "{id}", "approve"],
    "review reject": ["review", "{id}", "reject", "--reason", "No."],
    "publish": ["publish", "{id}"],
    "correct": ["correct", "{id}", "--rating", "true", "--note", "Fixed."],
    "dismiss": ["dismiss", "{id}", "--reason", "Again."],
    "duplicate": ["duplicate", "{id}", "--of", "{other}"],
    "note": ["note", "{id}", "A note."],
}


@pytest.mark.parametrize("command", CLOSED_CLAIM_COMMANDS)
def test_a_dismissed_claim_refuses_everything_but_reopen(
    desk: Desk, in_review: str, command: str
) -> None:
    other = desk.register(OTHER_TEXT, OTHER_QUOTE)
    desk.ok("dismiss", in_review, "--reason", "Not check-worthy.")
    args = [part.format(id=in_review, other=other) for part in CLOSED_CLAIM_COMMANDS[command]]

    line = refused(desk, *args, user="bob")

    assert line == "claims: claim is dismissed; only 'reopen' is allowed"
    assert desk.json("reopen", in_review)["status"] == "in-review"


def test_a_duplicate_claim_refuses_changes_until_reopened(desk: Desk, claim_id: str) -> None:
    desk.ok("duplicate", claim_id, "--of", desk.register(OTHER_TEXT, OTHER_QUOTE))

    assert refused(desk, "note", claim_id, "Still here.") == (
        "claims: claim is duplicate; only 'reopen' is allowed"
    )
