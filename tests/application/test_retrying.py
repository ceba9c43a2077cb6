"""The steps every command shares (`LedgerCore._retrying`): a colleague's append that
lands first makes the command decide again; what a refusal then means depends on the
command."""

from __future__ import annotations

from typing import Any

import pytest

from claims.errors import ConflictError
from domain.errors import RuleViolation
from tests.application.support import claim, ledger_at


def test_a_team_refusal_after_a_colleagues_change_is_still_a_refusal(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ledger_at(sqlite_url) as ours, ledger_at(sqlite_url) as theirs:
        ours._runner = theirs._runner = "boss"
        ours.add_member("ann", ["auditor"], by="boss")
        stale = [ours.team()]  # what we decide on first, before the colleague's change
        theirs.add_member("bob", ["checker"], by="boss")
        real = ours.team

        def team(as_of: Any = None) -> Any:
            return stale.pop() if stale else real(as_of)

        monkeypatch.setattr(ours, "team", team)
        with pytest.raises(RuleViolation, match="bob is already a member"):
            ours.add_member("bob", ["checker"], by="boss")
        assert ours.team_view().members == theirs.team_view().members


def test_a_claim_command_refused_after_a_colleagues_change_is_a_conflict(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ledger_at(sqlite_url) as ours, ledger_at(sqlite_url) as theirs:
        claim_id = claim(ours)
        stale = [ours.repository.get(claim_id)]  # what we decide on first
        theirs.dismiss(claim_id, reason="not check-worthy", by="carol")
        real = ours._load

        def load(kind: Any, aggregate_id: Any, noun: str, version: Any = None) -> Any:
            if stale and noun == "claim":
                return stale.pop()
            return real(kind, aggregate_id, noun, version)

        monkeypatch.setattr(ours, "_load", load)
        with pytest.raises(ConflictError, match="changed by someone else meanwhile"):
            ours.add_note(claim_id, "a note", by="alice")
