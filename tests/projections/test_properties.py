"""For any sequence of commands, the read models kept up incrementally equal a rebuild
from scratch, and say what the aggregates say."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.application import ClaimsLedger
from claims.errors import AlreadyRegistered, ConflictError
from claims.projections import (
    article_stats,
    catch_up,
    claimreview_documents,
    factcheck_rows,
    list_claims,
    queue_for,
    rebuild,
    verify,
)
from claims.projections.queries import CSV_COLUMNS
from claims.views import ClaimView
from domain.claim import Claim
from domain.errors import InvalidInput, NotFound, RuleViolation
from domain.ids import article_id_for, sha256_hex
from tests.projections.support import folded_claims, ledger_at, tables

USERS = ("maria", "tom", "Tom", "ana")
RATINGS = ("true", "mostly-true", "mixed", "false", "misleading", "unproven")
STANCES = ("supports", "refutes", "context")
TEXTS = tuple(f"Sentence {n} says trade rose by {n * 7} percent in {2000 + n}." for n in range(4))
ARTICLES = (" ".join(TEXTS[:3]), " ".join(TEXTS[1:]))
CLAIMS = tuple(f"Trade rose by {n * 7} percent" for n in range(4))
COMMANDS = (
    "register",
    "article",
    "appear",
    "assign",
    "evidence",
    "withdraw",
    "verdict",
    "approve",
    "reject",
    "publish",
    "correct",
    "retract",
    "dismiss",
    "reopen",
    "duplicate",
    "note",
)


@dataclass(frozen=True)
class Command:
    name: str
    claim: int
    other: int
    user: str
    rating: str
    stance: str
    catch_up: bool


commands = st.lists(
    st.builds(
        Command,
        # The workflow's main road comes up more often than the side roads.
        name=st.sampled_from(COMMANDS + ("advance",) * 8),
        claim=st.integers(0, len(CLAIMS) - 1),
        other=st.integers(0, len(CLAIMS) - 1),
        user=st.sampled_from(USERS),
        rating=st.sampled_from(RATINGS),
        stance=st.sampled_from(STANCES),
        catch_up=st.booleans(),
    ),
    min_size=10,
    max_size=40,
)
# Every script starts from a desk with two articles and three claims, so the
# generated commands act on something.
PREAMBLE = [
    Command("article", 0, 0, "maria", "true", "supports", catch_up=False),
    Command("article", 0, 1, "maria", "true", "supports", catch_up=True),
    Command("register", 0, 0, "maria", "true", "supports", catch_up=False),
    Command("register", 1, 1, "ana", "true", "supports", catch_up=False),
    Command("register", 3, 0, "tom", "true", "supports", catch_up=False),
]


class Desk:
    """Runs commands against a ledger; refusals are part of life."""

    def __init__(self, ledger: ClaimsLedger) -> None:
        self.ledger = ledger
        self.claims: dict[int, UUID] = {}
        self.articles: dict[int, UUID] = {}

    def run(self, command: Command) -> None:
        with suppress(RuleViolation, ConflictError, AlreadyRegistered, NotFound, InvalidInput):
            self._run(command)

    def _run(self, c: Command) -> None:
        ledger = self.ledger
        if c.name == "article":
            view, _ = ledger.register_article(
                title=f"Report {c.other % 2}",
                published=date(2024, 5, 1 + c.other % 2),
                text=ARTICLES[c.other % 2],
                url=None if c.other % 2 else "https://news.example.org/report",
                by=c.user,
            )
            self.articles[c.other % 2] = view.id
            return
        if c.name == "register":
            article_id = self.articles.get(c.other % 2)
            text = TEXTS[c.claim]
            in_article = article_id is not None and text in ARTICLES[c.other % 2]
            view = ledger.register_claim(
                text=CLAIMS[c.claim],
                quote=text if in_article else "a quote",
                article_id=article_id if in_article else None,
                speaker=["Vladimir Putin", None, "xi jinping"][c.other % 3],
                source_url="https://tv.example.org/clip" if c.other % 2 else None,
                by=c.user,
            )
            self.claims[c.claim] = view.id
            return
        if not self.claims:
            return
        registered = sorted(self.claims)
        claim_id = self.claims[registered[c.claim % len(registered)]]
        if c.name == "advance":  # the next step on the main road: verdict, review, publish
            view = ledger.get_claim(claim_id)
            if view.status in ("open", "rejected", "retracted"):
                ledger.record_verdict(claim_id, rating=c.rating, rationale="because", by=c.user)
            elif view.status == "in-review" and view.verdict is not None:
                other = next(
                    u for u in USERS if u.casefold() != view.verdict.recorded_by.casefold()
                )
                ledger.approve_verdict(claim_id, by=other)
            elif view.status == "approved":
                ledger.publish(claim_id, by=c.user)
            elif view.status == "published":
                ledger.correct(claim_id, rating=c.rating, note="revised", by=c.user)
        elif c.name == "appear":
            # An article not registered yet is referred to by the id its text will
            # have: a syndicated copy can be recorded before its article reaches the log.
            article_id = self.articles.get(c.other % 2) or article_id_for(
                sha256_hex(ARTICLES[c.other % 2])
            )
            aggregate: Claim = ledger.repository.get(claim_id)
            aggregate.add_appearance(
                article_id=article_id, quote=TEXTS[c.claim], span=(0, 5), speaker=None, by=c.user
            )
            ledger.save(aggregate)
        elif c.name == "assign":
            ledger.assign(claim_id, c.user, by="tom")
        elif c.name == "evidence":
            ledger.add_evidence(
                claim_id, url="https://stats.example.org", quote="q", stance=c.stance, by=c.user
            )
        elif c.name == "withdraw":
            ledger.withdraw_evidence(claim_id, f"e{c.other + 1}", reason="gone", by=c.user)
        elif c.name == "verdict":
            ledger.record_verdict(claim_id, rating=c.rating, rationale="because", by=c.user)
        elif c.name == "approve":
            ledger.approve_verdict(claim_id, by=c.user)
        elif c.name == "reject":
            ledger.reject_verdict(claim_id, reason="redo it", by=c.user)
        elif c.name == "publish":
            ledger.publish(claim_id, by=c.user)
        elif c.name == "correct":
            ledger.correct(claim_id, rating=c.rating, note="revised", by=c.user)
        elif c.name == "retract":
            ledger.retract(claim_id, reason="the source was withdrawn", by=c.user)
        elif c.name == "dismiss":
            ledger.dismiss(claim_id, reason="not worth it", by=c.user)
        elif c.name == "reopen":
            ledger.reopen(claim_id, by=c.user)
        elif c.name == "duplicate":
            original = self.claims[registered[c.other % len(registered)]]
            ledger.mark_duplicate(claim_id, original_id=original, by=c.user)
        elif c.name == "note":
            ledger.add_note(claim_id, "a note", by=c.user)


def claim_views(ledger: ClaimsLedger) -> list[ClaimView]:
    return [ledger.get_claim(row.id) for row in folded_claims(ledger)]


def expected_row(v: ClaimView) -> dict[str, object]:
    """The fact-check row of a claim, worked out from its aggregate's view."""
    active = Counter(e.stance for e in v.evidence if not e.withdrawn)
    verdict = v.verdict
    retraction = v.retraction
    return {
        "id": str(v.id),
        "version": v.version,
        "status": v.status,
        "text": v.text,
        "article_id": str(v.article_id) if v.article_id else None,
        "speaker": v.speaker,
        "source_url": v.source_url,
        "assignee": v.assignee,
        "rating": verdict.rating if verdict else None,
        "rationale": verdict.rationale if verdict else None,
        "verdict_by": verdict.recorded_by if verdict else None,
        "verdict_at": verdict.recorded_at.isoformat() if verdict else None,
        "review": verdict.review if verdict else None,
        "reviewed_by": verdict.reviewed_by if verdict else None,
        "rejection_reason": verdict.rejection_reason if verdict else None,
        "published_at": v.published_at.isoformat() if v.published_at else None,
        "published_by": v.published_by,
        "corrections": len(v.corrections),
        "corrected_at": v.corrections[-1].corrected_at.isoformat() if v.corrections else None,
        "retracted_at": retraction.retracted_at.isoformat() if retraction else None,
        "retraction_reason": retraction.reason if retraction else None,
        "evidence_supports": active["supports"],
        "evidence_refutes": active["refutes"],
        "evidence_context": active["context"],
        "evidence_withdrawn": sum(e.withdrawn for e in v.evidence),
        "notes": len(v.notes),
        "appearances": len(v.appearances),
        "dismissed_reason": v.dismissed_reason,
        "duplicate_of": str(v.duplicate_of) if v.duplicate_of else None,
        "registered_by": v.registered_by,
        "registered_at": v.registered_at.isoformat(),
        "last_change": v.last_change.isoformat(),
    }


def check_against_the_aggregates(ledger: ClaimsLedger) -> None:
    views = claim_views(ledger)
    assert list_claims(ledger) == folded_claims(ledger)
    rows = [dict(zip(CSV_COLUMNS, row, strict=True)) for row in factcheck_rows(ledger)]
    for row, view in zip(rows, views, strict=True):
        expected = expected_row(view)
        assert {k: row[k] for k in expected} == expected

    for user in ("maria", "TOM", "ana", "nobody"):
        queue = queue_for(ledger, user)
        assert [i.id for i in queue.assigned] == [
            v.id
            for v in views
            # "TOM" asks for tom's queue: names are compared in their canonical spelling.
            if v.assignee == user.casefold() and v.status in ("open", "rejected", "retracted")
        ]
        assert [i.id for i in queue.to_review] == [
            v.id
            for v in views
            if v.status == "in-review"
            and v.verdict is not None
            and v.verdict.recorded_by.casefold() != user.casefold()
        ]

    for stats in article_stats(ledger):
        appearing = [v for v in views if any(a.article_id == stats.id for a in v.appearances)]
        shown = [v for v in appearing if v.status == "published"]
        assert stats.claims == len(appearing)
        assert stats.checked == sum(v.verdict is not None for v in appearing)
        assert stats.published_claims == len(shown)
        assert stats.ratings == dict(Counter(v.verdict.rating for v in shown if v.verdict))

    documents = {d["url"].rsplit("/", 1)[1]: d for d in claimreview_documents(ledger)}
    published = {str(v.id): v for v in views if v.status == "published"}
    assert set(documents) == set(published)
    for claim_id, document in documents.items():
        view = published[claim_id]
        assert view.verdict is not None
        assert document["reviewRating"]["alternateName"] == view.verdict.rating_label
        assert document["claimReviewed"] == view.text


@contextmanager
def store(kind: str) -> Iterator[ClaimsLedger]:
    if kind == "memory":
        with ledger_at(":memory:") as ledger:
            yield ledger
        return
    with tempfile.TemporaryDirectory() as directory, ledger_at(f"{directory}/c.db") as ledger:
        yield ledger


# Events per catch-up transaction and per rebuild batch: one event's effect on a read
# model must never depend on another event being in the same page or batch.
PAGE_SIZES = (1, 2, 3, 7, None)


def run_and_check(kind: str, script: list[Command], page: int | None = 7) -> None:
    with store(kind) as ledger:
        desk = Desk(ledger)
        for command in [*PREAMBLE, *script]:
            desk.run(command)
            if command.catch_up:
                catch_up(ledger, page=page)
        catch_up(ledger, page=page)

        result = verify(ledger)
        assert result.identical, result
        check_against_the_aggregates(ledger)

        incremental = tables(ledger)
        rebuild(ledger, batch_size=page)
        assert tables(ledger) == incremental


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(script=commands, page=st.sampled_from(PAGE_SIZES))
def test_incremental_read_models_equal_a_rebuild_in_memory(
    script: list[Command], page: int | None
) -> None:
    run_and_check("memory", script, page)


@pytest.mark.parametrize("page", PAGE_SIZES, ids=lambda p: f"page {p or 'default'}")
def test_an_appearance_stored_before_its_article_counts_at_every_page_size(
    page: int | None,
) -> None:
    script = [
        Command("appear", 2, 0, "ana", "true", "supports", catch_up=True),
        Command("appear", 1, 0, "ana", "true", "supports", catch_up=False),
        Command("article", 0, 0, "maria", "true", "supports", catch_up=True),
        Command("advance", 1, 0, "ana", "true", "supports", catch_up=False),
    ]
    with store("sqlite") as ledger:
        desk = Desk(ledger)
        for command in [*PREAMBLE[2:4], *script]:  # claims first, article 0 last
            desk.run(command)
            if command.catch_up:
                catch_up(ledger, page=page)
        catch_up(ledger, page=page)
        assert verify(ledger).identical
        check_against_the_aggregates(ledger)
        [row] = [a for a in article_stats(ledger) if a.id == desk.articles[0]]
        assert (row.title, row.claims) == ("Report 0", 2)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(script=commands)
def test_incremental_read_models_equal_a_rebuild_on_sqlite(script: list[Command]) -> None:
    run_and_check("sqlite", script)


def test_a_long_fixed_scenario_holds_on_every_store(store_url: str) -> None:
    script = [
        Command(name, claim, other, user, rating, stance, catch_up=(n % 3 == 0))
        for n, (name, claim, other, user, rating, stance) in enumerate(
            [
                ("article", 0, 0, "maria", "true", "supports"),
                ("article", 0, 1, "maria", "true", "supports"),
                ("register", 0, 0, "maria", "true", "supports"),
                ("register", 1, 1, "ana", "true", "supports"),
                ("register", 2, 0, "tom", "true", "supports"),
                ("appear", 0, 1, "ana", "true", "supports"),
                ("assign", 0, 0, "ana", "true", "supports"),
                ("evidence", 0, 0, "ana", "true", "refutes"),
                ("evidence", 0, 0, "ana", "true", "supports"),
                ("withdraw", 0, 0, "ana", "true", "supports"),
                ("verdict", 0, 0, "ana", "mostly-false", "supports"),
                ("reject", 0, 0, "tom", "true", "supports"),
                ("verdict", 0, 0, "ana", "false", "supports"),
                ("approve", 0, 0, "Tom", "true", "supports"),
                ("publish", 0, 0, "tom", "true", "supports"),
                ("correct", 0, 0, "tom", "misleading", "supports"),
                ("verdict", 1, 0, "maria", "true", "supports"),
                ("duplicate", 2, 1, "tom", "true", "supports"),
                ("dismiss", 1, 0, "tom", "true", "supports"),
                ("reopen", 1, 0, "tom", "true", "supports"),
                ("note", 1, 0, "tom", "true", "supports"),
            ]
        )
    ]
    with ledger_at(store_url) as ledger:
        desk = Desk(ledger)
        for command in script:
            desk.run(command)
            if command.catch_up:
                catch_up(ledger)
        catch_up(ledger)

        assert verify(ledger).identical
        check_against_the_aggregates(ledger)
        incremental = tables(ledger)
        rebuild(ledger, batch_size=5)
        assert tables(ledger) == incremental
