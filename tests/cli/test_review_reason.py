"""What a reviewer types is kept: an approval records its reason, as a rejection does."""

from __future__ import annotations

from tests.cli.conftest import Desk


def test_an_approval_records_the_reviewers_reason(desk: Desk, in_review: str) -> None:
    desk.ok("review", in_review, "approve", "--reason", "Two sources agree.", user="bob")
    [approval] = [e for e in desk.json("history", in_review) if e["type"] == "VerdictApproved"]
    assert (approval["actor"], approval["payload"]["reason"]) == ("bob", "Two sources agree.")
    assert 'reason="Two sources agree."' in desk.ok("history", in_review).stdout


def test_an_approval_without_a_reason_records_none(desk: Desk, in_review: str) -> None:
    desk.ok("review", in_review, "approve", user="bob")
    [approval] = [e for e in desk.json("history", in_review) if e["type"] == "VerdictApproved"]
    assert approval["payload"]["reason"] is None
