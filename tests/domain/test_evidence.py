"""Evidence on a claim: numbered, attributed, withdrawn with a reason but never deleted."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from domain.claim import Claim
from domain.errors import InvalidInput
from tests.domain import given
from tests.domain.given import assert_refused


def test_adding_evidence_records_the_source_passage_stance_and_who_added_it() -> None:
    claim = given.registered()

    evidence_id = claim.add_evidence(
        url="https://example.org/customs",
        quote="  Total trade: $240.1 billion. ",
        stance="supports",
        note="Table 3",
        by="carol",
    )

    [added] = claim.collect_events()
    assert isinstance(added, Claim.EvidenceAdded)
    assert evidence_id == "e1"
    assert added.evidence_id == "e1"
    assert added.url == "https://example.org/customs"
    assert added.quote == "Total trade: $240.1 billion."
    assert added.stance == "supports"
    assert added.note == "Table 3"
    assert added.actor == "carol"
    stored = claim.evidence["e1"]
    assert (stored.url, stored.quote, stored.stance, stored.note) == (
        "https://example.org/customs",
        "Total trade: $240.1 billion.",
        "supports",
        "Table 3",
    )
    assert stored.added_by == "carol"
    assert not stored.withdrawn


def test_evidence_ids_count_up_from_e1_in_the_order_evidence_is_added() -> None:
    claim = given.registered()

    ids = [
        claim.add_evidence(url=f"https://example.org/{n}", quote="q", stance=stance, by="carol")
        for n, stance in enumerate(("supports", "refutes", "context"))
    ]

    assert ids == ["e1", "e2", "e3"]
    assert [e.evidence_id for e in claim.collect_events()] == ["e1", "e2", "e3"]  # type: ignore[attr-defined]
    assert list(claim.evidence) == ["e1", "e2", "e3"]


def test_withdrawn_evidence_is_kept_with_its_reason_and_who_withdrew_it() -> None:
    claim = given.with_evidence()

    claim.withdraw_evidence("e1", reason_text="The page was edited after publication.", by="bob")

    [withdrawn] = claim.collect_events()
    assert isinstance(withdrawn, Claim.EvidenceWithdrawn)
    assert withdrawn.evidence_id == "e1"
    assert withdrawn.reason == "The page was edited after publication."
    assert withdrawn.actor == "bob"
    kept = claim.evidence["e1"]
    assert kept.withdrawn
    assert kept.withdrawn_reason == "The page was edited after publication."
    assert kept.withdrawn_by == "bob"
    assert kept.quote == "Trade: $240.1bn"


def test_withdrawn_evidence_keeps_its_number_so_the_next_gets_a_new_one() -> None:
    claim = given.with_evidence()
    claim.withdraw_evidence("e1", reason_text="Dead link.", by="bob")

    evidence_id = claim.add_evidence(
        url="https://example.org/archive", quote="q", stance="supports", by="bob"
    )

    assert evidence_id == "e2"
    assert set(claim.evidence) == {"e1", "e2"}


def test_evidence_can_be_added_after_the_verdict_is_published() -> None:
    claim = given.published()

    evidence_id = claim.add_evidence(
        url="https://example.org/later", quote="q", stance="context", by="carol"
    )

    [added] = claim.collect_events()
    assert isinstance(added, Claim.EvidenceAdded)
    assert evidence_id == "e1"


BAD_EVIDENCE = {
    "url not a url": ({"url": "customs report"}, "^url: Input should be a valid URL"),
    "url not http": ({"url": "ftp://example.org/x"}, "^url: URL scheme should be 'http' or"),
    "empty quote": ({"quote": ""}, "^quote: String should have at least 1 character$"),
    "whitespace quote": ({"quote": " \n "}, "^quote: String should have at least 1 character$"),
    "quote too long": ({"quote": "x" * 5001}, "^quote: String should have at most 5000 char"),
    "unknown stance": (
        {"stance": "agrees"},
        "^stance: Input should be 'supports', 'refutes' or 'context'$",
    ),
    "stance in capitals": ({"stance": "SUPPORTS"}, "^stance: Input should be"),
    "empty note": ({"note": ""}, "^note: String should have at least 1 character$"),
    "note too long": ({"note": "n" * 5001}, "^note: String should have at most 5000 char"),
    "empty actor": ({"by": ""}, "^user name '' is empty$"),
    "actor with a space": ({"by": "carol smith"}, r"^user name 'carol smith' holds U\+0020 SPACE"),
    "access day a typo": (
        {"accessed_on": date(224, 5, 20)},
        "^the evidence cannot have been consulted on 0224-05-20: a typo[?]$",
    ),
    "access day with a time": (
        {"accessed_on": datetime(2024, 5, 20, 10, 0)},
        "^the day the evidence was consulted must be a date, not datetime$",
    ),
}


@pytest.mark.parametrize(("change", "message"), BAD_EVIDENCE.values(), ids=BAD_EVIDENCE)
def test_bad_evidence_is_refused_with_a_line_naming_the_field(
    change: dict[str, Any], message: str
) -> None:
    claim = given.registered()
    payload: dict[str, Any] = {
        "url": "https://example.org",
        "quote": "q",
        "stance": "supports",
        "note": None,
        "by": "carol",
    }
    payload.update(change)

    assert_refused(claim, lambda c: c.add_evidence(**payload), InvalidInput, message)
    assert claim.evidence == {}


def test_evidence_can_say_the_day_its_source_was_consulted() -> None:
    claim = given.registered()

    claim.add_evidence(
        url="https://example.org/page",
        quote="q",
        stance="context",
        accessed_on=date(2024, 5, 20),
        by="carol",
    )
    claim.add_evidence(url="https://example.org/other", quote="q", stance="context", by="carol")

    first, second = claim.collect_events()
    assert isinstance(first, Claim.EvidenceAdded)
    assert isinstance(second, Claim.EvidenceAdded)
    assert (first.accessed_on, second.accessed_on) == (date(2024, 5, 20), None)
    assert claim.evidence["e1"].accessed_on == date(2024, 5, 20)
    assert claim.evidence["e2"].accessed_on is None
