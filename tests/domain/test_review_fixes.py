"""Behaviours pinned after review: input before rules, live originals, case-blind four-eyes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.article import Article
from domain.claim import Claim
from domain.errors import InvalidInput, RuleViolation
from domain.ids import claim_id_for, normalise_claim_text
from tests.domain.given import (
    another_claim,
    assert_refused,
    dismissed,
    in_review,
    published,
    registered,
)


@pytest.mark.parametrize(
    "command",
    [
        lambda c: c.add_note("a note", by="bob smith"),
        lambda c: c.reopen(by="bob smith"),
        lambda c: c.assign("carol", by=""),
        lambda c: c.publish(by="two words"),
    ],
)
def test_a_bad_user_name_is_reported_as_bad_input_even_when_a_rule_would_refuse(
    command: Callable[[Claim], object],
) -> None:
    assert_refused(dismissed(), command, InvalidInput, "user name")


def test_closing_punctuation_separated_by_spaces_does_not_make_a_new_claim() -> None:
    assert normalise_claim_text("Trade rose by 5% . !") == "trade rose by 5%"
    assert claim_id_for("0: :") == claim_id_for("0")
    assert claim_id_for('He said "we will win."') == claim_id_for('He said "we will win"')


def test_normalising_twice_changes_nothing() -> None:
    once = normalise_claim_text("  Trade ROSE by 5% ; . ")

    assert normalise_claim_text(once) == once


def test_a_claim_cannot_be_marked_a_duplicate_of_a_dismissed_claim() -> None:
    original = dismissed("The U.S. is bound by law to help defend Taiwan.")

    assert_refused(
        registered(),
        lambda c: c.mark_duplicate(original, by="alice"),
        RuleViolation,
        "dismissed",
    )


def test_a_live_claim_can_be_the_original_of_a_duplicate() -> None:
    claim = registered()

    claim.mark_duplicate(another_claim(), by="alice")

    [marked] = claim.collect_events()
    assert isinstance(marked, Claim.MarkedDuplicate)


def test_the_four_eyes_rule_ignores_the_case_of_the_user_name() -> None:
    assert_refused(in_review(), lambda c: c.approve_verdict(by="ALICE"), RuleViolation, "four-eyes")


def test_a_correction_changes_the_published_rating_too() -> None:
    claim = published(rating="mostly-true")

    claim.correct(rating="true", note="New customs figures.", by="bob")

    assert claim.publication is not None
    assert claim.publication.rating == "true"
    assert claim.verdict is not None
    assert claim.verdict.rating == "true"


@pytest.mark.parametrize("score", [True, False, float("nan"), float("inf")])
def test_a_checkworthiness_score_must_be_a_real_number(score: float) -> None:
    with pytest.raises(InvalidInput, match="checkworthiness"):
        Claim.register(text="t", quote="q", by="alice", checkworthiness=score)


def test_an_article_of_blank_text_is_refused() -> None:
    from datetime import date

    with pytest.raises(InvalidInput, match="blank"):
        Article.register(title="T", published=date(2024, 5, 16), text=" \n\t ", url=None, by="a")
