"""Ingestion: articles in, one claim per check-worthy sentence, appearances for known claims."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from claims.application import ClaimsLedger
from claims.extraction import DEFAULT_MIN_SCORE, ExtractedClaim, ParsedArticle, extract_claims
from claims.storage.location import locate_store
from claims.views import IngestResult
from domain.errors import InvalidInput
from domain.ids import article_id_for, claim_id_for, sha256_hex
from tests.application.support import EDITOR, FACT_CHECKER, ledger_at
from tests.seed_expectations import SEED, SEED_CLAIMS

# Sentences the extractor keeps at the default threshold, each its own claim.
TRADE = "Trade between the two countries totaled $240 billion in 2023."
JOBS = "Unemployment in the region rose to 7.2% in March, according to official figures."
BUDGET = "The city council approved a budget of $12 million for road repairs in 2024."
CALM = "Markets were calm on Monday."


def factory(number: int) -> str:
    """A check-worthy sentence of its own for each number."""
    return f"The factory in Town {number} produced {1000 + number} cars in 2023, the company said."


def parsed(
    title: str,
    *sentences: str,
    published: date | None = date(2024, 5, 16),
    url: str | None = None,
) -> ParsedArticle:
    return ParsedArticle(title=title, published=published, url=url, text="\n\n".join(sentences))


def ingest(
    ledger: ClaimsLedger, articles: Sequence[ParsedArticle], **options: Any
) -> list[IngestResult]:
    return ledger.ingest(articles, by=FACT_CHECKER, min_score=DEFAULT_MIN_SCORE, **options)


def extracted(article: ParsedArticle) -> list[ExtractedClaim]:
    """What the extractor finds in the article, one entry per distinct claim."""
    found: dict[UUID, ExtractedClaim] = {}
    for claim in extract_claims(article.text, published=article.published):
        found.setdefault(claim_id_for(claim.text), claim)
    return list(found.values())


def id_of(sentence: str, article: ParsedArticle) -> UUID:
    [claim] = [c for c in extracted(article) if c.quote == sentence]
    return claim_id_for(claim.text)


def appearing_in(ledger: ClaimsLedger, claim_id: UUID) -> list[UUID]:
    return [a.article_id for a in ledger.get_claim(claim_id).appearances]


# --- one article ---------------------------------------------------------------------------


def test_ingesting_the_seed_registers_the_article_and_one_claim_per_extracted_sentence(
    ledger: ClaimsLedger,
) -> None:
    [result] = ingest(ledger, [SEED])

    article_id = article_id_for(sha256_hex(SEED.text))
    assert result.already_ingested is False
    assert result.article.id == article_id
    assert (result.article.title, result.article.published, result.article.url) == (
        "Putin to meet with Xi in China",
        date(2024, 5, 16),
        None,
    )
    assert result.article.sha256 == sha256_hex(SEED.text)
    stored = ledger.get_article(article_id)
    assert (stored.title, stored.published, stored.registered_by) == (
        "Putin to meet with Xi in China",
        date(2024, 5, 16),
        FACT_CHECKER,
    )
    assert ledger.article_text(article_id) == SEED.text

    assert [c.id for c in result.claims] == [claim_id_for(c.text) for c in SEED_CLAIMS]
    assert all(c.new for c in result.claims)
    for reported, expected in zip(result.claims, SEED_CLAIMS, strict=True):
        assert (reported.quote, reported.span, reported.speaker) == (
            expected.quote,
            expected.span,
            expected.speaker,
        )
        assert reported.checkworthiness == expected.checkworthiness
        assert reported.features == list(expected.features)

        claim = ledger.get_claim(reported.id)
        assert claim.status == "open"
        assert claim.text == reported.text
        assert claim.span is not None
        assert SEED.text[claim.span[0] : claim.span[1]] == claim.quote == expected.quote
        assert (claim.article_id, claim.speaker) == (article_id, expected.speaker)
        assert claim.checkworthiness == expected.checkworthiness
        assert claim.features == list(expected.features)
        assert claim.registered_by == FACT_CHECKER
        [appearance] = claim.appearances
        assert (appearance.article_id, appearance.quote, appearance.span, appearance.speaker) == (
            article_id,
            expected.quote,
            expected.span,
            expected.speaker,
        )
    assert [row.id for row in ledger.list_claims(article_id=article_id)] == [
        c.id for c in result.claims
    ]
    assert ledger.fingerprint()[0] == 1 + len(SEED_CLAIMS)


def test_ingesting_the_same_article_again_adds_nothing(ledger: ClaimsLedger) -> None:
    [first] = ingest(ledger, [SEED])
    before = ledger.fingerprint()

    [again] = ingest(ledger, [SEED])

    assert ledger.fingerprint() == before
    assert again.already_ingested is True
    assert again.article == first.article
    assert again.claims == []


def test_the_same_article_twice_in_one_call_is_registered_once(ledger: ClaimsLedger) -> None:
    article = parsed("Trade", TRADE, JOBS)

    first, second = ingest(ledger, [article, article])

    assert (first.already_ingested, second.already_ingested) == (False, True)
    assert second.article == first.article
    assert second.claims == []
    assert ledger.fingerprint()[0] == 3


def test_an_article_repeating_a_sentence_yields_one_claim_with_one_appearance(
    ledger: ClaimsLedger,
) -> None:
    article = parsed("Jobs", JOBS, JOBS)

    [result] = ingest(ledger, [article])

    [reported] = result.claims
    assert reported.new is True
    assert reported.span == (0, len(JOBS))
    claim = ledger.get_claim(reported.id)
    assert [(a.article_id, a.span) for a in claim.appearances] == [
        (result.article.id, (0, len(JOBS)))
    ]
    assert len(ledger.list_claims()) == 1
    assert ledger.fingerprint()[0] == 2


# --- a claim that comes up again -------------------------------------------------------------


def test_a_known_claim_in_a_different_article_becomes_an_appearance_not_a_second_claim(
    ledger: ClaimsLedger,
) -> None:
    first_article = parsed("Trade and jobs", TRADE, JOBS)
    second_article = parsed("Jobs and budget", CALM, JOBS, BUDGET, published=date(2024, 5, 20))
    [first] = ingest(ledger, [first_article])
    jobs = id_of(JOBS, first_article)

    [second] = ingest(ledger, [second_article])

    assert second.already_ingested is False
    assert [(c.id, c.new) for c in second.claims] == [
        (jobs, False),
        (id_of(BUDGET, second_article), True),
    ]
    known = second.claims[0]
    assert second_article.text[known.span[0] : known.span[1]] == known.quote == JOBS
    claim = ledger.get_claim(jobs)
    assert claim.article_id == first.article.id
    assert [(a.article_id, a.quote, a.span) for a in claim.appearances] == [
        (first.article.id, JOBS, first.claims[1].span),
        (second.article.id, JOBS, known.span),
    ]
    assert [a.added_by for a in claim.appearances] == [FACT_CHECKER, FACT_CHECKER]
    assert claim.version == 2
    assert len(ledger.list_claims()) == 3
    assert [e.type for e in ledger.history(jobs)] == ["Registered", "AppearanceAdded"]


def test_a_claim_dismissed_before_it_appears_again_is_reported_but_takes_no_appearance(
    ledger: ClaimsLedger,
) -> None:
    first_article = parsed("Trade and jobs", TRADE, JOBS)
    [first] = ingest(ledger, [first_article])
    jobs = id_of(JOBS, first_article)
    ledger.dismiss(jobs, reason="not check-worthy", by=EDITOR)
    before = ledger.get_claim(jobs)

    article = parsed("Jobs again", CALM, JOBS, BUDGET)

    [second] = ingest(ledger, [article])

    assert [(c.id, c.new) for c in second.claims] == [(jobs, False), (id_of(BUDGET, article), True)]
    after = ledger.get_claim(jobs)
    assert after.status == "dismissed"
    assert after.version == before.version == 2
    assert [a.article_id for a in after.appearances] == [first.article.id]


def test_a_claim_marked_duplicate_gives_its_new_appearance_to_the_original(
    ledger: ClaimsLedger,
) -> None:
    first_article = parsed("Trade and jobs", TRADE, JOBS)
    [first] = ingest(ledger, [first_article])
    trade, jobs = id_of(TRADE, first_article), id_of(JOBS, first_article)
    ledger.mark_duplicate(jobs, original_id=trade, by=EDITOR)
    second_article = parsed("Jobs again", CALM, JOBS)

    [second] = ingest(ledger, [second_article])

    [reported] = second.claims
    assert (reported.id, reported.new) == (trade, False)
    original = ledger.get_claim(trade)
    assert [(a.article_id, a.quote) for a in original.appearances] == [
        (first.article.id, TRADE),
        (second.article.id, JOBS),
    ]
    span = original.appearances[1].span
    assert second_article.text[span[0] : span[1]] == JOBS
    duplicate = ledger.get_claim(jobs)
    assert duplicate.status == "duplicate"
    assert [a.article_id for a in duplicate.appearances] == [first.article.id]
    assert len(ledger.list_claims()) == 2


# --- dates and overrides ---------------------------------------------------------------------


def test_an_article_without_a_date_and_no_override_is_invalid_and_stores_nothing(
    ledger: ClaimsLedger,
) -> None:
    dated = parsed("Dated", TRADE)
    undated = parsed("Undated", JOBS, published=None)

    with pytest.raises(InvalidInput, match="article 'Undated' has no publication date"):
        ingest(ledger, [dated, undated])

    assert ledger.fingerprint() == (0, 0)
    assert ledger.list_claims() == []


def test_the_published_and_url_overrides_replace_what_the_article_says(
    ledger: ClaimsLedger,
) -> None:
    article = parsed("Trade", TRADE, url="https://example.org/original")

    [result] = ingest(
        ledger, [article], published=date(2024, 6, 1), url="https://example.org/override"
    )

    assert (result.article.published, result.article.url) == (
        date(2024, 6, 1),
        "https://example.org/override",
    )
    stored = ledger.get_article(result.article.id)
    assert (stored.published, stored.url) == (date(2024, 6, 1), "https://example.org/override")


def test_the_published_override_dates_an_article_that_has_no_date(ledger: ClaimsLedger) -> None:
    [result] = ingest(
        ledger, [parsed("Undated", TRADE, published=None)], published=date(2024, 1, 2)
    )

    assert result.article.published == date(2024, 1, 2)
    assert result.article.url is None
    assert [c.new for c in result.claims] == [True]


# --- many articles ---------------------------------------------------------------------------


def test_sixty_articles_are_all_stored_across_batches_with_their_results_in_order(
    ledger: ClaimsLedger,
) -> None:
    articles = [
        parsed(f"Variant {n}", factory(n), TRADE, published=date(2024, 1, 1 + n % 28))
        for n in range(60)
    ]
    calls: list[int] = []

    results = ingest(ledger, articles, on_article=lambda: calls.append(1))

    assert len(calls) == 60
    assert [r.article.title for r in results] == [f"Variant {n}" for n in range(60)]
    assert [r.article.id for r in results] == [article_id_for(sha256_hex(a.text)) for a in articles]
    assert not any(r.already_ingested for r in results)
    trade = id_of(TRADE, articles[0])
    for n, result in enumerate(results):
        own, shared = result.claims
        assert (own.id, own.new) == (id_of(factory(n), articles[n]), True)
        assert (shared.id, shared.new) == (trade, n == 0)
        assert ledger.get_article(result.article.id).title == f"Variant {n}"
    assert appearing_in(ledger, trade) == [r.article.id for r in results]
    assert len(ledger.list_claims()) == 61
    # 60 articles, 60 claims of their own, the shared claim and its 59 appearances.
    assert ledger.fingerprint()[0] == 180
    assert ledger.verify_store().first_break is None


# --- colleagues ingesting at the same time ---------------------------------------------------


class ColleagueFirstLedger(ClaimsLedger):
    """A real ledger whose first save lets a colleague's ingest go first.

    The colleague commits between this ledger's staging of a batch and its save,
    so the batch collides and is redone article by article.
    """

    name = ClaimsLedger.name  # the same tables as every other ledger

    def __init__(self, url: str, colleague_action: Callable[[], object]) -> None:
        super().__init__(locate_store(url))
        self.colleague_action: Callable[[], object] | None = colleague_action
        self.saves = 0

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        self.saves += 1
        action, self.colleague_action = self.colleague_action, None
        if action is not None:
            action()
        return super().save(*objs, **kwargs)


def test_a_batch_that_collides_with_a_colleague_is_redone_without_losing_or_doubling(
    shared_url: str,
) -> None:
    overlapping = parsed("Jobs and budget", JOBS, BUDGET)
    mine = [parsed("Trade and jobs", TRADE, JOBS), overlapping]
    theirs = [parsed("Jobs", CALM, JOBS), overlapping]
    with ledger_at(shared_url) as colleague:
        colleague_results: list[IngestResult] = []
        ledger = ColleagueFirstLedger(
            shared_url, lambda: colleague_results.extend(ingest(colleague, theirs))
        )
        try:
            my_results = ingest(ledger, mine)
        finally:
            ledger.close()

        # The batch's save collided; redone alone, the first article saves again and the
        # second, registered by the colleague meanwhile, has nothing left to save.
        assert ledger.saves == 2
        assert [r.already_ingested for r in colleague_results] == [False, False]
        assert [r.already_ingested for r in my_results] == [False, True]
        assert [(c.id, c.new) for c in my_results[0].claims] == [
            (id_of(TRADE, mine[0]), True),
            (id_of(JOBS, mine[0]), False),
        ]
        jobs = id_of(JOBS, mine[0])
        assert appearing_in(colleague, jobs) == [
            colleague_results[0].article.id,
            colleague_results[1].article.id,
            my_results[0].article.id,
        ]
        assert len(colleague.list_claims()) == 3
        assert colleague.verify_store().first_break is None


def test_two_ledgers_ingesting_overlapping_articles_at_once_lose_nothing(
    shared_url: str,
) -> None:
    # Article n mentions claims n and n + 1, so neighbouring articles share a claim.
    articles = [parsed(f"Report {n}", CALM, factory(n), factory(n + 1)) for n in range(40)]
    # Two desks splitting a backlog from either end, meeting on articles 10 to 29.
    batches = [articles[:30], articles[10:][::-1]]
    start = threading.Barrier(2)

    def run(batch: list[ParsedArticle]) -> list[IngestResult]:
        with ledger_at(shared_url) as mine:
            start.wait(timeout=30)
            return ingest(mine, batch)

    with ledger_at(shared_url):  # creates the tables before the race
        pass
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = [f.result(timeout=120) for f in [pool.submit(run, b) for b in batches]]

    registered: dict[UUID, int] = {}
    for results in outcomes:
        for result in results:
            if not result.already_ingested:
                registered[result.article.id] = registered.get(result.article.id, 0) + 1
    assert registered == {article_id_for(sha256_hex(a.text)): 1 for a in articles}

    containing: dict[UUID, set[UUID]] = {}
    for article in articles:
        for claim in extracted(article):
            containing.setdefault(claim_id_for(claim.text), set()).add(
                article_id_for(sha256_hex(article.text))
            )
    assert len(containing) == 41
    with ledger_at(shared_url) as reader:
        assert sorted(row.id for row in reader.list_claims()) == sorted(containing)
        for claim_id, article_ids in containing.items():
            appearances = appearing_in(reader, claim_id)
            assert len(appearances) == len(set(appearances)), claim_id
            assert set(appearances) == article_ids, claim_id
        appearance_count = sum(len(ids) for ids in containing.values())
        assert reader.fingerprint()[0] == 40 + appearance_count
        assert reader.verify_store().first_break is None


# --- pinned after review ------------------------------------------------------------------


def test_a_bad_article_after_the_first_batch_stores_nothing_at_all(ledger: ClaimsLedger) -> None:
    good = [parsed(f"Report {n}", factory(n)) for n in range(30)]
    undated = parsed("Undated", factory(99), published=None)
    before = ledger.fingerprint()

    with pytest.raises(InvalidInput, match="no publication date"):
        ingest(ledger, [*good, undated])

    assert ledger.fingerprint() == before


def test_two_ledgers_ingesting_articles_that_share_claims_both_finish(
    sqlite_url: str,
) -> None:
    shared = [parsed(f"Shared {n}", JOBS, BUDGET, factory(n)) for n in range(40)]
    with ledger_at(sqlite_url) as setup:
        setup.fingerprint()  # the schema exists before the race starts

    def run(articles: Sequence[ParsedArticle]) -> list[IngestResult]:
        with ledger_at(sqlite_url) as mine:
            return ingest(mine, articles)

    with ThreadPoolExecutor(max_workers=2) as pool:
        forward = pool.submit(run, shared)
        same_order = pool.submit(run, shared)
        results = [forward.result(), same_order.result()]

    with ledger_at(sqlite_url) as check:
        jobs = id_of(JOBS, shared[0])
        assert sorted(appearing_in(check, jobs)) == sorted(
            article_id_for(sha256_hex(a.text)) for a in shared
        )
    assert all(len(r) == 40 for r in results)


def test_an_article_is_stored_before_the_appearances_that_refer_to_it(store_url: str) -> None:
    from claims.activity import ActivityFilter

    with ledger_at(store_url) as ledger:
        ingest(ledger, [parsed("First", TRADE, JOBS)])
        syndicated = [parsed(f"Copy {n}", factory(n), TRADE, JOBS) for n in range(6)]
        ingest(ledger, syndicated)
        registered: dict[UUID, int] = {}
        appearances = 0
        for entry in ledger.activity(ActivityFilter()):
            if entry.aggregate == "article":
                registered[entry.aggregate_id] = entry.position
            elif entry.type == "AppearanceAdded":
                appearances += 1
                article_id = UUID(str(entry.payload["article_id"]))
                assert registered.get(article_id, entry.position) < entry.position
        assert appearances == 12


@pytest.mark.parametrize("page", [1, 2, 3, 7])
def test_syndicated_articles_keep_their_counts_whatever_the_catch_up_page(
    store_url: str, page: int
) -> None:
    from claims.projections import article_stats, catch_up, verify

    with ledger_at(store_url) as ledger:
        ledger.catch_up_on_save = False
        ingest(ledger, [parsed("First", TRADE, JOBS)])
        catch_up(ledger, page=page)
        ingest(ledger, [parsed(f"Copy {n}", factory(n), TRADE, JOBS) for n in range(4)])
        catch_up(ledger, page=page)
        assert verify(ledger, ["articles"]).identical
        counts = sorted(stats.claims for stats in article_stats(ledger))
        assert counts == [2, 3, 3, 3, 3]
