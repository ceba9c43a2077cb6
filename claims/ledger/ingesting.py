"""Ingestion: articles in, their check-worthy claims registered or their appearances added.

Articles are committed in batches (one transaction per batch, each batch atomic),
because one commit per article spends most of ingest time waiting on the disk. A
batch that collides with a concurrent writer is redone one article per transaction
on fresh loads, so nothing is lost and nothing is registered twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from claims.errors import ConflictError
from claims.views import IngestArticleView, IngestedClaimView, IngestResult, SimilarClaimView
from domain.article import Article
from domain.claim import Claim
from domain.errors import InvalidInput
from domain.ids import claim_id_for

if TYPE_CHECKING:
    from claims.extraction import ParsedArticle
    from claims.ledger.core import LedgerCore
    from claims.similar import SimilarityIndex

ARTICLES_PER_BATCH = 25


@dataclass(frozen=True)
class IngestOptions:
    by: str
    min_score: float
    url: str | None = None
    published: date | None = None


# Aggregates kept between batches of one run: a claim syndicated across many articles
# is loaded once, not once per batch. A stale one (a colleague wrote meanwhile) fails
# its append on the version number, and the batch is redone on fresh loads.
CACHE_LIMIT = 20_000


@dataclass
class _Candidates:
    """Known claims a new one may duplicate. The index is read from the factcheck read
    model once per run, when the first new claim needs it, and grows with the run's own
    new claims (so two articles of one upload find each other)."""

    ledger: LedgerCore
    index: SimilarityIndex | None = None

    def of(self, claim_id: UUID, text: str) -> list[SimilarClaimView]:
        if self.index is None:
            from claims.similar import index_of

            self.index = index_of(self.ledger)
        found = self.index.candidates(text, exclude=str(claim_id))
        self.index.add(str(claim_id), "open", text)
        return found


@dataclass
class _Batch:
    """Aggregates changed by the articles of one batch, not yet saved."""

    ledger: LedgerCore
    cache: dict[UUID, Any] = field(default_factory=dict)
    pending: dict[UUID, Any] = field(default_factory=dict)
    candidates: _Candidates | None = None

    def similar(self, claim_id: UUID, text: str) -> list[SimilarClaimView]:
        if self.candidates is None:
            self.candidates = _Candidates(self.ledger)
        return self.candidates.of(claim_id, text)

    def load(self, aggregate_id: UUID) -> Any:
        found = self.pending.get(aggregate_id) or self.cache.get(aggregate_id)
        if found is None:
            try:
                found = self.ledger.repository.get(aggregate_id)
            except AggregateNotFoundError:
                return None
        return found

    def commit(self) -> None:
        if self.pending:
            # Articles first: in the log, an article is registered before any
            # claim's appearance in it refers to it.
            aggregates = sorted(self.pending.values(), key=lambda a: not isinstance(a, Article))
            self.ledger.save(*aggregates)
        if len(self.cache) + len(self.pending) > CACHE_LIMIT:
            self.cache.clear()
        self.cache.update(self.pending)
        self.pending.clear()


def ingest_articles(
    ledger: LedgerCore,
    articles: Sequence[ParsedArticle],
    options: IngestOptions,
    *,
    on_article: Callable[[], None] | None = None,
) -> list[IngestResult]:
    """Ingest every article; returns, per article, its record and the claims it yielded."""
    for parsed in articles:  # refuse a bad article before any batch is committed
        _article_of(parsed, options)
    results: list[IngestResult] = []
    cache: dict[UUID, Any] = {}
    candidates = _Candidates(ledger)
    start = 0
    while start < len(articles):
        chunk = articles[start : start + ARTICLES_PER_BATCH]
        results.extend(_ingest_chunk(ledger, chunk, options, cache, candidates))
        for _ in chunk:
            if on_article is not None:
                on_article()
        start += len(chunk)
    return results


def _ingest_chunk(
    ledger: LedgerCore,
    chunk: Sequence[ParsedArticle],
    options: IngestOptions,
    cache: dict[UUID, Any],
    candidates: _Candidates,
) -> list[IngestResult]:
    batch = _Batch(ledger, cache, candidates=candidates)
    results = [_stage(batch, parsed, options) for parsed in chunk]
    try:
        batch.commit()
    except IntegrityError:
        cache.clear()  # something in it is stale: reload everything from the store
        return [_ingest_alone(ledger, parsed, options, candidates) for parsed in chunk]
    return results


def _ingest_alone(
    ledger: LedgerCore, parsed: ParsedArticle, options: IngestOptions, candidates: _Candidates
) -> IngestResult:
    for attempt in range(ledger.max_attempts):
        batch = _Batch(ledger, candidates=candidates)
        result = _stage(batch, parsed, options)
        try:
            batch.commit()
        except IntegrityError:
            ledger.back_off(attempt)
            continue
        return result
    msg = f"article {parsed.title!r} kept colliding with concurrent writers; try again"
    raise ConflictError(msg)


def _stage(batch: _Batch, parsed: ParsedArticle, options: IngestOptions) -> IngestResult:
    """Decide what one article adds, into the batch's pending aggregates."""
    from claims.extraction import extract_claims

    article = _article_of(parsed, options)
    existing = batch.load(article.id)
    if existing is not None:
        return IngestResult(
            article=IngestArticleView.of(existing), already_ingested=True, claims=[]
        )
    published = article.published
    batch.pending[article.id] = article
    claims: list[IngestedClaimView] = []
    seen: set[UUID] = set()
    for extracted in extract_claims(parsed.text, published=published, min_score=options.min_score):
        claim_id = claim_id_for(extracted.text)
        if claim_id in seen:  # the article repeats itself: one appearance is enough
            continue
        seen.add(claim_id)
        claim = batch.load(claim_id)
        if claim is None:
            claim = Claim.register(
                text=extracted.text,
                quote=extracted.quote,
                article_id=article.id,
                span=extracted.span,
                speaker=extracted.speaker,
                checkworthiness=extracted.checkworthiness,
                features=extracted.features,
                by=options.by,
            )
            new = True
            similar = batch.similar(claim.id, claim.text)
        else:
            claim = _appear(batch, claim, article.id, extracted, options.by)
            new = False
            similar = []
        batch.pending[claim.id] = claim
        claims.append(
            IngestedClaimView(
                id=claim.id,
                text=claim.text,
                quote=extracted.quote,
                span=extracted.span,
                speaker=extracted.speaker,
                checkworthiness=extracted.checkworthiness,
                features=list(extracted.features),
                new=new,
                contributions=dict(extracted.contributions),
                similar=similar,
            )
        )
    return IngestResult(
        article=IngestArticleView.of(article), already_ingested=False, claims=claims
    )


def _article_of(parsed: ParsedArticle, options: IngestOptions) -> Article:
    """The Article the parsed text becomes: validated, not stored."""
    published = options.published or parsed.published
    if published is None:
        msg = f"article {parsed.title!r} has no publication date: pass --published YYYY-MM-DD"
        raise InvalidInput(msg)
    return Article.register(
        title=parsed.title,
        published=published,
        text=parsed.text,
        url=options.url or parsed.url,
        by=options.by,
    )


def _appear(batch: _Batch, claim: Claim, article_id: UUID, extracted: Any, by: str) -> Claim:
    """Record a known claim's new appearance, on the original if it is a duplicate.

    A dismissed claim takes no appearance (only 'reopen' applies to it); the result
    still names it, so the desk sees the claim came up again.
    """
    if claim.duplicate_of is not None:
        original = batch.load(claim.duplicate_of)
        if original is not None:
            claim = original
    if claim.is_closed or article_id in claim.appeared_in:
        return claim
    claim.add_appearance(
        article_id=article_id,
        quote=extracted.quote,
        span=extracted.span,
        speaker=extracted.speaker,
        by=by,
    )
    return claim
