"""A claim's life, command by command: each command records one event naming its actor."""

from __future__ import annotations

from collections.abc import Callable
from uuid import NAMESPACE_URL, UUID, uuid5

import pytest

from domain.claim import Claim
from domain.ids import claim_id_for
from domain.standing import ClaimStatus, Review
from tests.domain import given

ARTICLE_ID = UUID("5b0c6d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e")


def only_event(claim: Claim) -> object:
    events = claim.collect_events()
    assert len(events) == 1, events
    return events[0]


# --- registration ---


def test_registering_a_claim_records_what_was_said_where_and_by_whom() -> None:
    claim = Claim.register(
        text="China supplies Russia with key components for weapons production",
        quote="China supplies Russia with key components, officials said.",
        by="alice",
        article_id=ARTICLE_ID,
        span=(120, 185),
        speaker="Antony Blinken",
        checkworthiness=0.87,
        source_url="https://example.org/putin-xi",
    )

    registered = only_event(claim)
    assert isinstance(registered, Claim.Registered)
    assert registered.actor == "alice"
    assert registered.text == "China supplies Russia with key components for weapons production"
    assert registered.quote == "China supplies Russia with key components, officials said."
    assert registered.article_id == ARTICLE_ID
    assert (registered.span_start, registered.span_end) == (120, 185)
    assert registered.speaker == "Antony Blinken"
    assert registered.checkworthiness == 0.87
    assert registered.source_url == "https://example.org/putin-xi"
    assert claim.status is ClaimStatus.OPEN
    assert claim.registered_by == "alice"
    assert claim.span == (120, 185)


def test_a_claim_registered_with_only_text_and_quote_has_no_optional_details() -> None:
    claim = Claim.register(text="Trade rose.", quote="Trade rose, he said.", by="alice")

    registered = only_event(claim)
    assert isinstance(registered, Claim.Registered)
    assert registered.article_id is None
    assert registered.span_start is None
    assert registered.span_end is None
    assert registered.speaker is None
    assert registered.checkworthiness is None
    assert registered.source_url is None
    assert claim.span is None
    assert claim.verdict is None
    assert claim.evidence == {}
    assert claim.notes == []


def test_a_claims_id_is_derived_from_its_normalised_text() -> None:
    claim = Claim.register(text="  Trade ROSE by 5%!  ", quote="q", by="alice")

    assert claim.id == claim_id_for("trade rose by 5%")


def test_registered_text_quote_and_actor_are_trimmed_of_surrounding_whitespace() -> None:
    claim = Claim.register(text="  Trade rose.\n", quote="\tTrade rose, he said. ", by=" alice ")

    registered = only_event(claim)
    assert isinstance(registered, Claim.Registered)
    assert registered.text == "Trade rose."
    assert registered.quote == "Trade rose, he said."
    assert registered.actor == "alice"


# --- every command records its event, naming the actor ---

ACTOR = "dana"

COMMANDS: list[tuple[str, Callable[[], Claim], Callable[[Claim], object], type]] = [
    ("assign", given.registered, lambda c: c.assign("carol", by=ACTOR), Claim.Assigned),
    (
        "add_evidence",
        given.registered,
        lambda c: c.add_evidence(url="https://example.org", quote="q", stance="refutes", by=ACTOR),
        Claim.EvidenceAdded,
    ),
    (
        "withdraw_evidence",
        given.with_evidence,
        lambda c: c.withdraw_evidence("e1", reason_text="Retracted by its author.", by=ACTOR),
        Claim.EvidenceWithdrawn,
    ),
    (
        "record_verdict",
        given.registered,
        lambda c: c.record_verdict(rating="mixed", rationale="Partly right.", by=ACTOR),
        Claim.VerdictRecorded,
    ),
    (
        "approve_verdict",
        given.in_review,
        lambda c: c.approve_verdict(by=ACTOR),
        Claim.VerdictApproved,
    ),
    (
        "reject_verdict",
        given.in_review,
        lambda c: c.reject_verdict(reason_text="Weak sourcing.", by=ACTOR),
        Claim.VerdictRejected,
    ),
    ("publish", given.approved, lambda c: c.publish(by=ACTOR), Claim.Published),
    (
        "correct",
        given.published,
        lambda c: c.correct(rating="mostly-true", note="A figure was revised.", by=ACTOR),
        Claim.Corrected,
    ),
    (
        "retract",
        given.published,
        lambda c: c.retract(reason_text="The source was withdrawn.", by=ACTOR),
        Claim.Retracted,
    ),
    (
        "dismiss",
        given.registered,
        lambda c: c.dismiss(reason_text="Not check-worthy.", by=ACTOR),
        Claim.Dismissed,
    ),
    ("reopen", given.dismissed, lambda c: c.reopen(by=ACTOR), Claim.Reopened),
    (
        "mark_duplicate",
        given.registered,
        lambda c: c.mark_duplicate(given.another_claim(), by=ACTOR),
        Claim.MarkedDuplicate,
    ),
    (
        "add_note",
        given.registered,
        lambda c: c.add_note("Called the ministry.", by=ACTOR),
        Claim.NoteAdded,
    ),
    (
        "add_appearance",
        given.registered,
        lambda c: c.add_appearance(
            article_id=uuid5(NAMESPACE_URL, "another-article"),
            quote="Trade hit $240 billion",
            span=(10, 32),
            speaker="Xi Jinping",
            by=ACTOR,
        ),
        Claim.AppearanceAdded,
    ),
]


@pytest.mark.parametrize(
    ("given_claim", "command", "event_type"),
    [pytest.param(g, c, e, id=name) for name, g, c, e in COMMANDS],
)
def test_each_command_records_exactly_one_event_of_its_type_naming_the_actor(
    given_claim: Callable[[], Claim], command: Callable[[Claim], object], event_type: type
) -> None:
    claim = given_claim()
    version_before = claim.version

    command(claim)

    recorded = only_event(claim)
    assert type(recorded) is event_type
    assert recorded.actor == ACTOR  # type: ignore[attr-defined]
    assert recorded.originator_id == claim.id  # type: ignore[attr-defined]
    assert recorded.originator_version == version_before + 1  # type: ignore[attr-defined]


def test_every_claim_event_type_has_a_command_that_records_it() -> None:
    # Event and Created are the library's generic bases, which Claim never records.
    event_types = {
        value
        for value in vars(Claim).values()
        if isinstance(value, type)
        and issubclass(value, Claim.Event)
        and value not in (Claim.Event, Claim.Created)
    }
    commanded = {event_type for _, _, _, event_type in COMMANDS} | {Claim.Registered}

    assert event_types - commanded == set()


# --- assignment ---


def test_assigning_a_claim_names_the_assignee() -> None:
    claim = given.registered()

    claim.assign("carol", by="alice")

    assigned = only_event(claim)
    assert isinstance(assigned, Claim.Assigned)
    assert assigned.assignee == "carol"
    assert claim.assignee == "carol"


def test_a_claim_can_be_reassigned_to_someone_else() -> None:
    claim = given.registered()
    claim.assign("carol", by="alice")
    claim.collect_events()

    claim.assign("dana", by="alice")

    assigned = only_event(claim)
    assert isinstance(assigned, Claim.Assigned)
    assert assigned.assignee == "dana"
    assert claim.assignee == "dana"


# --- verdicts and review ---


def test_recording_a_verdict_puts_the_claim_in_review() -> None:
    claim = given.registered()

    claim.record_verdict(rating="mostly-false", rationale="The figure is for 2022.", by="alice")

    recorded = only_event(claim)
    assert isinstance(recorded, Claim.VerdictRecorded)
    assert recorded.rating == "mostly-false"
    assert recorded.rationale == "The figure is for 2022."
    assert claim.status is ClaimStatus.IN_REVIEW
    assert claim.verdict is not None
    assert claim.verdict.review is Review.PENDING
    assert claim.verdict.recorded_by == "alice"


def test_a_new_verdict_supersedes_the_previous_one_which_history_keeps() -> None:
    claim = given.in_review(rating="true")

    claim.record_verdict(rating="mixed", rationale="A second source disagrees.", by="carol")

    recorded = only_event(claim)
    assert isinstance(recorded, Claim.VerdictRecorded)
    assert claim.verdict is not None
    assert claim.verdict.rating == "mixed"
    assert claim.verdict.recorded_by == "carol"
    assert [v.rating for v in claim.superseded_verdicts] == ["true"]
    assert claim.superseded_verdicts[0].recorded_by == given.CHECKER


def test_every_superseded_verdict_is_kept_in_the_order_it_was_recorded() -> None:
    claim = given.registered()

    for rating in ("true", "mixed", "false"):
        claim.record_verdict(rating=rating, rationale=f"Now {rating}.", by="alice")

    assert [v.rating for v in claim.superseded_verdicts] == ["true", "mixed"]
    assert claim.verdict is not None
    assert claim.verdict.rating == "false"


def test_a_new_verdict_after_approval_resets_review_to_pending() -> None:
    claim = given.approved()

    claim.record_verdict(rating="false", rationale="New data.", by="alice")

    assert isinstance(only_event(claim), Claim.VerdictRecorded)
    assert claim.status is ClaimStatus.IN_REVIEW
    assert claim.verdict is not None
    assert claim.verdict.review is Review.PENDING
    assert claim.verdict.reviewed_by is None
    assert claim.superseded_verdicts[0].review is Review.APPROVED
    assert claim.superseded_verdicts[0].reviewed_by == given.EDITOR


def test_a_new_verdict_after_rejection_resets_review_to_pending() -> None:
    claim = given.rejected()

    claim.record_verdict(rating="unproven", rationale="Better sourced now.", by="alice")

    assert isinstance(only_event(claim), Claim.VerdictRecorded)
    assert claim.status is ClaimStatus.IN_REVIEW
    assert claim.verdict is not None
    assert claim.verdict.review is Review.PENDING
    assert claim.verdict.rejection_reason is None
    assert claim.superseded_verdicts[0].review is Review.REJECTED


def test_a_colleague_approving_the_verdict_makes_the_claim_approved() -> None:
    claim = given.in_review()

    claim.approve_verdict(by="bob")

    approved = only_event(claim)
    assert isinstance(approved, Claim.VerdictApproved)
    assert approved.actor == "bob"
    assert claim.status is ClaimStatus.APPROVED
    assert claim.verdict is not None
    assert claim.verdict.reviewed_by == "bob"


def test_a_colleague_rejecting_the_verdict_records_why() -> None:
    claim = given.in_review()

    claim.reject_verdict(reason_text="The source is a press release.", by="bob")

    rejected = only_event(claim)
    assert isinstance(rejected, Claim.VerdictRejected)
    assert rejected.reason == "The source is a press release."
    assert rejected.actor == "bob"
    assert claim.status is ClaimStatus.REJECTED
    assert claim.verdict is not None
    assert claim.verdict.rejection_reason == "The source is a press release."
    assert claim.verdict.reviewed_by == "bob"


# --- publication and corrections ---


def test_publishing_an_approved_verdict_records_its_rating_and_publisher() -> None:
    claim = given.approved(rating="mostly-true")

    claim.publish(by="bob")

    published = only_event(claim)
    assert isinstance(published, Claim.Published)
    assert published.rating == "mostly-true"
    assert published.actor == "bob"
    assert claim.status is ClaimStatus.PUBLISHED
    assert claim.publication is not None
    assert claim.publication.published_by == "bob"
    assert claim.publication.published_at == published.timestamp
    assert claim.publication.corrections == []


def test_a_correction_names_the_old_and_new_rating_and_why() -> None:
    claim = given.published(rating="true")

    claim.correct(rating="mostly-false", note="The ministry revised its figure.", by="bob")

    corrected = only_event(claim)
    assert isinstance(corrected, Claim.Corrected)
    assert corrected.old_rating == "true"
    assert corrected.new_rating == "mostly-false"
    assert corrected.note == "The ministry revised its figure."
    assert corrected.actor == "bob"


def test_a_correction_changes_the_rating_and_keeps_the_claim_published() -> None:
    claim = given.published(rating="true")

    claim.correct(rating="false", note="Misread the table.", by="bob")

    assert claim.status is ClaimStatus.PUBLISHED
    assert claim.verdict is not None
    assert claim.verdict.rating == "false"
    assert claim.publication is not None
    [correction] = claim.publication.corrections
    assert (correction.old_rating, correction.new_rating) == ("true", "false")
    assert correction.note == "Misread the table."
    assert correction.corrected_by == "bob"


def test_successive_corrections_chain_from_the_current_rating() -> None:
    claim = given.published(rating="true")

    claim.correct(rating="false", note="Misread the table.", by="bob")
    claim.correct(rating="true", note="The table was right after all.", by="carol")

    first, second = claim.collect_events()
    assert isinstance(first, Claim.Corrected)
    assert isinstance(second, Claim.Corrected)
    assert (first.old_rating, first.new_rating) == ("true", "false")
    assert (second.old_rating, second.new_rating) == ("false", "true")
    assert claim.publication is not None
    assert len(claim.publication.corrections) == 2


# --- dismissal, duplicates, reopening, notes ---


# --- retraction ---


def test_retracting_a_published_fact_check_withdraws_the_publication_and_keeps_it() -> None:
    claim = given.published(rating="true")
    publication = claim.publication

    claim.retract(reason_text="  The customs figure was revised.  ", by="carol")

    retracted = only_event(claim)
    assert isinstance(retracted, Claim.Retracted)
    assert retracted.reason == "The customs figure was revised."
    assert claim.status is ClaimStatus.RETRACTED
    assert claim.publication is None
    assert claim.retraction is not None
    assert claim.retraction.publication == publication
    assert claim.retraction.retracted_by == "carol"
    assert claim.retraction.retracted_at == retracted.timestamp
    assert claim.retractions == [claim.retraction]


def test_a_corrected_fact_check_is_retracted_with_its_corrections() -> None:
    claim = given.published(rating="true")
    claim.correct(rating="mostly-true", note="Revised figure.", by=given.EDITOR)

    claim.retract(reason_text="Wrong series altogether.", by=given.EDITOR)

    assert claim.retraction is not None
    assert claim.retraction.publication.rating == "mostly-true"
    assert [c.new_rating for c in claim.retraction.publication.corrections] == ["mostly-true"]


def test_after_a_retraction_a_new_verdict_goes_through_review_and_publication_again() -> None:
    claim = given.retracted()

    claim.record_verdict(rating="mixed", rationale="Rechecked against the revision.", by="dave")
    assert claim.status is ClaimStatus.IN_REVIEW
    assert claim.retraction is None
    claim.approve_verdict(by=given.EDITOR)
    claim.publish(by=given.EDITOR)

    assert claim.status is ClaimStatus.PUBLISHED
    assert claim.publication is not None
    assert claim.publication.rating == "mixed"
    assert len(claim.retractions) == 1
    assert claim.retractions[0].publication.rating == "true"


def test_dismissing_a_claim_records_why() -> None:
    claim = given.registered()

    claim.dismiss(reason_text="An opinion, not a checkable fact.", by="alice")

    dismissed = only_event(claim)
    assert isinstance(dismissed, Claim.Dismissed)
    assert dismissed.reason == "An opinion, not a checkable fact."
    assert claim.status is ClaimStatus.DISMISSED
    assert claim.dismissed_reason == "An opinion, not a checkable fact."
    assert claim.is_closed


def test_a_claim_with_an_unpublished_verdict_can_be_dismissed() -> None:
    claim = given.approved()

    claim.dismiss(reason_text="Turned out to be satire.", by="bob")

    assert isinstance(only_event(claim), Claim.Dismissed)
    assert claim.status is ClaimStatus.DISMISSED


def test_marking_a_claim_duplicate_points_it_at_the_original() -> None:
    claim = given.registered()
    original = given.another_claim()

    claim.mark_duplicate(original, by="alice")

    marked = only_event(claim)
    assert isinstance(marked, Claim.MarkedDuplicate)
    assert marked.duplicate_of == original.id
    assert claim.duplicate_of == original.id
    assert claim.status is ClaimStatus.DUPLICATE
    assert claim.is_closed


def test_reopening_a_dismissed_claim_returns_it_to_where_it_was() -> None:
    claim = given.approved()
    claim.dismiss(reason_text="Satire.", by="bob")
    claim.collect_events()

    claim.reopen(by="carol")

    reopened = only_event(claim)
    assert isinstance(reopened, Claim.Reopened)
    assert reopened.actor == "carol"
    assert claim.status is ClaimStatus.APPROVED
    assert claim.dismissed_reason is None
    assert not claim.is_closed


def test_reopening_a_duplicate_claim_clears_what_it_duplicated() -> None:
    claim = given.duplicate()

    claim.reopen(by="carol")

    assert isinstance(only_event(claim), Claim.Reopened)
    assert claim.duplicate_of is None
    assert claim.status is ClaimStatus.OPEN


def test_notes_are_kept_in_order_with_their_author() -> None:
    claim = given.registered()

    claim.add_note("Called the ministry.", by="alice")
    claim.add_note("No answer yet.", by="carol")

    events = claim.collect_events()
    assert [type(e) for e in events] == [Claim.NoteAdded, Claim.NoteAdded]
    assert [(n.text, n.by) for n in claim.notes] == [
        ("Called the ministry.", "alice"),
        ("No answer yet.", "carol"),
    ]
    assert claim.notes[0].at == events[0].timestamp


def test_a_note_can_be_added_to_a_published_claim_without_changing_its_rating() -> None:
    claim = given.published(rating="true")

    claim.add_note("Readers asked about the 2022 figure.", by="carol")

    assert isinstance(only_event(claim), Claim.NoteAdded)
    assert claim.status is ClaimStatus.PUBLISHED
    assert claim.verdict is not None
    assert claim.verdict.rating == "true"
