"""The main job, end to end: the seed article through the whole desk workflow.

Safe to run again: the article and its claims are keyed by content, so a second
ingest adds nothing, and the workflow runs only on a claim still at version 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from uuid import UUID

from claims.application import ClaimsLedger
from claims.extraction import DEFAULT_MIN_SCORE, ParsedArticle, parse_articles
from claims.projections import list_claims
from claims.views import ClaimSummary, HistoryEntry, IngestResult

SEED_FILE = "putin-xi-beijing-2024-05-16.txt"
FACT_CHECKER = "maria"
EDITOR = "tom"
# The claim the workflow shows off: the trade figure DOMAIN.md names.
SHOWCASE_WORDS = "$240 billion"


@dataclass(frozen=True)
class DemoResult:
    ingest: IngestResult
    workflow_claim: UUID
    workflow_ran: bool
    table: list[ClaimSummary]
    history: list[HistoryEntry]


def seed_article() -> ParsedArticle:
    """The seed article shipped in the package, parsed as `claims ingest` parses it."""
    data = resources.files("claims.data").joinpath(SEED_FILE).read_bytes()
    [article] = parse_articles(data, filename=SEED_FILE, fmt="seed")
    return article


def run_demo(ledger: ClaimsLedger) -> DemoResult:
    [ingested] = ledger.ingest(
        [seed_article()],
        by=FACT_CHECKER,
        min_score=DEFAULT_MIN_SCORE,
    )
    table = list_claims(ledger, article_id=ingested.article.id)
    showcase = next((row for row in table if SHOWCASE_WORDS in row.text), table[0])
    workflow_ran = ledger.get_claim(showcase.id).version == 1
    if workflow_ran:
        _take_through_the_workflow(ledger, showcase.id)
        table = list_claims(ledger, article_id=ingested.article.id)
    return DemoResult(
        ingest=ingested,
        workflow_claim=showcase.id,
        workflow_ran=workflow_ran,
        table=table,
        history=ledger.history(showcase.id),
    )


def _take_through_the_workflow(ledger: ClaimsLedger, claim_id: UUID) -> None:
    """Evidence, verdict, four-eyes review, publication, then an open correction."""
    ledger.assign(claim_id, FACT_CHECKER, by=EDITOR)
    ledger.add_evidence(
        claim_id,
        url="https://english.customs.gov.cn/",
        quote="China-Russia trade in 2023: USD 240.1 billion, up 26.3% year on year.",
        stance="supports",
        note="General Administration of Customs, annual figures",
        by=FACT_CHECKER,
    )
    ledger.record_verdict(
        claim_id,
        rating="mostly-true",
        rationale="Customs data show $240.1bn for 2023; the article rounds it.",
        by=FACT_CHECKER,
    )
    ledger.approve_verdict(claim_id, by=EDITOR)
    ledger.publish(claim_id, by=EDITOR)
    ledger.correct(
        claim_id,
        rating="true",
        note="Rounding $240.1bn to $240bn is exact at the article's precision.",
        by=EDITOR,
    )
