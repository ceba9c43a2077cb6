"""Projections: the read models, their exactly-once catch-up, batch rebuild and verify.

The read models live in the event store's own database (SQLite or PostgreSQL; an
in-memory SQLite database for the in-memory store) and are named and versioned
(`schema`). What the rest of the application calls:

- `catch_up(ledger)`: bring every read model up to the head of the log (called at
  the end of every write command; one query when nothing is new);
- `list_claims`, `queue_for`, `article_stats`, `claimreview_documents`,
  `factcheck_rows`: the queries the CLI renders;
- `status`, `rebuild`, `verify`: what an operator runs.

Heavy imports wait for the first call, so importing this package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from claims.projections.source import EventSource, ScaledSource

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from uuid import UUID

    from claims.projections.rebuilding import Progress, RebuildResult
    from claims.projections.verification import Verification
    from claims.projections.views import ArticleStats, ModelStatus, QueueView
    from claims.views import ClaimSummary

__all__ = [
    "article_stats",
    "catch_up",
    "claimreview_documents",
    "factcheck_rows",
    "list_claims",
    "queue_for",
    "ratings_in_use",
    "rebuild",
    "status",
    "verify",
]


def catch_up(ledger: EventSource, *, page: int | None = None) -> int:
    """Bring every read model up to the head of the event log; the events applied
    (`page`: events per transaction, default `runner.CATCH_UP_PAGE`)."""
    from claims.projections.applying import CATCH_UP_PAGE
    from claims.projections.runner import catch_up as run

    return run(ledger, page=page or CATCH_UP_PAGE)


def list_claims(
    ledger: ScaledSource,
    *,
    status: str | None = None,
    article_id: UUID | None = None,
    speaker: str | None = None,
    rating: str | None = None,
    assignee: str | None = None,
) -> list[ClaimSummary]:
    """The fact-check table in registration order, filtered (see `queries.list_claims`)."""
    from claims.projections.queries import list_claims as query

    return query(
        ledger,
        status=status,
        article_id=article_id,
        speaker=speaker,
        rating=rating,
        assignee=assignee,
    )


def queue_for(ledger: EventSource, user: str) -> QueueView:
    """The user's assigned open claims and the verdicts they may review."""
    from claims.projections.queries import queue_for as query

    return query(ledger, user)


def ratings_in_use(ledger: EventSource, *, published: bool = False) -> dict[str, int]:
    """How many claims (published ones only, with `published`) carry each rating."""
    from claims.projections.queries import ratings_in_use as query

    return query(ledger, published=published)


def article_stats(ledger: EventSource) -> list[ArticleStats]:
    """Per article: claims extracted, checked, published, ratings of the published."""
    from claims.projections.queries import article_stats as query

    return query(ledger)


def claimreview_documents(ledger: ScaledSource) -> Iterator[dict[str, Any]]:
    """ClaimReview JSON-LD per published claim (organisation from CLAIMS_ORG_*)."""
    from claims.projections.queries import claimreview_documents as query

    return query(ledger)


def factcheck_rows(ledger: EventSource) -> Iterator[tuple[Any, ...]]:
    """The fact-check table's rows for CSV (columns: `queries.CSV_COLUMNS`)."""
    from claims.projections.queries import factcheck_rows as query

    return query(ledger)


def status(ledger: EventSource) -> list[ModelStatus]:
    """Per read model: position, head, lag, versions, and whether to rebuild."""
    from claims.projections.queries import status as query

    return query(ledger)


def rebuild(
    ledger: EventSource,
    names: Sequence[str] | None = None,
    *,
    batch_size: int | None = None,
    workers: int | None = None,
    progress: Callable[[Progress], None] | None = None,
    after_batch: Callable[[int], None] | None = None,
) -> RebuildResult:
    """Rebuild read models beside the live ones and swap them in atomically
    (`workers`: processes for the first pass; default: up to 2 on big stores)."""
    from claims.projections.rebuilding import DEFAULT_BATCH
    from claims.projections.rebuilding import rebuild as run

    return run(
        ledger,
        names,
        batch_size=batch_size or DEFAULT_BATCH,
        workers=workers,
        progress=progress,
        after_batch=after_batch,
    )


def verify(ledger: EventSource, names: list[str] | None = None) -> Verification:
    """Rebuild into scratch tables and compare with the live read models."""
    from claims.projections.verification import verify as run

    return run(ledger, names)
