"""Sealing takes the chain head from the load of the aggregate (the last event it
replayed carries its hash) instead of reading it again: the chains are the same as
when the head is read from the store, also after a colleague's concurrent append."""

from __future__ import annotations

from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError

from claims.application import ClaimsLedger
from claims.audit import sealing
from domain.claim import Claim
from tests.application.support import EDITOR, claim, ledger_at


def _no_head_read(*_: Any) -> str:
    raise AssertionError("sealing read the chain head from the store")


def test_a_loaded_claim_is_sealed_without_reading_its_chain_head(
    ledger: ClaimsLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim_id = claim(ledger)
    monkeypatch.setattr(sealing, "_stored_head", _no_head_read)

    for n in range(3):
        ledger.add_note(claim_id, f"note {n}", by=EDITOR)

    assert ledger.verify_store().intact


def test_sealing_after_a_colleagues_append_chains_to_their_event(
    shared_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ledger_at(shared_url) as mine, ledger_at(shared_url) as theirs:
        claim_id = claim(mine)
        stale = mine._load(Claim, claim_id, "claim")
        theirs.add_note(claim_id, "their note, appended first", by=EDITOR)
        monkeypatch.setattr(sealing, "_stored_head", _no_head_read)

        stale.add_note("my note, decided on what I loaded", by=EDITOR)
        with pytest.raises(IntegrityError):
            mine.save(stale)
        mine.add_note(claim_id, "my note, decided again", by=EDITOR)

        assert mine.verify_store().intact
        assert [e.payload.get("text") for e in mine.history(claim_id)][-2:] == [
            "their note, appended first",
            "my note, decided again",
        ]


def test_an_aggregate_loaded_elsewhere_is_sealed_on_the_head_read_from_the_store(
    shared_url: str,
) -> None:
    with ledger_at(shared_url) as mine, ledger_at(shared_url) as theirs:
        claim_id = claim(mine)
        mine.add_note(claim_id, "a note, so the head is not the registration", by=EDITOR)
        loaded_there = theirs._load(Claim, claim_id, "claim")
        loaded_there.add_note("sealed by a ledger that did not load the claim", by=EDITOR)

        mine.save(loaded_there)

        assert mine.verify_store().intact
