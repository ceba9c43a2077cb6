"""Articles: registering them, reading them, and ingesting them with their claims."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.persistence import (
    IntegrityError,
)

from claims.views import (
    ArticleView,
    IngestResult,
)
from domain.article import Article

if TYPE_CHECKING:
    from claims.extraction import ParsedArticle

from claims.ledger.core import LedgerCore, one_command


class ArticleDesk(LedgerCore):
    """Articles in, and the claims they make (see `claims.ledger.ingesting`)."""

    @one_command
    def register_article(
        self, *, title: str, published: date, text: str, url: str | None, by: str
    ) -> tuple[ArticleView, bool]:
        """Store an article; returns its view and whether it was new."""
        article = Article.register(title=title, published=published, text=text, url=url, by=by)
        try:
            self.save(article)
        except IntegrityError:
            return self.get_article(article.id), False
        return ArticleView.of(article), True

    def get_article(self, article_id: UUID) -> ArticleView:
        return ArticleView.of(self._load(Article, article_id, "article"))

    def find_article(self, id_or_prefix: str) -> UUID:
        return self._resolve(id_or_prefix, Article.Registered, "article")

    @one_command
    def ingest(
        self,
        articles: Sequence[ParsedArticle],
        *,
        by: str,
        min_score: float,
        url: str | None = None,
        published: date | None = None,
        on_article: Callable[[], None] | None = None,
    ) -> list[IngestResult]:
        """Register articles and their check-worthy claims; a claim already known from
        another article gets an appearance instead. Re-ingesting an article adds nothing."""
        from claims.ledger.ingesting import IngestOptions, ingest_articles

        options = IngestOptions(by=by, min_score=min_score, url=url, published=published)
        # One catch-up at the end instead of one per batch: the read models see the
        # same events, in fewer, larger transactions.
        catching_up, self.catch_up_on_save = self.catch_up_on_save, False
        try:
            results = ingest_articles(self, articles, options, on_article=on_article)
        finally:
            self.catch_up_on_save = catching_up
        if catching_up:
            self._catch_up_read_models()
        return results

    def article_text(self, article_id: UUID) -> str:
        return self._load(Article, article_id, "article").text
