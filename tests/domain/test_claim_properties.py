"""Properties over any sequence of commands, valid or not, applied to a claim."""

from __future__ import annotations

from typing import Any

from hypothesis import event, given, note, settings
from hypothesis import strategies as st

from domain.claim import Claim
from domain.errors import DomainError
from domain.standing import ClaimStatus, Review
from tests.domain import given as given_claim
from tests.domain.given import replay, state_of

# Mostly valid values, with an occasional one that can never be valid.
users = st.sampled_from(("alice", "bob", "carol", " bob ") * 4 + ("", "bob smith"))
ratings = st.sampled_from(("true", "false", "mixed", "unproven") * 3 + ("nonsense",))
reasons = st.sampled_from(("A reason.", "Another reason.") * 4 + ("", "  "))
evidence_ids = st.sampled_from(("e1", "e2", "e3", "e9"))
stances = st.sampled_from(("supports", "refutes", "context") * 3 + ("maybe",))
urls = st.sampled_from(("https://example.org/a", "https://example.org/b") * 4 + ("not a url",))
originals = st.sampled_from(("live claim", "live claim", "duplicate claim", "itself"))

COMMANDS: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "assign": st.fixed_dictionaries({"assignee": users, "by": users}),
    "add_evidence": st.fixed_dictionaries(
        {"url": urls, "quote": reasons, "stance": stances, "by": users}
    ),
    "withdraw_evidence": st.fixed_dictionaries(
        {"evidence_id": evidence_ids, "reason_text": reasons, "by": users}
    ),
    "record_verdict": st.fixed_dictionaries({"rating": ratings, "rationale": reasons, "by": users}),
    "approve_verdict": st.fixed_dictionaries({"by": users}),
    "reject_verdict": st.fixed_dictionaries({"reason_text": reasons, "by": users}),
    "publish": st.fixed_dictionaries({"by": users}),
    "correct": st.fixed_dictionaries({"rating": ratings, "note": reasons, "by": users}),
    "retract": st.fixed_dictionaries({"reason_text": reasons, "by": users}),
    "dismiss": st.fixed_dictionaries({"reason_text": reasons, "by": users}),
    "reopen": st.fixed_dictionaries({"by": users}),
    "mark_duplicate": st.fixed_dictionaries({"original": originals, "by": users}),
    "add_note": st.fixed_dictionaries({"text": reasons, "by": users}),
}
# Weighted towards the commands that move a claim forward, so sequences reach publication.
WEIGHTS = {
    "record_verdict": 3,
    "approve_verdict": 4,
    "reject_verdict": 2,
    "add_evidence": 2,
    "withdraw_evidence": 2,
    "publish": 3,
    "correct": 3,
    "reopen": 2,
}
commands = st.one_of(
    [
        st.tuples(st.just(name), arguments)
        for name, arguments in COMMANDS.items()
        for _ in range(WEIGHTS.get(name, 1))
    ]
)


def apply(claim: Claim, name: str, args: dict[str, Any]) -> None:
    """Issue one command to the claim, the way the application would."""
    args = dict(args)
    if name == "mark_duplicate":
        which = args.pop("original")
        if which == "itself":
            original = claim
        elif which == "duplicate claim":
            original = given_claim.duplicate("A claim that repeats another.")
        else:
            original = given_claim.another_claim()
        claim.mark_duplicate(original, **args)
    elif name == "assign":
        claim.assign(args.pop("assignee"), **args)
    elif name == "withdraw_evidence":
        claim.withdraw_evidence(args.pop("evidence_id"), **args)
    elif name == "add_note":
        claim.add_note(args.pop("text"), **args)
    else:
        getattr(claim, name)(**args)


def assert_invariants(claim: Claim) -> None:
    for verdict in [*claim.superseded_verdicts, claim.verdict]:
        if verdict is not None and verdict.review is not Review.PENDING:
            assert verdict.reviewed_by != verdict.recorded_by, "four-eyes"
    if claim.publication is not None:
        assert claim.verdict is not None
        assert claim.verdict.review is Review.APPROVED
        corrections = claim.publication.corrections
        assert claim.verdict.rating == (
            corrections[-1].new_rating if corrections else claim.publication.rating
        )
    assert list(claim.evidence) == [f"e{n}" for n in range(1, len(claim.evidence) + 1)]
    assert not (claim.dismissed_reason is not None and claim.duplicate_of is not None)
    if claim.retraction is not None:
        assert claim.publication is None
        assert claim.retractions[-1] is claim.retraction


@settings(max_examples=100, deadline=None, database=None)
@given(steps=st.lists(commands, min_size=20, max_size=40))
def test_any_sequence_of_commands_replays_to_the_same_claim_and_refusals_change_nothing(
    steps: list[tuple[str, dict[str, Any]]],
) -> None:
    claim = Claim.register(text="Trade rose by 5%.", quote="Trade rose.", by="alice")
    history = claim.collect_events()
    was_published = False

    for name, args in steps:
        note(f"{name}({args}) on a claim that is {claim.status.value}")
        before = state_of(claim)
        try:
            apply(claim, name, args)
        except DomainError as refusal:
            event(f"refused {type(refusal).__name__}")
            assert claim.collect_events() == []
            assert state_of(claim) == before
        else:
            event(f"did {name}")
            [recorded] = claim.collect_events()
            assert recorded.actor == args["by"].strip()  # type: ignore[attr-defined]
            history.append(recorded)
        assert_invariants(claim)
        if was_published:  # only an open retraction ends a publication
            assert claim.status in (ClaimStatus.PUBLISHED, ClaimStatus.RETRACTED)
        was_published = claim.status is ClaimStatus.PUBLISHED

    rebuilt = replay(history)
    assert state_of(rebuilt) == state_of(claim)
    assert rebuilt.status is claim.status
    assert rebuilt.verdict == claim.verdict
    assert rebuilt.evidence == claim.evidence
    assert rebuilt.retractions == claim.retractions
