"""Builders and readers the projection tests share."""

from __future__ import annotations

import contextlib
import sqlite3
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from claims.application import ClaimsLedger
from claims.projections.context import context_of, generation_names, model
from claims.projections.schema import MODELS
from claims.projections.tracking import read
from claims.views import ArticleView, ClaimSummary
from domain.claim import Claim
from tests.application import support as application_support
from tests.application.support import (  # noqa: F401  (the projection tests import them from here)
    ARTICLE_TEXT,
    EDITOR,
    FACT_CHECKER,
    TRADE_QUOTE,
    claim,
    ledger_at,
    published,
)

PARTNERSHIP_QUOTE = "the partnership is not directed against anyone"


def article(ledger: ClaimsLedger, text: str = ARTICLE_TEXT, title: str = "Summit") -> ArticleView:
    """An article titled as the projection tests' ClaimReview headlines expect."""
    return application_support.article(ledger, text, title=title)


def folded_claims(
    ledger: ClaimsLedger,
    *,
    status: str | None = None,
    article_id: UUID | None = None,
    speaker: str | None = None,
    rating: str | None = None,
    assignee: str | None = None,
) -> list[ClaimSummary]:
    """The fact-check table worked out from the aggregates themselves, in
    registration order: the reference the read model must equal."""
    registered = get_topic(Claim.Registered)
    ids: list[UUID] = []
    start: int | None = None
    while True:
        page = ledger.recorder.select_notifications(
            start, 500, topics=[registered], inclusive_of_start=False
        )
        ids.extend(UUID(str(n.originator_id)) for n in page)
        if len(page) < 500:
            break
        start = page[-1].id
    rows = []
    for claim_id in ids:
        c: Claim = ledger.repository.get(claim_id)
        if status is not None and c.status.value != status:
            continue
        if article_id is not None and c.article_id != article_id:
            continue
        if speaker and speaker.casefold() not in (c.speaker or "").casefold():
            continue
        if rating is not None and (c.verdict is None or c.verdict.rating != rating):
            continue
        if assignee is not None and c.assignee != assignee:
            continue
        rows.append(ClaimSummary.of(c))
    return rows


def tables(ledger: ClaimsLedger) -> dict[str, list[tuple[Any, ...]]]:
    """Every live read-model table's rows, sorted: what two builds must agree on."""
    ctx = context_of(ledger)
    out: dict[str, list[tuple[Any, ...]]] = {}
    with ctx.dialect.transaction(lock=False) as cur:
        states = read(cur, ctx.dialect, lock=False)
        for m in MODELS:
            names = generation_names(model(m.name), states[m.name].generation)
            for table in m.tables:
                cur.execute(f"SELECT {', '.join(table.stored_names)} FROM {names[table.key]}")
                out[table.key] = sorted(cur.fetchall(), key=lambda row: str(row[0]))
    return out


def live_table(ledger: ClaimsLedger, key: str) -> str:
    """The physical name of the live generation of a table (`factcheck`, `queue`, ...)."""
    ctx = context_of(ledger)
    with ctx.dialect.transaction(lock=False) as cur:
        states = read(cur, ctx.dialect, lock=False)
    for m in MODELS:
        for table in m.tables:
            if table.key == key:
                return table.physical(states[m.name].generation)
    raise KeyError(key)


def execute(ledger: ClaimsLedger, statement: str, params: tuple[Any, ...] = ()) -> None:
    """Change the read models by hand, as an operator with a SQL shell might."""
    ctx = context_of(ledger)
    with ctx.dialect.transaction(lock=True) as cur:
        cur.execute(statement.replace("?", ctx.dialect.param), params)


def sqlite_rows(path: str, statement: str) -> list[tuple[Any, ...]]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute(statement).fetchall()
