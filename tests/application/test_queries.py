"""Queries read the event store: past versions, the filtered table, the audit history."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from claims.application import ClaimsLedger
from domain.errors import InvalidInput, NotFound
from tests.application.support import (
    ARTICLE_TEXT,
    EDITOR,
    FACT_CHECKER,
    TRADE_QUOTE,
    article,
    claim,
    published,
)


def test_getting_a_past_version_shows_the_claim_as_it_was_then(ledger: ClaimsLedger) -> None:
    claim_id = claim(ledger)
    ledger.assign(claim_id, "maria", by=EDITOR)
    ledger.record_verdict(claim_id, rating="false", rationale="no such data", by=FACT_CHECKER)

    first = ledger.get_claim(claim_id, version=1)
    second = ledger.get_claim(claim_id, version=2)
    latest = ledger.get_claim(claim_id)

    assert (first.version, first.status, first.assignee, first.verdict) == (1, "open", None, None)
    assert (second.version, second.assignee, second.verdict) == (2, "maria", None)
    assert latest.version == 3
    assert latest.status == "in-review"
    assert ledger.get_claim(claim_id, version=3) == latest


def test_getting_a_version_the_claim_never_had_is_not_found(ledger: ClaimsLedger) -> None:
    claim_id = claim(ledger)

    with pytest.raises(NotFound, match=f"claim {claim_id} has no version 2 \\(latest is 1\\)"):
        ledger.get_claim(claim_id, version=2)
    for version in (0, -1):
        with pytest.raises(NotFound, match=str(claim_id)):
            ledger.get_claim(claim_id, version=version)


def test_getting_an_unknown_claim_or_an_article_as_a_claim_is_not_found(
    ledger: ClaimsLedger,
) -> None:
    source = article(ledger)
    unknown = uuid4()

    with pytest.raises(NotFound, match=f"no claim with id {unknown}"):
        ledger.get_claim(unknown)
    with pytest.raises(NotFound, match=f"no claim with id {source.id}"):
        ledger.get_claim(source.id)
    with pytest.raises(NotFound, match="no claim"):
        ledger.history(source.id)


def _desk(ledger: ClaimsLedger) -> dict[str, UUID]:
    """Four claims: open and assigned, in review, published, and from an article."""
    source = article(ledger)
    ids = {
        "assigned": claim(ledger, "Assigned claim", speaker="Vladimir Putin"),
        "reviewing": claim(ledger, "Claim in review", speaker="Xi Jinping"),
        "published": published(ledger, "Published claim", rating="mostly-false"),
        "anchored": claim(
            ledger, "Anchored claim", quote=TRADE_QUOTE, article_id=source.id, speaker="putin"
        ),
    }
    ledger.assign(ids["assigned"], "maria", by=EDITOR)
    ledger.record_verdict(ids["reviewing"], rating="false", rationale="r", by=FACT_CHECKER)
    ids["article"] = source.id
    return ids


def test_listing_claims_filters_by_status_article_speaker_rating_and_assignee(
    ledger: ClaimsLedger,
) -> None:
    ids = _desk(ledger)

    def listed(**filters: object) -> list[UUID]:
        return [row.id for row in ledger.list_claims(**filters)]  # type: ignore[arg-type]

    assert listed() == [ids["assigned"], ids["reviewing"], ids["published"], ids["anchored"]]
    assert listed(status="open") == [ids["assigned"], ids["anchored"]]
    assert listed(status="in-review") == [ids["reviewing"]]
    assert listed(status="published") == [ids["published"]]
    assert listed(status="dismissed") == []
    assert listed(article_id=ids["article"]) == [ids["anchored"]]
    assert listed(article_id=uuid4()) == []
    assert listed(speaker="PUTIN") == [ids["assigned"], ids["anchored"]]
    assert listed(speaker="jin") == [ids["reviewing"]]
    assert listed(rating="mostly-false") == [ids["published"]]
    assert listed(rating="false") == [ids["reviewing"]]
    assert listed(rating="true") == []
    assert listed(assignee="maria") == [ids["assigned"]]
    assert listed(status="open", speaker="putin", article_id=ids["article"]) == [ids["anchored"]]


def test_listed_rows_summarise_each_claim(ledger: ClaimsLedger) -> None:
    ids = _desk(ledger)

    rows = {row.id: row for row in ledger.list_claims()}

    row = rows[ids["published"]]
    assert (row.status, row.rating, row.text) == ("published", "mostly-false", "Published claim")
    assert row.last_change == ledger.get_claim(ids["published"]).last_change
    assert (rows[ids["assigned"]].assignee, rows[ids["assigned"]].rating) == ("maria", None)
    assert rows[ids["anchored"]].article_id == ids["article"]
    assert rows[ids["reviewing"]].speaker == "Xi Jinping"


def test_listing_claims_ignores_articles_and_is_empty_on_an_empty_store(
    ledger: ClaimsLedger,
) -> None:
    assert ledger.list_claims() == []
    article(ledger)
    assert ledger.list_claims() == []


def test_listing_claims_with_an_unknown_status_or_rating_is_invalid(
    ledger: ClaimsLedger,
) -> None:
    claim(ledger)

    with pytest.raises(InvalidInput, match="status 'pending' is not one of: open, in-review"):
        ledger.list_claims(status="pending")
    with pytest.raises(InvalidInput, match="status 'Open' is not one of"):
        ledger.list_claims(status="Open")
    with pytest.raises(InvalidInput, match="rating 'pants-on-fire' is not on the default scale"):
        ledger.list_claims(rating="pants-on-fire")


def test_history_lists_every_event_in_order_with_actor_type_and_payload(
    ledger: ClaimsLedger,
) -> None:
    claim_id = claim(ledger, "Trade totaled $240 billion", quote="trade")
    ledger.assign(claim_id, "maria", by=EDITOR)
    ledger.add_evidence(
        claim_id, url="https://example.org/", quote="240.1", stance="supports", by=FACT_CHECKER
    )
    ledger.record_verdict(claim_id, rating="false", rationale="first look", by=FACT_CHECKER)
    ledger.reject_verdict(claim_id, reason="too hasty", by=EDITOR)
    ledger.record_verdict(claim_id, rating="mostly-true", rationale="rounded", by=FACT_CHECKER)
    ledger.approve_verdict(claim_id, by=EDITOR)
    ledger.publish(claim_id, by=EDITOR)
    ledger.correct(claim_id, rating="true", note="exact at that precision", by=EDITOR)
    ledger.add_note(claim_id, "reader asked", by=FACT_CHECKER)

    history = ledger.history(claim_id)

    assert [entry.version for entry in history] == list(range(1, 11))
    assert [(entry.type, entry.actor) for entry in history] == [
        ("Registered", FACT_CHECKER),
        ("Assigned", EDITOR),
        ("EvidenceAdded", FACT_CHECKER),
        ("VerdictRecorded", FACT_CHECKER),
        ("VerdictRejected", EDITOR),
        ("VerdictRecorded", FACT_CHECKER),
        ("VerdictApproved", EDITOR),
        ("Published", EDITOR),
        ("Corrected", EDITOR),
        ("NoteAdded", FACT_CHECKER),
    ]
    timestamps = [entry.timestamp for entry in history]
    assert timestamps == sorted(timestamps)
    assert history[0].payload["text"] == "Trade totaled $240 billion"
    assert history[0].payload["quote"] == "trade"
    assert history[1].payload == {"assignee": "maria"}
    assert history[2].payload["evidence_id"] == "e1"
    assert history[3].payload == {
        "rating": "false",
        "rationale": "first look",
        "previous_rating": None,
    }
    assert history[4].payload == {"reason": "too hasty"}
    assert history[5].payload["previous_rating"] == "false"
    assert history[7].payload == {"rating": "mostly-true"}
    assert history[8].payload == {
        "old_rating": "mostly-true",
        "new_rating": "true",
        "note": "exact at that precision",
    }
    assert history[9].payload == {"text": "reader asked"}
    for entry in history:
        assert not {"originator_id", "originator_version", "actor", "timestamp"} & set(
            entry.payload
        )


def test_history_payloads_are_plain_json_values(ledger: ClaimsLedger) -> None:
    source = article(ledger)
    original = claim(ledger, "Original", quote=TRADE_QUOTE, article_id=source.id)
    repeat = claim(ledger, "Repeat")
    ledger.mark_duplicate(repeat, original_id=original, by=EDITOR)

    registered = ledger.history(original)[0].as_json()
    marked = ledger.history(repeat)[1].as_json()

    assert registered["payload"]["article_id"] == str(source.id)
    assert registered["payload"]["span_start"] == ARTICLE_TEXT.index(TRADE_QUOTE)
    assert marked["type"] == "MarkedDuplicate"
    assert marked["payload"] == {"duplicate_of": str(original)}


def test_rating_scale_lists_every_rating_in_order_with_labels_and_values(
    ledger: ClaimsLedger,
) -> None:
    scale = ledger.rating_scale()

    assert (scale.name, scale.adopted_by, scale.adopted_at) == ("default", None, None)
    assert [(r.key, r.label, r.value) for r in scale.ratings] == [
        ("true", "True", 5),
        ("mostly-true", "Mostly true", 4),
        ("mixed", "Mixed", 3),
        ("mostly-false", "Mostly false", 2),
        ("false", "False", 1),
        ("misleading", "Misleading", None),
        ("unproven", "Unproven", None),
    ]


def test_queries_read_past_the_first_page_of_the_event_log(ledger: ClaimsLedger) -> None:
    article(ledger)
    ids = [claim(ledger, f"Paged claim {n}") for n in range(520)]
    for claim_id in ids:
        ledger.add_note(claim_id, "checked", by=FACT_CHECKER)

    rows = ledger.list_claims()

    assert ledger.fingerprint()[0] == 1 + 2 * 520
    assert [row.id for row in rows] == ids
    assert all(row.last_change == ledger.get_claim(row.id).last_change for row in rows[-3:])
    assert ledger.find_claim(ids[-1].hex[:8]) == ids[-1]
    assert ledger.list_claims(status="open")[-1].id == ids[-1]
