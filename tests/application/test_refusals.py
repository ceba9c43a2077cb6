"""A refused command leaves the store exactly as it was: no event, no notification."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID, uuid4

import pytest

from claims.application import ClaimsLedger
from claims.errors import AlreadyRegistered
from domain.errors import DomainError, InvalidInput, NotFound, RuleViolation
from tests.application.support import (
    EDITOR,
    FACT_CHECKER,
    approved,
    article,
    claim,
    dismissed,
    in_review,
    published,
)

Refusal = tuple[str, Callable[[], object], type[DomainError], str]


def _assert_each_refused_without_a_trace(ledger: ClaimsLedger, refusals: list[Refusal]) -> None:
    for label, command, expected, message in refusals:
        before = ledger.fingerprint()
        with pytest.raises(expected, match=message):
            command()
        assert ledger.fingerprint() == before, f"{label} stored something"


@pytest.fixture
def desk(ledger: ClaimsLedger) -> dict[str, UUID]:
    """Claims in every state a refusal depends on."""
    ids = {
        "open": claim(ledger, "An open claim"),
        "review": in_review(ledger, "A claim in review", rating="false"),
        "approved": approved(ledger, "An approved claim"),
        "published": published(ledger, "A published claim", rating="false"),
        "dismissed": dismissed(ledger, "A dismissed claim"),
        "original": claim(ledger, "An original claim"),
        "duplicate": claim(ledger, "A duplicate claim"),
        "article": article(ledger).id,
    }
    ledger.assign(ids["open"], "maria", by=EDITOR)
    ledger.mark_duplicate(ids["duplicate"], original_id=ids["original"], by=EDITOR)
    _, evidence = ledger.add_evidence(
        ids["open"], url="https://example.org/", quote="q", stance="supports", by=FACT_CHECKER
    )
    ledger.withdraw_evidence(ids["open"], evidence, reason="retracted", by=EDITOR)
    return ids


def test_commands_the_rules_refuse_store_nothing(
    ledger: ClaimsLedger, desk: dict[str, UUID]
) -> None:
    ids = desk
    refusals: list[Refusal] = [
        (
            "assign to the current assignee",
            lambda: ledger.assign(ids["open"], "maria", by=EDITOR),
            RuleViolation,
            "already assigned to maria",
        ),
        (
            "assign a dismissed claim",
            lambda: ledger.assign(ids["dismissed"], "maria", by=EDITOR),
            RuleViolation,
            "claim is dismissed; only 'reopen' is allowed",
        ),
        (
            "evidence on a duplicate",
            lambda: ledger.add_evidence(
                ids["duplicate"], url="https://x.org/", quote="q", stance="supports", by=EDITOR
            ),
            RuleViolation,
            "claim is duplicate",
        ),
        (
            "withdraw unknown evidence",
            lambda: ledger.withdraw_evidence(ids["open"], "e9", reason="r", by=EDITOR),
            NotFound,
            "no evidence 'e9'",
        ),
        (
            "withdraw twice",
            lambda: ledger.withdraw_evidence(ids["open"], "e1", reason="r", by=EDITOR),
            RuleViolation,
            "already withdrawn",
        ),
        (
            "verdict on a published claim",
            lambda: ledger.record_verdict(
                ids["published"], rating="true", rationale="r", by=FACT_CHECKER
            ),
            RuleViolation,
            "change it with 'correct'",
        ),
        (
            "approve one's own verdict",
            lambda: ledger.approve_verdict(ids["review"], by=FACT_CHECKER),
            RuleViolation,
            "four-eyes",
        ),
        (
            "reject one's own verdict",
            lambda: ledger.reject_verdict(ids["review"], reason="r", by=FACT_CHECKER),
            RuleViolation,
            "four-eyes",
        ),
        (
            "approve without a verdict",
            lambda: ledger.approve_verdict(ids["open"], by=EDITOR),
            RuleViolation,
            "no verdict awaiting review",
        ),
        (
            "approve twice",
            lambda: ledger.approve_verdict(ids["approved"], by=EDITOR),
            RuleViolation,
            "no verdict awaiting review",
        ),
        (
            "publish a verdict in review",
            lambda: ledger.publish(ids["review"], by=EDITOR),
            RuleViolation,
            "only an approved verdict",
        ),
        (
            "publish twice",
            lambda: ledger.publish(ids["published"], by=EDITOR),
            RuleViolation,
            "already published",
        ),
        (
            "correct an unpublished claim",
            lambda: ledger.correct(ids["approved"], rating="true", note="n", by=EDITOR),
            RuleViolation,
            "only a published verdict",
        ),
        (
            "correct to the same rating",
            lambda: ledger.correct(ids["published"], rating="false", note="n", by=EDITOR),
            RuleViolation,
            "already false",
        ),
        (
            "dismiss a published claim",
            lambda: ledger.dismiss(ids["published"], reason="r", by=EDITOR),
            RuleViolation,
            "cannot be dismissed",
        ),
        (
            "reopen an open claim",
            lambda: ledger.reopen(ids["open"], by=EDITOR),
            RuleViolation,
            "nothing to reopen",
        ),
        (
            "duplicate of itself",
            lambda: ledger.mark_duplicate(ids["open"], original_id=ids["open"], by=EDITOR),
            RuleViolation,
            "cannot duplicate itself",
        ),
        (
            "duplicate of a duplicate",
            lambda: ledger.mark_duplicate(ids["open"], original_id=ids["duplicate"], by=EDITOR),
            RuleViolation,
            "is itself a duplicate",
        ),
        (
            "mark a published claim duplicate",
            lambda: ledger.mark_duplicate(ids["published"], original_id=ids["original"], by=EDITOR),
            RuleViolation,
            "published claim cannot be marked duplicate",
        ),
        (
            "note on a dismissed claim",
            lambda: ledger.add_note(ids["dismissed"], "n", by=EDITOR),
            RuleViolation,
            "claim is dismissed",
        ),
        (
            "register a claim twice",
            lambda: ledger.register_claim(text="An open claim", quote="q", by=EDITOR),
            AlreadyRegistered,
            str(ids["open"]),
        ),
    ]

    _assert_each_refused_without_a_trace(ledger, refusals)


def test_commands_with_invalid_input_store_nothing(
    ledger: ClaimsLedger, desk: dict[str, UUID]
) -> None:
    ids = desk
    refusals: list[Refusal] = [
        (
            "rating off the scale",
            lambda: ledger.record_verdict(ids["open"], rating="pants", rationale="r", by=EDITOR),
            InvalidInput,
            "rating 'pants' is not on the default scale",
        ),
        (
            "correction off the scale",
            lambda: ledger.correct(ids["published"], rating="pants", note="n", by=EDITOR),
            InvalidInput,
            "rating 'pants'",
        ),
        (
            "empty rationale",
            lambda: ledger.record_verdict(ids["open"], rating="true", rationale=" ", by=EDITOR),
            InvalidInput,
            "rationale",
        ),
        (
            "evidence url",
            lambda: ledger.add_evidence(
                ids["open"], url="not a url", quote="q", stance="supports", by=EDITOR
            ),
            InvalidInput,
            "url",
        ),
        (
            "evidence stance",
            lambda: ledger.add_evidence(
                ids["open"], url="https://x.org/", quote="q", stance="agrees", by=EDITOR
            ),
            InvalidInput,
            "stance",
        ),
        (
            "empty dismissal reason",
            lambda: ledger.dismiss(ids["open"], reason="", by=EDITOR),
            InvalidInput,
            "reason",
        ),
        (
            "empty rejection reason",
            lambda: ledger.reject_verdict(ids["review"], reason="  ", by=EDITOR),
            InvalidInput,
            "reason",
        ),
        (
            "empty note",
            lambda: ledger.add_note(ids["open"], "", by=EDITOR),
            InvalidInput,
            "note",
        ),
        (
            "too long a note",
            lambda: ledger.add_note(ids["open"], "x" * 5001, by=EDITOR),
            InvalidInput,
            "note",
        ),
        (
            "assignee of two words",
            lambda: ledger.assign(ids["open"], "maria lopez", by=EDITOR),
            InvalidInput,
            "user name",
        ),
        (
            "empty actor",
            lambda: ledger.add_note(ids["open"], "n", by=""),
            InvalidInput,
            "user name",
        ),
        (
            "empty claim text",
            lambda: ledger.register_claim(text=" ", quote="q", by=EDITOR),
            InvalidInput,
            "text",
        ),
        (
            "span without an article",
            lambda: ledger.register_claim(text="Spanned", quote="q", span=(0, 1), by=EDITOR),
            InvalidInput,
            "needs the article",
        ),
        (
            "article without a title",
            lambda: ledger.register_article(
                title="", published=date(2024, 1, 1), text="body", url=None, by=EDITOR
            ),
            InvalidInput,
            "title",
        ),
    ]

    _assert_each_refused_without_a_trace(ledger, refusals)


def test_commands_naming_nothing_store_nothing(ledger: ClaimsLedger, desk: dict[str, UUID]) -> None:
    ids = desk
    unknown = uuid4()
    refusals: list[Refusal] = [
        (
            "assign an unknown claim",
            lambda: ledger.assign(unknown, "maria", by=EDITOR),
            NotFound,
            f"no claim with id {unknown}",
        ),
        (
            "note on an unknown claim",
            lambda: ledger.add_note(unknown, "n", by=EDITOR),
            NotFound,
            "no claim",
        ),
        (
            "verdict on an article",
            lambda: ledger.record_verdict(ids["article"], rating="true", rationale="r", by=EDITOR),
            NotFound,
            "no claim",
        ),
        (
            "duplicate of an unknown claim",
            lambda: ledger.mark_duplicate(ids["open"], original_id=unknown, by=EDITOR),
            NotFound,
            f"no claim with id {unknown}",
        ),
        (
            "duplicate of an article",
            lambda: ledger.mark_duplicate(ids["open"], original_id=ids["article"], by=EDITOR),
            NotFound,
            "no claim",
        ),
        (
            "claim in an unknown article",
            lambda: ledger.register_claim(text="New", quote="q", article_id=unknown, by=EDITOR),
            NotFound,
            "no article",
        ),
    ]

    _assert_each_refused_without_a_trace(ledger, refusals)
