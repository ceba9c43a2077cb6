"""Every command that changes a claim: its exact human line, its --json, what it stores."""

from __future__ import annotations

from claims.demo import seed_article
from domain.ids import claim_id_for
from tests.cli.conftest import (
    CLAIM_QUOTE,
    CLAIM_TEXT,
    EVIDENCE_QUOTE,
    EVIDENCE_URL,
    OTHER_QUOTE,
    OTHER_TEXT,
    Desk,
    evidence_add,
)
from tests.cli.support import (
    CLAIM_KEYS,
    CORRECTION_KEYS,
    EVIDENCE_KEYS,
    NOTE_KEYS,
    VERDICT_KEYS,
    assert_utc_iso,
    short,
)

ARTICLE_QUOTE = 'reaffirmed a "no-limits" partnership'


def test_add_prints_the_registered_claim_id(desk: Desk) -> None:
    result = desk.ok("add", CLAIM_TEXT, "--quote", CLAIM_QUOTE)

    assert result.stdout == f"registered claim {claim_id_for(CLAIM_TEXT)}\n", result.output
    assert desk.events() == 1


def test_add_json_is_the_whole_new_claim_with_stable_keys(desk: Desk) -> None:
    data = desk.json(
        "add",
        CLAIM_TEXT,
        "--quote",
        CLAIM_QUOTE,
        "--speaker",
        "Joe Biden",
        "--source-url",
        "https://example.org/speech",
    )

    assert list(data) == CLAIM_KEYS
    assert data["id"] == str(claim_id_for(CLAIM_TEXT))
    assert assert_utc_iso(data["registered_at"]) == assert_utc_iso(data["last_change"])
    timeless = {k: v for k, v in data.items() if k not in ("id", "registered_at", "last_change")}
    assert timeless == {
        "version": 1,
        "status": "open",
        "text": CLAIM_TEXT,
        "quote": CLAIM_QUOTE,
        "article_id": None,
        "span": None,
        "speaker": "Joe Biden",
        "checkworthiness": None,
        "features": [],
        "source_url": "https://example.org/speech",
        "appearances": [],
        "registered_by": "alice",
        "assignee": None,
        "evidence": [],
        "verdict": None,
        "published_at": None,
        "published_by": None,
        "corrections": [],
        "retraction": None,
        "retractions": [],
        "dismissed_reason": None,
        "duplicate_of": None,
        "notes": [],
    }


def test_add_with_an_article_prefix_anchors_the_quote_at_its_span(desk: Desk) -> None:
    article_id = desk.json("demo")["article"]["id"]
    start = seed_article().text.index(ARTICLE_QUOTE)

    data = desk.json(
        "add",
        "Russia and China have a no-limits partnership",
        "--quote",
        ARTICLE_QUOTE,
        "--article",
        article_id[:8],
    )

    assert data["article_id"] == article_id
    assert data["span"] == [start, start + len(ARTICLE_QUOTE)]


def test_assign_names_the_assignee_and_the_new_version(desk: Desk, claim_id: str) -> None:
    result = desk.ok("assign", claim_id, "maria", user="tom")

    assert result.stdout == f"{short(claim_id)} assigned to maria (status open, v2)\n", (
        result.output
    )
    assert desk.json("show", claim_id)["assignee"] == "maria"


def test_assign_json_is_the_claim_after_the_change(desk: Desk, claim_id: str) -> None:
    data = desk.json("assign", claim_id, "maria", user="tom")

    assert list(data) == CLAIM_KEYS
    assert (data["id"], data["version"], data["assignee"]) == (claim_id, 2, "maria")


def test_evidence_add_prints_the_evidence_id_and_stance(desk: Desk, claim_id: str) -> None:
    result = desk.ok(*evidence_add(claim_id))

    assert result.stdout == f"{short(claim_id)} evidence e1 added (supports)\n", result.output
    assert desk.events() == 2


def test_evidence_add_json_carries_the_evidence_id_and_the_claim(desk: Desk, claim_id: str) -> None:
    data = desk.json(*evidence_add(claim_id, "refutes"), "--note", "Customs, annual figures")

    assert list(data) == ["evidence_id", "claim"]
    assert data["evidence_id"] == "e1"
    assert list(data["claim"]) == CLAIM_KEYS
    (evidence,) = data["claim"]["evidence"]
    assert list(evidence) == EVIDENCE_KEYS
    assert_utc_iso(evidence.pop("added_at"))
    assert evidence == {
        "id": "e1",
        "url": EVIDENCE_URL,
        "quote": EVIDENCE_QUOTE,
        "stance": "refutes",
        "note": "Customs, annual figures",
        "added_by": "alice",
        "accessed_on": None,
        "withdrawn": False,
        "withdrawn_reason": None,
    }


def test_evidence_withdraw_keeps_the_evidence_marked_withdrawn(desk: Desk, claim_id: str) -> None:
    desk.ok(*evidence_add(claim_id, "context"))

    result = desk.ok("evidence", "withdraw", claim_id, "e1", "--reason", "Wrong year.")

    assert result.stdout == f"{short(claim_id)} evidence e1 withdrawn\n", result.output
    (evidence,) = desk.json("show", claim_id)["evidence"]
    assert (evidence["withdrawn"], evidence["withdrawn_reason"]) == (True, "Wrong year.")


def test_evidence_withdraw_json_is_the_claim(desk: Desk, claim_id: str) -> None:
    desk.ok(*evidence_add(claim_id, "context"))

    data = desk.json("evidence", "withdraw", claim_id, "e1", "--reason", "Wrong year.")

    assert list(data) == CLAIM_KEYS
    assert data["version"] == 3
    assert data["evidence"][0]["withdrawn"] is True


def test_verdict_reports_rating_status_and_version(desk: Desk, claim_id: str) -> None:
    result = desk.ok("verdict", claim_id, "--rating", "mostly-true", "--rationale", "Rounded.")

    assert result.stdout == (
        f"{short(claim_id)} verdict mostly-true recorded (status in-review, v2)\n"
    ), result.output


def test_verdict_json_shows_the_pending_verdict(desk: Desk, claim_id: str) -> None:
    data = desk.json("verdict", claim_id, "--rating", "mostly-true", "--rationale", "Rounded.")

    assert data["status"] == "in-review"
    verdict = data["verdict"]
    assert list(verdict) == VERDICT_KEYS
    assert_utc_iso(verdict.pop("recorded_at"))
    assert verdict == {
        "rating": "mostly-true",
        "rating_label": "Mostly true",
        "rationale": "Rounded.",
        "recorded_by": "alice",
        "review": "pending",
        "reviewed_by": None,
        "rejection_reason": None,
    }


def test_review_approve_by_a_second_person_approves(desk: Desk, in_review: str) -> None:
    result = desk.ok("review", in_review, "approve", user="bob")

    assert result.stdout == f"{short(in_review)} verdict approved (status approved, v3)\n", (
        result.output
    )
    assert desk.json("show", in_review)["verdict"]["reviewed_by"] == "bob"


def test_review_reject_with_a_reason_records_the_reason(desk: Desk, in_review: str) -> None:
    result = desk.ok("review", in_review, "reject", "--reason", "Cite the source.", user="bob")

    assert result.stdout == f"{short(in_review)} verdict rejected (status rejected, v3)\n", (
        result.output
    )
    verdict = desk.json("show", in_review)["verdict"]
    assert (verdict["review"], verdict["rejection_reason"]) == ("rejected", "Cite the source.")


def test_review_json_is_the_reviewed_claim(desk: Desk, in_review: str) -> None:
    data = desk.json("review", in_review, "approve", user="bob")

    assert list(data) == CLAIM_KEYS
    assert (data["status"], data["verdict"]["review"]) == ("approved", "approved")


def test_publish_publishes_an_approved_verdict(desk: Desk, approved: str) -> None:
    result = desk.ok("publish", approved, user="bob")

    assert result.stdout == f"{short(approved)} published (status published, v4)\n", result.output


def test_publish_json_records_who_published_and_when(desk: Desk, approved: str) -> None:
    data = desk.json("publish", approved, user="bob")

    assert (data["status"], data["published_by"]) == ("published", "bob")
    assert_utc_iso(data["published_at"])


def test_correct_changes_a_published_rating_openly(desk: Desk, published: str) -> None:
    result = desk.ok("correct", published, "--rating", "true", "--note", "Exact.", user="bob")

    assert result.stdout == f"{short(published)} corrected to true (status published, v5)\n", (
        result.output
    )


def test_correct_json_names_old_and_new_rating(desk: Desk, published: str) -> None:
    data = desk.json("correct", published, "--rating", "true", "--note", "Exact.", user="bob")

    (correction,) = data["corrections"]
    assert list(correction) == CORRECTION_KEYS
    assert_utc_iso(correction.pop("corrected_at"))
    assert correction == {
        "old_rating": "mostly-true",
        "new_rating": "true",
        "note": "Exact.",
        "corrected_by": "bob",
    }
    assert data["verdict"]["rating"] == "true"


def test_retract_withdraws_a_published_fact_check_and_keeps_it(desk: Desk, published: str) -> None:
    result = desk.ok("retract", published, "--reason", "The series was revised.", user="bob")

    assert result.stdout == f"{short(published)} retracted (status retracted, v5)\n", result.output
    data = desk.json("show", published)
    assert (data["status"], data["published_at"]) == ("retracted", None)
    assert data["retractions"] == [data["retraction"]]
    retraction = data["retraction"]
    assert_utc_iso(retraction.pop("retracted_at"))
    assert_utc_iso(retraction.pop("published_at"))
    assert retraction == {
        "rating": "mostly-true",
        "published_by": "bob",
        "corrections": [],
        "reason": "The series was revised.",
        "retracted_by": "bob",
    }
    assert "retracted mostly-true (published " in desk.ok("show", published).stdout


def test_a_new_verdict_after_a_retraction_can_be_published(desk: Desk, published: str) -> None:
    desk.ok("retract", published, "--reason", "The series was revised.", user="bob")
    desk.ok("verdict", published, "--rating", "mixed", "--rationale", "Rechecked.")
    desk.ok("review", published, "approve", user="bob")

    data = desk.json("publish", published, user="bob")

    assert (data["status"], data["verdict"]["rating"], data["retraction"]) == (
        "published",
        "mixed",
        None,
    )
    assert [r["rating"] for r in data["retractions"]] == ["mostly-true"]


def test_dismiss_records_the_reason(desk: Desk, claim_id: str) -> None:
    result = desk.ok("dismiss", claim_id, "--reason", "Opinion, not fact.")

    assert result.stdout == f"{short(claim_id)} dismissed (status dismissed, v2)\n", result.output
    assert desk.json("show", claim_id)["dismissed_reason"] == "Opinion, not fact."


def test_dismiss_json_is_the_dismissed_claim(desk: Desk, claim_id: str) -> None:
    data = desk.json("dismiss", claim_id, "--reason", "Opinion, not fact.")

    assert (data["status"], data["dismissed_reason"]) == ("dismissed", "Opinion, not fact.")


def test_reopen_brings_a_dismissed_claim_back_to_open(desk: Desk, dismissed: str) -> None:
    result = desk.ok("reopen", dismissed)

    assert result.stdout == f"{short(dismissed)} reopened (status open, v3)\n", result.output


def test_reopen_json_clears_the_dismissal(desk: Desk, dismissed: str) -> None:
    data = desk.json("reopen", dismissed)

    assert (data["status"], data["dismissed_reason"]) == ("open", None)


def test_duplicate_points_a_claim_at_its_original(desk: Desk, claim_id: str) -> None:
    original = desk.register(OTHER_TEXT, OTHER_QUOTE)

    result = desk.ok("duplicate", claim_id, "--of", original[:8])

    assert result.stdout == (
        f"{short(claim_id)} marked duplicate of {short(original)} (status duplicate, v2)\n"
    ), result.output


def test_duplicate_json_holds_the_original_id_as_a_string(desk: Desk, claim_id: str) -> None:
    original = desk.register(OTHER_TEXT, OTHER_QUOTE)

    data = desk.json("duplicate", claim_id, "--of", original)

    assert (data["status"], data["duplicate_of"]) == ("duplicate", original)


def test_reopen_also_undoes_a_duplicate_marking(desk: Desk, claim_id: str) -> None:
    desk.ok("duplicate", claim_id, "--of", desk.register(OTHER_TEXT, OTHER_QUOTE))

    data = desk.json("reopen", claim_id)

    assert (data["status"], data["duplicate_of"]) == ("open", None)


def test_note_is_added_to_the_record(desk: Desk, claim_id: str) -> None:
    result = desk.ok("note", claim_id, "Ask customs for the monthly series.")

    assert result.stdout == f"{short(claim_id)} note added (status open, v2)\n", result.output


def test_note_json_lists_the_note_with_author_and_time(desk: Desk, claim_id: str) -> None:
    data = desk.json("note", claim_id, "Ask customs for the monthly series.", user="maria")

    (note,) = data["notes"]
    assert list(note) == NOTE_KEYS
    assert_utc_iso(note.pop("at"))
    assert note == {"text": "Ask customs for the monthly series.", "by": "maria"}


def test_commands_accept_an_uppercase_dashed_prefix_of_the_id(desk: Desk, claim_id: str) -> None:
    prefix = claim_id[:13].upper()  # 8 hex, a dash, 4 hex

    result = desk.ok("note", prefix, "Found by prefix.")

    assert result.stdout.startswith(short(claim_id)), result.output
