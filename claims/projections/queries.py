"""What the CLI reads: the read models' views, as they stand.

A query never writes (a SELECT-only role runs every one): `freshness.readable`
refuses with `ProjectionStale` if a model it reads must be rebuilt, says how far
the models are behind the log (after an optional wait), and the query then reads
the view `rm_<table>`, which always shows the live generation in full. Writers
and followers bring the models up to date, never a read.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from uuid import UUID

import orjson

from claims.projections.applying import current, live_group, read_with_head
from claims.projections.claimreview import Organisation, compose
from claims.projections.context import Context, context_of, model
from claims.projections.follower import followed
from claims.projections.freshness import lag_of, readable
from claims.projections.schema import ARTICLE_STATS, BASE, CLAIMREVIEW, CLAIMS, MODELS, QUEUE
from claims.projections.source import EventSource, ScaledSource
from claims.projections.tracking import Tracked
from claims.projections.views import ArticleStats, ModelStatus, QueueItem, QueueView
from claims.views import ClaimSummary
from domain.errors import InvalidInput
from domain.names import member_name
from domain.ratings import RatingScale
from domain.standing import ClaimStatus

_STATUSES = tuple(status.value for status in ClaimStatus)
_PAGE = 2_000
# The columns `claims export csv` writes, in order.
CSV_COLUMNS = tuple(n for n in CLAIMS.public_names if n != "speaker_key")


def _scale_of(ledger: ScaledSource) -> RatingScale:
    """The rating scale in force in the ledger's store."""
    return ledger.scale


def ratings_in_use(ledger: EventSource, *, published: bool = False) -> dict[str, int]:
    """How many claims carry each rating as their current verdict's (only the
    published ones with `published`)."""
    ctx = readable(ledger, BASE)
    if ctx is None:
        return {}
    only = "AND status = 'published' " if published else ""
    with ctx.dialect.transaction(lock=False) as cur:
        cur.execute(
            f"SELECT rating, COUNT(*) FROM {CLAIMS.view} "  # noqa: S608
            f"WHERE rating IS NOT NULL {only}GROUP BY rating ORDER BY rating"
        )
        return {str(rating): int(count) for rating, count in cur.fetchall()}


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def list_claims(
    ledger: ScaledSource,
    *,
    status: str | None = None,
    article_id: UUID | None = None,
    speaker: str | None = None,
    rating: str | None = None,
    assignee: str | None = None,
) -> list[ClaimSummary]:
    """The fact-check table in registration order, filtered: status, the article a
    claim was registered from, a case-insensitive part of the speaker's name, the
    current rating, the assignee. Reads the read model as it stands."""
    if rating is not None:
        _scale_of(ledger).get(rating)
    if status is not None and status not in _STATUSES:
        msg = f"status {status!r} is not one of: {', '.join(_STATUSES)}"
        raise InvalidInput(msg)
    if assignee is not None:
        assignee = member_name(assignee)
    ctx = readable(ledger, BASE)
    if ctx is None:
        return []
    p = ctx.dialect.param
    where: list[str] = []
    params: list[Any] = []
    for column, value in (
        ("status", status),
        ("article_id", str(article_id) if article_id else None),
        ("rating", rating),
        ("assignee", assignee),
    ):
        if value is not None:
            where.append(f"{column} = {p}")
            params.append(value)
    if speaker:
        where.append(ctx.dialect.contains("speaker_key"))
        params.append(speaker.casefold())
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    statement = (
        "SELECT id, status, rating, speaker, assignee, article_id, text, last_change "  # noqa: S608
        f"FROM {CLAIMS.view}{clause} ORDER BY position"
    )
    with ctx.dialect.transaction(lock=False) as cur:
        cur.execute(statement, params)
        rows = cur.fetchall()
    return [
        ClaimSummary(
            id=UUID(r[0]),
            status=r[1],
            rating=r[2],
            speaker=r[3],
            assignee=r[4],
            article_id=UUID(r[5]) if r[5] else None,
            text=r[6],
            last_change=datetime.fromisoformat(r[7]),
        )
        for r in rows
    ]


def queue_for(ledger: EventSource, user: str) -> QueueView:
    """The user's claims that need a verdict from them, and the verdicts awaiting
    review that they did not record (the four-eyes rule)."""
    user = member_name(user)
    ctx = readable(ledger, BASE, "queue")
    if ctx is None:
        return QueueView(user=user, assigned=[], to_review=[])
    p = ctx.dialect.param
    columns = "id, status, rating, assignee, verdict_by, text, last_change"
    with ctx.dialect.transaction(lock=False) as cur:
        cur.execute(
            f"SELECT {columns} FROM {QUEUE.view} "  # noqa: S608
            f"WHERE needs_work = 1 AND assignee = {p} ORDER BY position",
            (user,),
        )
        assigned = cur.fetchall()
        cur.execute(
            f"SELECT {columns} FROM {QUEUE.view} WHERE awaiting_review = 1 "  # noqa: S608
            f"AND (verdict_by_key IS NULL OR verdict_by_key <> {p}) ORDER BY position",
            (user,),
        )
        to_review = cur.fetchall()
    return QueueView(
        user=user,
        assigned=[_queue_item(r) for r in assigned],
        to_review=[_queue_item(r) for r in to_review],
    )


def _queue_item(r: tuple[Any, ...]) -> QueueItem:
    return QueueItem(
        id=UUID(r[0]),
        status=r[1],
        rating=r[2],
        assignee=r[3],
        verdict_by=r[4],
        text=r[5],
        last_change=datetime.fromisoformat(r[6]),
    )


def article_stats(ledger: EventSource) -> list[ArticleStats]:
    """Per article, in registration order: claims, checked, published, ratings."""
    ctx = readable(ledger, BASE, "articles")
    if ctx is None:
        return []
    with ctx.dialect.transaction(lock=False) as cur:
        cur.execute(
            "SELECT id, title, url, published_on, registered_at, claims, checked, "  # noqa: S608
            f"published, ratings FROM {ARTICLE_STATS.view} ORDER BY position"
        )
        rows = cur.fetchall()
    return [
        ArticleStats(
            id=UUID(r[0]),
            title=r[1],
            url=r[2],
            published=date.fromisoformat(r[3]) if r[3] else None,
            registered_at=_moment(r[4]),
            claims=r[5],
            checked=r[6],
            published_claims=r[7],
            ratings=orjson.loads(r[8]) if r[8] else {},
        )
        for r in rows
    ]


def claimreview_documents(
    ledger: ScaledSource, org: Organisation | None = None
) -> Iterator[dict[str, Any]]:
    """The ClaimReview JSON-LD of every published claim, in registration order,
    current after corrections; read a page at a time."""
    ctx = readable(ledger, BASE, "claimreview")
    if ctx is None:
        return
    publisher = org or Organisation.from_env()
    scale = _scale_of(ledger)
    for _, claim_id, rating, document in _by_position(
        ctx, CLAIMREVIEW.view, "id, rating, document"
    ):
        yield compose(claim_id, rating, orjson.loads(document), publisher, scale)


def factcheck_rows(ledger: EventSource) -> Iterator[tuple[Any, ...]]:
    """The fact-check table's rows (`CSV_COLUMNS`), in registration order, a page at a time."""
    ctx = readable(ledger, BASE)
    if ctx is None:
        return
    for row in _by_position(ctx, CLAIMS.view, ", ".join(CSV_COLUMNS)):
        yield tuple(row[1:])


def _by_position(ctx: Context, view: str, columns: str) -> Iterator[tuple[Any, ...]]:
    """(position, *columns) of every row of a read model's view in registration order,
    a page per short read transaction (keyset paging: no OFFSET, no long snapshot)."""
    p = ctx.dialect.param
    after = -1
    while True:
        with ctx.dialect.transaction(lock=False) as cur:
            cur.execute(
                f"SELECT position, {columns} FROM {view} "  # noqa: S608
                f"WHERE position > {p} ORDER BY position LIMIT {_PAGE}",
                (after,),
            )
            rows = cur.fetchall()
        yield from rows
        if len(rows) < _PAGE:
            return
        after = rows[-1][0]


def status(ledger: EventSource) -> list[ModelStatus]:
    """Per read model: live version and position, the head of the log, the lag, and
    whether (and why) it must be rebuilt. Reads only; catches nothing up."""
    ctx = context_of(ledger, create=False)
    tracked_yet = ctx.tracked()
    with ctx.dialect.transaction(lock=False) as cur:
        if tracked_yet:
            states, head = read_with_head(ctx, cur)
        else:  # nothing was written through this code yet: every model unbuilt
            states = {m.name: Tracked(m.name, None, 0, 0, None, None, None, None) for m in MODELS}
            head = ctx.dialect.head(cur)
        lags = {name: lag_of(ctx, cur, tracked.position, head) for name, tracked in states.items()}
    led = followed(ledger)
    group = live_group(states)
    base_ok = current(states, BASE)
    result = []
    for listed in MODELS:
        m = model(listed.name)
        tracked = states[m.name]
        reason: str | None = None
        if not tracked.built:
            reason = "never built: the next write command or a follower builds it"
        elif tracked.version != m.version:
            reason = f"built by version {tracked.version}, the code is version {m.version}"
        elif not base_ok:
            reason = f"derives from {BASE}, which must be rebuilt"
        elif m.name not in group:
            reason = f"out of step with {BASE}"
        result.append(
            ModelStatus(
                name=m.name,
                description=m.description,
                version=tracked.version,
                code_version=m.version,
                position=tracked.position,
                head=head,
                lag=lags[m.name].events,
                lag_seconds=(
                    None if lags[m.name].seconds is None else round(lags[m.name].seconds or 0, 3)
                ),
                followed=led and tracked.built,
                needs_rebuild=reason is not None,
                reason=reason,
                rebuild_position=tracked.next_position if tracked.rebuilding else None,
            )
        )
    return result
