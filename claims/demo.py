"""The main job, end to end: the seed article through the whole desk workflow.

Safe to run again: the article and claims are keyed by content, and the workflow
runs only for a claim this run registered.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from claims.application import ClaimsLedger
from claims.errors import AlreadyRegistered
from claims.seed import load_seed_article
from claims.views import ArticleView, ClaimSummary, HistoryEntry

FACT_CHECKER = "maria"
EDITOR = "tom"


@dataclass(frozen=True)
class SeedClaim:
    text: str
    quote: str
    speaker: str | None


SEED_CLAIMS = (
    SeedClaim(
        "China-Russia trade totaled $240 billion last year",
        "China's increased trade with Russia, totaling $240 billion last year",
        None,
    ),
    SeedClaim(
        "China supplies Russia with key components for weapons production",
        "continues to supply Russia with key components that Moscow needs for its "
        "productions of weapons",
        None,
    ),
    SeedClaim(
        "The U.S. is bound by law to help defend Taiwan",
        "the U.S. is bound by law to help defend",
        None,
    ),
    SeedClaim(
        "Russia is helping China develop an early warning system for ballistic missile launches",
        "he mentioned that Russia was helping China to develop an early warning system to spot "
        "ballistic missile launches",
        "Vladimir Putin",
    ),
    SeedClaim(
        "The Kharkiv offensive is the most significant border incursion since February 2022",
        "the most significant border incursion since the full-scale invasion began in "
        "February 2022",
        None,
    ),
)


@dataclass(frozen=True)
class DemoResult:
    article: ArticleView
    article_was_new: bool
    registered: int
    workflow_claim: UUID
    workflow_ran: bool
    table: list[ClaimSummary]
    history: list[HistoryEntry]


def run_demo(ledger: ClaimsLedger, *, by: str = FACT_CHECKER) -> DemoResult:
    seed = load_seed_article()
    article, article_was_new = ledger.register_article(
        title=seed.title, published=seed.published, text=seed.body, url=None, by=by
    )
    registered: list[UUID] = []
    claim_ids: list[UUID] = []
    for seed_claim in SEED_CLAIMS:
        try:
            view = ledger.register_claim(
                text=seed_claim.text,
                quote=seed_claim.quote,
                speaker=seed_claim.speaker,
                article_id=article.id,
                by=by,
            )
        except AlreadyRegistered as exists:
            claim_ids.append(UUID(exists.existing_id))
            continue
        registered.append(view.id)
        claim_ids.append(view.id)

    showcase = claim_ids[0]
    workflow_ran = showcase in registered
    if workflow_ran:
        _take_through_the_workflow(ledger, showcase)
    return DemoResult(
        article=article,
        article_was_new=article_was_new,
        registered=len(registered),
        workflow_claim=showcase,
        workflow_ran=workflow_ran,
        table=ledger.list_claims(article_id=article.id),
        history=ledger.history(showcase),
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
