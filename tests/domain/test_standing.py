"""The claim's life is stated once, in `domain.standing`: the aggregate advances its
standing through that table, and the status agrees with the claim's own record."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.claim import Claim
from domain.errors import DomainError
from domain.standing import (
    RATING_FIELDS,
    STANDING_CHANGES,
    ClaimStatus,
    Review,
    Standing,
    advanced,
)
from tests.domain.test_claim_properties import apply, commands


def claim_event_names() -> set[str]:
    return {
        name
        for name, value in vars(Claim).items()
        if isinstance(value, type) and issubclass(value, Claim.Event)
    }


def test_every_rule_names_an_event_of_the_claim() -> None:
    events = claim_event_names()
    assert set(STANDING_CHANGES) <= events
    assert set(RATING_FIELDS) <= events


def test_each_rating_field_is_a_field_of_its_event() -> None:
    for name, field in RATING_FIELDS.items():
        assert field in {f.name for f in dataclasses.fields(getattr(Claim, name))}


def test_events_outside_the_table_leave_the_standing_as_it_is() -> None:
    standing = Standing(review=Review.APPROVED, published=True)
    assert advanced(standing, "NoteAdded") is standing


def status_from_the_record(claim: Claim) -> ClaimStatus:
    """The status read from the claim's rich record (publication, retraction, verdict):
    the oracle the table-driven standing must agree with."""
    if claim.dismissed_reason is not None:
        return ClaimStatus.DISMISSED
    if claim.duplicate_of is not None:
        return ClaimStatus.DUPLICATE
    if claim.publication is not None:
        return ClaimStatus.PUBLISHED
    if claim.retraction is not None:
        return ClaimStatus.RETRACTED
    if claim.verdict is None:
        return ClaimStatus.OPEN
    return {
        Review.PENDING: ClaimStatus.IN_REVIEW,
        Review.APPROVED: ClaimStatus.APPROVED,
        Review.REJECTED: ClaimStatus.REJECTED,
    }[claim.verdict.review]


@settings(max_examples=150, deadline=None, database=None)
@given(steps=st.lists(commands, min_size=10, max_size=40))
def test_the_standing_is_the_fold_of_the_table_over_the_claims_events(
    steps: list[tuple[str, dict[str, Any]]],
) -> None:
    claim = Claim.register(text="Trade rose by 5%.", quote="Trade rose.", by="alice")
    names = [type(e).__name__ for e in claim.collect_events()]
    for name, args in steps:
        with contextlib.suppress(DomainError):  # a refusal records nothing
            apply(claim, name, args)
        names += [type(e).__name__ for e in claim.collect_events()]
        folded = functools.reduce(advanced, names, Standing())
        assert claim.standing == folded
        assert claim.status is status_from_the_record(claim)
