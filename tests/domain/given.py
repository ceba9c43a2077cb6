"""Given-helpers: claims brought to each point of their life through their own commands.

Every helper collects the events it caused, so a test starts from a claim with no
pending events and can assert exactly what its own command produced.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from domain.claim import Claim
from domain.errors import DomainError

CLAIM_TEXT = "China-Russia trade totaled $240 billion last year."
QUOTE = "Trade between the two countries reached $240 billion last year, he said."
EVIDENCE_URL = "https://example.org/customs-statistics-2023"

REGISTRAR = "alice"
CHECKER = "alice"
EDITOR = "bob"


def registered(text: str = CLAIM_TEXT) -> Claim:
    claim = Claim.register(text=text, quote=QUOTE, by=REGISTRAR)
    claim.collect_events()
    return claim


def with_evidence(text: str = CLAIM_TEXT) -> Claim:
    claim = registered(text)
    claim.add_evidence(url=EVIDENCE_URL, quote="Trade: $240.1bn", stance="supports", by=CHECKER)
    claim.collect_events()
    return claim


def in_review(text: str = CLAIM_TEXT, rating: str = "true") -> Claim:
    claim = registered(text)
    claim.record_verdict(rating=rating, rationale="Customs data agree.", by=CHECKER)
    claim.collect_events()
    return claim


def approved(text: str = CLAIM_TEXT, rating: str = "true") -> Claim:
    claim = in_review(text, rating)
    claim.approve_verdict(by=EDITOR)
    claim.collect_events()
    return claim


def rejected(text: str = CLAIM_TEXT) -> Claim:
    claim = in_review(text)
    claim.reject_verdict(reason_text="The source is a press release.", by=EDITOR)
    claim.collect_events()
    return claim


def published(text: str = CLAIM_TEXT, rating: str = "true") -> Claim:
    claim = approved(text, rating)
    claim.publish(by=EDITOR)
    claim.collect_events()
    return claim


def retracted(text: str = CLAIM_TEXT) -> Claim:
    claim = published(text)
    claim.retract(reason_text="The customs series was revised after publication.", by=EDITOR)
    claim.collect_events()
    return claim


def dismissed(text: str = CLAIM_TEXT) -> Claim:
    claim = registered(text)
    claim.dismiss(reason_text="An opinion, not a checkable fact.", by=CHECKER)
    claim.collect_events()
    return claim


def another_claim() -> Claim:
    return registered("The U.S. is bound by law to help defend Taiwan.")


def duplicate(text: str = CLAIM_TEXT) -> Claim:
    claim = registered(text)
    claim.mark_duplicate(another_claim(), by=CHECKER)
    claim.collect_events()
    return claim


def replay(events: Iterable[Any]) -> Claim:
    """The aggregate rebuilt from scratch, the way a repository would rebuild it."""
    aggregate = None
    for domain_event in events:
        aggregate = domain_event.mutate(aggregate)
    assert isinstance(aggregate, Claim)
    return aggregate


def state_of(claim: Claim) -> dict[str, Any]:
    """Everything a claim's commands can change, copied so later changes do not leak in."""
    return copy.deepcopy(
        {
            "id": claim.id,
            "version": claim.version,
            "status": claim.status,
            "text": claim.text,
            "quote": claim.quote,
            "article_id": claim.article_id,
            "span": claim.span,
            "speaker": claim.speaker,
            "checkworthiness": claim.checkworthiness,
            "source_url": claim.source_url,
            "registered_by": claim.registered_by,
            "assignee": claim.assignee,
            "evidence": claim.evidence,
            "verdict": claim.verdict,
            "superseded_verdicts": claim.superseded_verdicts,
            "publication": claim.publication,
            "retraction": claim.retraction,
            "retractions": claim.retractions,
            "dismissed_reason": claim.dismissed_reason,
            "duplicate_of": claim.duplicate_of,
            "notes": claim.notes,
        }
    )


def assert_refused(
    claim: Claim,
    command: Callable[[Claim], object],
    error: type[DomainError],
    match: str,
) -> None:
    """The command raises `error`, and the claim neither changes nor records an event."""
    before = state_of(claim)
    with pytest.raises(error, match=match) as raised:
        command(claim)
    assert "\n" not in str(raised.value), "a domain error is one line"
    assert claim.collect_events() == []
    assert state_of(claim) == before
