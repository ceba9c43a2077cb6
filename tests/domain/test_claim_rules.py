"""The rules of a claim's life: what each state refuses, and that a refusal changes nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from domain.claim import Claim
from domain.errors import InvalidInput, NotFound, RuleViolation
from domain.standing import ClaimStatus
from tests.domain import given
from tests.domain.given import assert_refused

# Every command except reopen, each with input that would be valid on an open claim.
EVERY_COMMAND_BUT_REOPEN: dict[str, Callable[[Claim], object]] = {
    "assign": lambda c: c.assign("carol", by="bob"),
    "add_evidence": lambda c: c.add_evidence(
        url="https://example.org", quote="q", stance="supports", by="bob"
    ),
    "withdraw_evidence": lambda c: c.withdraw_evidence("e1", reason_text="r", by="bob"),
    "record_verdict": lambda c: c.record_verdict(rating="true", rationale="r", by="bob"),
    "approve_verdict": lambda c: c.approve_verdict(by="bob"),
    "reject_verdict": lambda c: c.reject_verdict(reason_text="r", by="bob"),
    "publish": lambda c: c.publish(by="bob"),
    "correct": lambda c: c.correct(rating="false", note="n", by="bob"),
    "retract": lambda c: c.retract(reason_text="r", by="bob"),
    "dismiss": lambda c: c.dismiss(reason_text="r", by="bob"),
    "mark_duplicate": lambda c: c.mark_duplicate(
        given.registered("A third, unrelated claim."), by="bob"
    ),
    "add_note": lambda c: c.add_note("n", by="bob"),
}


def dismissed_with_history() -> Claim:
    """Dismissed while a verdict awaited review and evidence was attached."""
    claim = given.with_evidence()
    claim.record_verdict(rating="true", rationale="r", by="alice")
    claim.dismiss(reason_text="Satire.", by="alice")
    claim.collect_events()
    return claim


def duplicate_with_history() -> Claim:
    claim = given.with_evidence()
    claim.record_verdict(rating="true", rationale="r", by="alice")
    claim.mark_duplicate(given.another_claim(), by="alice")
    claim.collect_events()
    return claim


CLOSED = {"dismissed": dismissed_with_history, "duplicate": duplicate_with_history}


# --- closed claims: nothing but reopen ---


@pytest.mark.parametrize("command", EVERY_COMMAND_BUT_REOPEN.values(), ids=EVERY_COMMAND_BUT_REOPEN)
@pytest.mark.parametrize(("state", "given_claim"), CLOSED.items(), ids=CLOSED)
def test_a_closed_claim_refuses_every_command_but_reopen(
    state: str, given_claim: Callable[[], Claim], command: Callable[[Claim], object]
) -> None:
    claim = given_claim()

    assert_refused(claim, command, RuleViolation, f"claim is {state}; only 'reopen' is allowed")


@pytest.mark.parametrize("given_claim", CLOSED.values(), ids=CLOSED)
def test_a_closed_claim_can_be_reopened_and_then_worked_on_again(
    given_claim: Callable[[], Claim],
) -> None:
    claim = given_claim()

    claim.reopen(by="bob")
    claim.approve_verdict(by="bob")

    assert [type(e) for e in claim.collect_events()] == [Claim.Reopened, Claim.VerdictApproved]
    assert claim.status is ClaimStatus.APPROVED


GIVEN_NOT_CLOSED: dict[str, Callable[[], Claim]] = {
    "open": given.registered,
    "in-review": given.in_review,
    "approved": given.approved,
    "rejected": given.rejected,
    "published": given.published,
}


@pytest.mark.parametrize(("status", "given_claim"), GIVEN_NOT_CLOSED.items(), ids=GIVEN_NOT_CLOSED)
def test_only_a_dismissed_or_duplicate_claim_can_be_reopened(
    status: str, given_claim: Callable[[], Claim]
) -> None:
    claim = given_claim()

    assert_refused(
        claim,
        lambda c: c.reopen(by="bob"),
        RuleViolation,
        f"claim is {status}, not dismissed or duplicate; nothing to reopen",
    )


def test_a_reopened_claim_cannot_be_reopened_again() -> None:
    claim = given.dismissed()
    claim.reopen(by="bob")
    claim.collect_events()

    assert_refused(claim, lambda c: c.reopen(by="bob"), RuleViolation, "nothing to reopen")


# --- four-eyes review ---


def test_the_recorder_of_a_verdict_cannot_approve_it() -> None:
    claim = given.in_review()

    assert_refused(
        claim,
        lambda c: c.approve_verdict(by=given.CHECKER),
        RuleViolation,
        r"alice recorded this verdict and cannot approve it \(four-eyes rule\)",
    )


def test_the_recorder_of_a_verdict_cannot_reject_it() -> None:
    claim = given.in_review()

    assert_refused(
        claim,
        lambda c: c.reject_verdict(reason_text="Second thoughts.", by=given.CHECKER),
        RuleViolation,
        r"alice recorded this verdict and cannot reject it \(four-eyes rule\)",
    )


def test_padding_the_recorders_name_with_spaces_does_not_get_round_four_eyes() -> None:
    claim = given.in_review()

    assert_refused(claim, lambda c: c.approve_verdict(by=" alice "), RuleViolation, "four-eyes")


def test_the_recorder_of_a_superseding_verdict_cannot_approve_it_either() -> None:
    claim = given.in_review()
    claim.record_verdict(rating="false", rationale="Second look.", by="bob")
    claim.collect_events()

    assert_refused(claim, lambda c: c.approve_verdict(by="bob"), RuleViolation, "four-eyes")
    claim.approve_verdict(by=given.CHECKER)
    assert isinstance(claim.collect_events()[0], Claim.VerdictApproved)


REVIEW_COMMANDS: dict[str, Callable[[Claim], object]] = {
    "approve": lambda c: c.approve_verdict(by="bob"),
    "reject": lambda c: c.reject_verdict(reason_text="Weak.", by="bob"),
}

GIVEN_NOTHING_TO_REVIEW: dict[str, Callable[[], Claim]] = {
    "no verdict": given.registered,
    "already approved": given.approved,
    "already rejected": given.rejected,
    "published": given.published,
}


@pytest.mark.parametrize(("doing", "command"), REVIEW_COMMANDS.items(), ids=REVIEW_COMMANDS)
@pytest.mark.parametrize(
    "given_claim", GIVEN_NOTHING_TO_REVIEW.values(), ids=GIVEN_NOTHING_TO_REVIEW
)
def test_only_a_verdict_awaiting_review_can_be_approved_or_rejected(
    given_claim: Callable[[], Claim], doing: str, command: Callable[[Claim], object]
) -> None:
    claim = given_claim()

    assert_refused(claim, command, RuleViolation, f"there is no verdict awaiting review to {doing}")


def test_a_rejection_needs_a_reason() -> None:
    claim = given.in_review()

    for empty in ("", "   ", "\n\t"):
        assert_refused(
            claim,
            lambda c, why=empty: c.reject_verdict(reason_text=why, by="bob"),
            InvalidInput,
            "^reason must be 1 to 5000 characters of text$",
        )


# --- publication ---

GIVEN_UNAPPROVED: dict[str, Callable[[], Claim]] = {
    "no verdict": given.registered,
    "in review": given.in_review,
    "rejected": given.rejected,
}


@pytest.mark.parametrize("given_claim", GIVEN_UNAPPROVED.values(), ids=GIVEN_UNAPPROVED)
def test_only_an_approved_verdict_can_be_published(given_claim: Callable[[], Claim]) -> None:
    claim = given_claim()

    assert_refused(
        claim,
        lambda c: c.publish(by="bob"),
        RuleViolation,
        "only an approved verdict can be published",
    )


def test_publishing_twice_is_refused() -> None:
    claim = given.published()

    assert_refused(
        claim, lambda c: c.publish(by="carol"), RuleViolation, "claim is already published"
    )


def test_after_publication_a_new_verdict_is_refused() -> None:
    claim = given.published()

    assert_refused(
        claim,
        lambda c: c.record_verdict(rating="false", rationale="Changed my mind.", by="carol"),
        RuleViolation,
        "the verdict is published; change it with 'correct' and a note",
    )


def test_a_published_claim_cannot_be_dismissed() -> None:
    claim = given.published()

    assert_refused(
        claim,
        lambda c: c.dismiss(reason_text="Embarrassing.", by="bob"),
        RuleViolation,
        "a published claim cannot be dismissed; correct or retract it instead",
    )


def test_a_published_claim_cannot_be_marked_duplicate() -> None:
    claim = given.published()

    assert_refused(
        claim,
        lambda c: c.mark_duplicate(given.another_claim(), by="bob"),
        RuleViolation,
        "a published claim cannot be marked duplicate",
    )


# --- corrections ---

GIVEN_UNPUBLISHED: dict[str, Callable[[], Claim]] = {
    "no verdict": given.registered,
    "in review": given.in_review,
    "approved": given.approved,
}


@pytest.mark.parametrize("given_claim", GIVEN_UNPUBLISHED.values(), ids=GIVEN_UNPUBLISHED)
def test_only_a_published_verdict_can_be_corrected(given_claim: Callable[[], Claim]) -> None:
    claim = given_claim()

    assert_refused(
        claim,
        lambda c: c.correct(rating="mixed", note="n", by="bob"),
        RuleViolation,
        "only a published verdict can be corrected",
    )


@pytest.mark.parametrize(
    "given_claim",
    [given.registered, given.in_review, given.approved, given.rejected, given.retracted],
)
def test_only_a_published_fact_check_can_be_retracted(given_claim: Callable[[], Claim]) -> None:
    assert_refused(
        given_claim(),
        lambda c: c.retract(reason_text="r", by="bob"),
        RuleViolation,
        "only a published fact-check can be retracted",
    )


def test_a_retraction_needs_a_reason() -> None:
    assert_refused(
        given.published(),
        lambda c: c.retract(reason_text="   ", by="bob"),
        InvalidInput,
        "reason",
    )


def test_a_retracted_verdict_cannot_be_published_again_without_a_new_one() -> None:
    assert_refused(
        given.retracted(),
        lambda c: c.publish(by="bob"),
        RuleViolation,
        "retracted; record a new verdict",
    )


def test_a_retracted_fact_check_cannot_be_corrected() -> None:
    assert_refused(
        given.retracted(),
        lambda c: c.correct(rating="false", note="n", by="bob"),
        RuleViolation,
        "only a published verdict can be corrected",
    )


def test_a_correction_must_change_the_rating() -> None:
    claim = given.published(rating="true")

    assert_refused(
        claim,
        lambda c: c.correct(rating="true", note="Reaffirmed.", by="bob"),
        RuleViolation,
        "the published rating is already true; use 'note' to add context",
    )


def test_a_correction_needs_a_note() -> None:
    claim = given.published(rating="true")

    for empty in ("", "  ", "\n"):
        assert_refused(
            claim,
            lambda c, note=empty: c.correct(rating="false", note=note, by="bob"),
            InvalidInput,
            "^correction note must be 1 to 5000 characters of text$",
        )


# --- evidence ---


def test_withdrawing_evidence_the_claim_does_not_have_is_not_found() -> None:
    claim = given.with_evidence()

    assert_refused(
        claim,
        lambda c: c.withdraw_evidence("e2", reason_text="r", by="bob"),
        NotFound,
        "claim has no evidence 'e2'",
    )


def test_withdrawing_evidence_twice_is_refused() -> None:
    claim = given.with_evidence()
    claim.withdraw_evidence("e1", reason_text="Dead link.", by="bob")
    claim.collect_events()

    assert_refused(
        claim,
        lambda c: c.withdraw_evidence("e1", reason_text="Still dead.", by="bob"),
        RuleViolation,
        "evidence e1 was already withdrawn",
    )


def test_withdrawing_evidence_needs_a_reason() -> None:
    claim = given.with_evidence()

    assert_refused(
        claim,
        lambda c: c.withdraw_evidence("e1", reason_text=" ", by="bob"),
        InvalidInput,
        "^reason must be 1 to 5000 characters of text$",
    )


# --- duplicates ---


def test_a_claim_cannot_duplicate_itself() -> None:
    claim = given.registered()

    assert_refused(
        claim,
        lambda c: c.mark_duplicate(c, by="bob"),
        RuleViolation,
        "a claim cannot duplicate itself",
    )


def test_a_claim_cannot_duplicate_another_copy_of_the_same_claim_text() -> None:
    claim = given.registered("Trade rose by 5%.")
    same_claim = given.registered("  TRADE rose by 5%  ")

    assert_refused(
        claim,
        lambda c: c.mark_duplicate(same_claim, by="bob"),
        RuleViolation,
        "a claim cannot duplicate itself",
    )


def test_a_claim_cannot_duplicate_a_claim_that_is_itself_a_duplicate() -> None:
    claim = given.registered("Trade rose by 5%.")
    original = given.duplicate()

    assert_refused(
        claim,
        lambda c: c.mark_duplicate(original, by="bob"),
        RuleViolation,
        f"claim {original.id} is itself a duplicate of {original.duplicate_of}",
    )


# --- assignment ---


def test_assigning_a_claim_to_its_current_assignee_is_refused() -> None:
    claim = given.registered()
    claim.assign("carol", by="alice")
    claim.collect_events()

    assert_refused(
        claim,
        lambda c: c.assign(" carol ", by="bob"),
        RuleViolation,
        "claim is already assigned to carol",
    )


# --- ratings ---

RATING_COMMANDS: dict[str, tuple[Callable[[], Claim], Callable[[Claim], object]]] = {
    "record_verdict": (
        given.registered,
        lambda c: c.record_verdict(rating="pants-on-fire", rationale="r", by="bob"),
    ),
    "correct": (
        given.published,
        lambda c: c.correct(rating="pants-on-fire", note="n", by="bob"),
    ),
}


@pytest.mark.parametrize(("given_claim", "command"), RATING_COMMANDS.values(), ids=RATING_COMMANDS)
def test_a_rating_must_be_on_the_scale(
    given_claim: Callable[[], Claim], command: Callable[[Claim], object]
) -> None:
    claim = given_claim()

    assert_refused(
        claim,
        command,
        InvalidInput,
        r"^rating 'pants-on-fire' is not on the default scale \(valid: true, mostly-true, ",
    )


# --- invalid input is reported before any rule ---

BAD_INPUT_ON_A_REFUSING_CLAIM: dict[str, tuple[Callable[[], Claim], Callable[[Claim], object]]] = {
    "bad rating for a new verdict on a published claim": (
        given.published,
        lambda c: c.record_verdict(rating="nonsense", rationale="r", by="bob"),
    ),
    "empty rationale on a published claim": (
        given.published,
        lambda c: c.record_verdict(rating="true", rationale="", by="bob"),
    ),
    "bad rating for a correction of an unpublished claim": (
        given.registered,
        lambda c: c.correct(rating="nonsense", note="n", by="bob"),
    ),
    "empty correction note on an unpublished claim": (
        given.registered,
        lambda c: c.correct(rating="false", note="", by="bob"),
    ),
    "bad rating on a dismissed claim": (
        given.dismissed,
        lambda c: c.record_verdict(rating="nonsense", rationale="r", by="bob"),
    ),
    "bad evidence url on a dismissed claim": (
        given.dismissed,
        lambda c: c.add_evidence(url="not a url", quote="q", stance="supports", by="bob"),
    ),
    "unknown stance on a duplicate claim": (
        given.duplicate,
        lambda c: c.add_evidence(url="https://example.org", quote="q", stance="maybe", by="bob"),
    ),
    "empty reason for withdrawing unknown evidence": (
        given.registered,
        lambda c: c.withdraw_evidence("e9", reason_text="", by="bob"),
    ),
    "empty dismissal reason on a published claim": (
        given.published,
        lambda c: c.dismiss(reason_text="", by="bob"),
    ),
    "empty note on a dismissed claim": (
        given.dismissed,
        lambda c: c.add_note("", by="bob"),
    ),
    "bad assignee on a dismissed claim": (
        given.dismissed,
        lambda c: c.assign("carol smith", by="bob"),
    ),
    "empty rejection reason from the recorder": (
        given.in_review,
        lambda c: c.reject_verdict(reason_text="", by=given.CHECKER),
    ),
    "bad approver when nothing awaits review": (
        given.registered,
        lambda c: c.approve_verdict(by="bob smith"),
    ),
}


@pytest.mark.parametrize(
    ("given_claim", "command"),
    BAD_INPUT_ON_A_REFUSING_CLAIM.values(),
    ids=BAD_INPUT_ON_A_REFUSING_CLAIM,
)
def test_invalid_input_is_reported_before_any_rule(
    given_claim: Callable[[], Claim], command: Callable[[Claim], object]
) -> None:
    claim = given_claim()

    assert_refused(claim, command, InvalidInput, ".")
