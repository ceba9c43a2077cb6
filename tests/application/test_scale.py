"""The rating scale lives in the store: every ledger on it judges ratings by the scale
adopted last, on SQLite, PostgreSQL and in memory."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from claims.activity import ActivityFilter
from claims.application import ClaimsLedger
from claims.errors import ConflictError
from claims.storage.location import locate_store
from domain.errors import InvalidInput, RuleViolation
from domain.ratings import DEFAULT_SCALE
from tests.application.support import claim

POLITIFACT: dict[str, Any] = {
    "name": "politifact",
    "ratings": [
        {"key": "true", "label": "True", "value": 6},
        {"key": "mostly-true", "label": "Mostly True", "value": 5},
        {"key": "half-true", "label": "Half True", "value": 4},
        {"key": "mostly-false", "label": "Mostly False", "value": 3},
        {"key": "false", "label": "False", "value": 2},
        {"key": "pants-on-fire", "label": "Pants on Fire!", "value": 1},
    ],
}


RELABELLED: dict[str, Any] = {
    "name": "politifact-2",
    "ratings": [
        *POLITIFACT["ratings"][:-1],
        {"key": "pants-on-fire", "label": "Pants on fire", "value": 1},
    ],
}


def published(ledger: ClaimsLedger, rating: str) -> None:
    claim_id = claim(ledger)
    ledger.record_verdict(claim_id, rating=rating, rationale="checked", by="maria")
    ledger.approve_verdict(claim_id, by="tom")
    ledger.publish(claim_id, by="tom")


def test_relabelling_a_rating_that_published_fact_checks_carry_needs_relabel(
    ledger: ClaimsLedger,
) -> None:
    ledger.adopt_scale(POLITIFACT, by="tom")
    published(ledger, "pants-on-fire")
    before = ledger.fingerprint()

    with pytest.raises(RuleViolation, match="'Pants on Fire!' 1 -> 'Pants on fire' 1"):
        ledger.adopt_scale(RELABELLED, by="tom")
    assert ledger.fingerprint() == before

    assert ledger.adopt_scale(RELABELLED, by="tom", relabel=True).name == "politifact-2"


def test_relabelling_a_rating_no_published_fact_check_carries_needs_no_flag(
    ledger: ClaimsLedger,
) -> None:
    ledger.adopt_scale(POLITIFACT, by="tom")
    published(ledger, "true")

    assert ledger.adopt_scale(RELABELLED, by="tom").name == "politifact-2"


def test_an_adoption_that_loses_the_race_compares_with_the_winner_and_lands_after_it(
    ledger: ClaimsLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger.adopt_scale(POLITIFACT, by="tom")
    stale = ledger._scale_book()  # the book as a racing process read it
    ledger.adopt_scale(RELABELLED, by="ana")
    reads = iter([stale])
    fresh = ClaimsLedger._scale_book

    def first_stale(self: ClaimsLedger) -> Any:
        return next(reads, None) or fresh(self)

    monkeypatch.setattr(ClaimsLedger, "_scale_book", first_stale)

    ledger.adopt_scale({**POLITIFACT, "name": "third"}, by="li", relabel=True)

    assert ledger.rating_scale().name == "third"
    book = fresh(ledger)
    assert book is not None
    assert book.version == 4  # opened, then three adoptions; the stale save never landed


def test_an_adoption_that_keeps_losing_is_a_conflict(
    ledger: ClaimsLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger.adopt_scale(POLITIFACT, by="tom")
    stale = ledger._scale_book()
    ledger.adopt_scale(RELABELLED, by="ana")
    monkeypatch.setattr(ClaimsLedger, "_scale_book", lambda self: copy.deepcopy(stale))
    monkeypatch.setattr(ClaimsLedger, "max_attempts", 3)
    monkeypatch.setattr(ClaimsLedger, "backoff_seconds", 0.0)
    before = ledger.fingerprint()

    with pytest.raises(ConflictError, match="kept changing under 3 attempts"):
        ledger.adopt_scale({**POLITIFACT, "name": "third"}, by="li")

    assert ledger.fingerprint() == before


def test_a_store_without_an_adopted_scale_uses_the_default(ledger: ClaimsLedger) -> None:
    assert ledger.scale == DEFAULT_SCALE
    assert ledger.rating_scale().name == "default"


def test_an_adopted_scale_judges_verdicts_and_names_them(ledger: ClaimsLedger) -> None:
    claim_id = claim(ledger)

    adopted = ledger.adopt_scale(POLITIFACT, by="tom")
    view = ledger.record_verdict(claim_id, rating="half-true", rationale="partly", by="maria")

    assert (adopted.name, adopted.adopted_by) == ("politifact", "tom")
    assert view.verdict is not None
    assert view.verdict.rating_label == "Half True"
    with pytest.raises(InvalidInput, match="not on the politifact scale"):
        ledger.record_verdict(claim_id, rating="mixed", rationale="partly", by="maria")
    with pytest.raises(InvalidInput, match="not on the politifact scale"):
        ledger.list_claims(rating="mixed")


def test_a_scale_that_strands_a_current_verdict_is_refused_and_nothing_is_stored(
    ledger: ClaimsLedger,
) -> None:
    claim_id = claim(ledger)
    ledger.record_verdict(claim_id, rating="misleading", rationale="cherry-picked", by="maria")
    before = ledger.fingerprint()

    with pytest.raises(RuleViolation, match=r"lacks ratings that claims carry now: misleading"):
        ledger.adopt_scale(POLITIFACT, by="tom")

    assert ledger.fingerprint() == before
    assert ledger.scale == DEFAULT_SCALE


def test_a_later_adoption_replaces_the_earlier_one(ledger: ClaimsLedger) -> None:
    ledger.adopt_scale(POLITIFACT, by="tom")

    ledger.adopt_scale({"name": "default-again", "ratings": POLITIFACT["ratings"][:2]}, by="ana")

    assert ledger.rating_scale().name == "default-again"
    assert [r.key for r in ledger.scale.ratings] == ["true", "mostly-true"]


def test_the_scale_shows_in_the_audit_log_like_any_change(ledger: ClaimsLedger) -> None:
    ledger.adopt_scale(POLITIFACT, by="tom")

    [entry] = list(ledger.activity(ActivityFilter(types=frozenset({"Adopted"}))))

    assert (entry.actor, entry.aggregate, entry.payload["name"]) == (
        "tom",
        "scalebook",
        "politifact",
    )
    assert ledger.verify_store().intact


def test_a_scale_adopted_through_one_ledger_judges_the_verdicts_of_another(
    shared_url: str,
) -> None:
    first = ClaimsLedger.open(locate_store(shared_url))
    second = ClaimsLedger.open(locate_store(shared_url))
    try:
        claim_id = claim(second)
        assert second.scale == DEFAULT_SCALE  # read before the adoption

        first.adopt_scale(POLITIFACT, by="tom")

        view = second.record_verdict(
            claim_id, rating="pants-on-fire", rationale="made up", by="maria"
        )
        assert view.verdict is not None
        assert view.verdict.rating_label == "Pants on Fire!"
        first.adopt_scale(RELABELLED, by="ana", relabel=True)
        shown = second.get_claim(claim_id).verdict
        assert shown is not None
        assert shown.rating_label == "Pants on fire"
    finally:
        first.close()
        second.close()
