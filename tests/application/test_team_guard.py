"""The save is the one door: whatever path reaches the ledger, nothing is stored that
its actor's roles do not allow, and the store stays as it was."""

from __future__ import annotations

from datetime import date

import pytest

from claims.application import ClaimsLedger
from claims.demo import seed_article
from claims.errors import NotPermitted
from domain.errors import InvalidInput
from tests.application.support import claim
from tests.cli.team_desk import running_as


@pytest.fixture
def team_ledger(ledger: ClaimsLedger) -> ClaimsLedger:
    """boss (admin) formed the team; ann audits, maria checks."""
    ledger._runner = "boss"  # the identity the store proves, fixed for the test
    ledger.add_member("ann", ["auditor"], by="boss")
    ledger.add_member("maria", ["checker"], by="boss")
    return ledger


def test_a_script_using_the_ledger_cannot_store_what_its_actor_may_not_do(
    team_ledger: ClaimsLedger,
) -> None:
    team_ledger._runner = "ann"
    before = team_ledger.fingerprint()
    with pytest.raises(NotPermitted, match="ann may not register claims"):
        claim(team_ledger, "An auditor's claim", by="ann")
    with pytest.raises(NotPermitted, match="ann may not register articles"):
        team_ledger.ingest([seed_article()], by="ann", min_score=0.5)
    with pytest.raises(NotPermitted, match="ann may not register articles"):
        team_ledger.register_article(
            title="T", published=date(2024, 5, 16), text="Text.", url=None, by="ann"
        )
    assert team_ledger.fingerprint() == before


def test_only_an_admin_may_record_an_event_in_another_members_name(
    team_ledger: ClaimsLedger,
) -> None:
    team_ledger._runner = "maria"
    before = team_ledger.fingerprint()
    if team_ledger.identity_proven:  # PostgreSQL: nobody, not even an admin
        with pytest.raises(InvalidInput, match="you act as the role you connected as"):
            claim(team_ledger, "Maria writes as ann", by="ann")
        team_ledger._runner = "boss"
        with pytest.raises(InvalidInput, match="you act as the role you connected as"):
            claim(team_ledger, "Boss writes as maria", by="maria")
        assert team_ledger.fingerprint() == before
        return
    with pytest.raises(NotPermitted, match="maria may not act for ann"):
        claim(team_ledger, "Maria writes as ann", by="ann")
    assert team_ledger.fingerprint() == before
    team_ledger._runner = "boss"
    claim_id = claim(team_ledger, "Boss enters maria's claim", by="maria")
    [entry] = team_ledger.history(claim_id)
    assert (entry.actor, entry.entered_by) == ("maria", "boss")


def test_the_os_account_is_who_runs_a_sqlite_desk(sqlite_url: str) -> None:
    from claims.application import ClaimsLedger
    from claims.storage.location import locate_store

    with running_as("desk-7"):
        ledger = ClaimsLedger.open(locate_store(sqlite_url))
        try:
            assert ledger.runner == "desk-7"
            assert not ledger.identity_proven
        finally:
            ledger.close()
