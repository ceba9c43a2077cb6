"""One claim, many appearances: the same words in several articles stay one claim."""

from __future__ import annotations

from uuid import NAMESPACE_URL, uuid5

import pytest

from domain.claim import Claim
from domain.errors import InvalidInput, RuleViolation
from tests.domain.given import assert_refused, dismissed, replay

FIRST = uuid5(NAMESPACE_URL, "first-article")
SECOND = uuid5(NAMESPACE_URL, "second-article")


def registered_from_article() -> Claim:
    return Claim.register(
        text="China-Russia trade totaled $240 billion last year",
        quote="China's trade with Russia totaled $240 billion last year",
        article_id=FIRST,
        span=(100, 156),
        speaker=None,
        features=("money", "time_anchor"),
        by="ingest",
    )


def test_a_claim_registered_from_an_article_has_that_article_as_first_appearance() -> None:
    claim = registered_from_article()

    [appearance] = claim.appearances
    assert appearance.article_id == FIRST
    assert appearance.span == (100, 156)
    assert claim.features == ("money", "time_anchor")


def test_a_claim_without_an_article_has_no_appearance() -> None:
    claim = Claim.register(text="A claim heard on the radio", quote="heard", by="alice")

    assert claim.appearances == []


def test_the_same_claim_in_another_article_is_recorded_as_an_appearance() -> None:
    claim = registered_from_article()
    claim.collect_events()

    claim.add_appearance(
        article_id=SECOND, quote="trade reached $240bn", span=(5, 25), speaker="Xi", by="ingest"
    )

    [added] = claim.collect_events()
    assert isinstance(added, Claim.AppearanceAdded)
    assert (added.article_id, added.span_start, added.span_end) == (SECOND, 5, 25)
    assert [a.article_id for a in claim.appearances] == [FIRST, SECOND]
    assert claim.appearances[1].speaker == "Xi"


def test_an_article_is_recorded_only_once_per_claim() -> None:
    claim = registered_from_article()
    claim.collect_events()

    assert_refused(
        claim,
        lambda c: c.add_appearance(
            article_id=FIRST, quote="again", span=(0, 5), speaker=None, by="ingest"
        ),
        RuleViolation,
        "already recorded",
    )


def test_a_dismissed_claim_takes_no_new_appearance() -> None:
    assert_refused(
        dismissed(),
        lambda c: c.add_appearance(
            article_id=SECOND, quote="again", span=(0, 5), speaker=None, by="ingest"
        ),
        RuleViolation,
        "only 'reopen'",
    )


@pytest.mark.parametrize("span", [(5, 5), (-1, 4), (9, 2)])
def test_an_appearance_needs_an_ordered_span(span: tuple[int, int]) -> None:
    claim = registered_from_article()
    claim.collect_events()

    assert_refused(
        claim,
        lambda c: c.add_appearance(
            article_id=SECOND, quote="q", span=span, speaker=None, by="ingest"
        ),
        InvalidInput,
        "span",
    )


def test_replaying_a_claims_events_restores_its_appearances_and_features() -> None:
    claim = registered_from_article()
    claim.add_appearance(
        article_id=SECOND, quote="trade reached $240bn", span=(5, 25), speaker=None, by="ingest"
    )

    rebuilt = replay(claim.collect_events())

    assert rebuilt.appearances == claim.appearances
    assert rebuilt.features == claim.features
