"""The rating scale is data: keys, labels and ordinal values, swappable per organisation."""

from __future__ import annotations

import dataclasses

import pytest

from domain.claim import Claim
from domain.errors import InvalidInput
from domain.ratings import DEFAULT_SCALE, Rating, RatingScale
from tests.domain import given
from tests.domain.given import assert_refused

FEVER = RatingScale(
    name="fever",
    ratings=(
        Rating("SUPPORTS", "Supported", None),
        Rating("REFUTES", "Refuted", None),
        Rating("NOT-ENOUGH-INFO", "Not enough info", None),
    ),
)


def test_the_default_scale_runs_from_true_to_false_then_the_unranked_ratings() -> None:
    assert [(r.key, r.value) for r in DEFAULT_SCALE.ratings] == [
        ("true", 5),
        ("mostly-true", 4),
        ("mixed", 3),
        ("mostly-false", 2),
        ("false", 1),
        ("misleading", None),
        ("unproven", None),
    ]


def test_the_default_scale_has_a_label_for_every_rating() -> None:
    assert [r.label for r in DEFAULT_SCALE.ratings] == [
        "True",
        "Mostly true",
        "Mixed",
        "Mostly false",
        "False",
        "Misleading",
        "Unproven",
    ]


def test_the_default_scales_best_and_worst_are_its_highest_and_lowest_ordinals() -> None:
    assert DEFAULT_SCALE.best == 5
    assert DEFAULT_SCALE.worst == 1


def test_a_scale_without_ordinals_has_no_best_or_worst() -> None:
    assert FEVER.best is None
    assert FEVER.worst is None


@pytest.mark.parametrize("rating", DEFAULT_SCALE.ratings, ids=lambda r: r.key)
def test_getting_a_key_returns_its_rating(rating: Rating) -> None:
    assert DEFAULT_SCALE.get(rating.key) == rating


def test_getting_an_unknown_key_is_invalid_input_listing_the_valid_keys() -> None:
    with pytest.raises(InvalidInput) as raised:
        DEFAULT_SCALE.get("pants-on-fire")

    assert str(raised.value) == (
        "rating 'pants-on-fire' is not on the default scale "
        "(valid: true, mostly-true, mixed, mostly-false, false, misleading, unproven)"
    )


@pytest.mark.parametrize("key", ["True", " true", "mostly true", ""])
def test_keys_must_match_exactly(key: str) -> None:
    with pytest.raises(InvalidInput, match=r"is not on the default scale \(valid: "):
        DEFAULT_SCALE.get(key)


def test_a_rating_cannot_be_altered_once_defined() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_SCALE.get("true").value = 6  # type: ignore[misc]


def test_a_verdict_can_be_recorded_on_another_organisations_scale() -> None:
    claim = given.registered()

    claim.record_verdict(rating="REFUTES", rationale="Customs data.", by="alice", scale=FEVER)

    [recorded] = claim.collect_events()
    assert isinstance(recorded, Claim.VerdictRecorded)
    assert recorded.rating == "REFUTES"


def test_a_default_rating_is_not_on_another_organisations_scale() -> None:
    claim = given.registered()

    assert_refused(
        claim,
        lambda c: c.record_verdict(rating="true", rationale="r", by="alice", scale=FEVER),
        InvalidInput,
        r"^rating 'true' is not on the fever scale \(valid: SUPPORTS, REFUTES, NOT-ENOUGH-INFO\)$",
    )


def test_a_correction_can_use_another_organisations_scale() -> None:
    claim = given.registered()
    claim.record_verdict(rating="SUPPORTS", rationale="r", by="alice", scale=FEVER)
    claim.approve_verdict(by="bob")
    claim.publish(by="bob")
    claim.collect_events()

    claim.correct(rating="NOT-ENOUGH-INFO", note="Source withdrawn.", by="bob", scale=FEVER)

    [corrected] = claim.collect_events()
    assert isinstance(corrected, Claim.Corrected)
    assert (corrected.old_rating, corrected.new_rating) == ("SUPPORTS", "NOT-ENOUGH-INFO")
