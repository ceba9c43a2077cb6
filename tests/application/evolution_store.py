"""The commands behind the store kept from before events evolved, and how it was made.

`tests/data/store-v1.sqlite` is a SQLite store as the CLI leaves it (events, hash
chains, read models), written by the code of the commit that added it, before
`Claim.EvidenceAdded` gained `accessed_on` and `Claim.MarkedDuplicate`'s
`original_id` became `duplicate_of` (both events were at class version 1 then).
It was made from the repository's root with

    python -m tests.application.evolution_store tests/data/store-v1.sqlite

and must never be rebuilt with later code: its point is that its events are old.
`write_commands` stays callable on today's code, so a test can write the same
commands into a new store and compare the read models the two stores give.

The commands touch every claim event, several times each for the two that
changed, and leave claims in every status. Claims are registered by hand, not
extracted, so the store does not move when the extractor is tuned; the one ingest
(two short articles sharing a sentence) is what gives a claim a second appearance.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from uuid import UUID

from claims.application import ClaimsLedger
from claims.extraction import DEFAULT_MIN_SCORE, ParsedArticle

CHECKER = "maria"
EDITOR = "tom"
SECOND_CHECKER = "ana"

ARTICLE_TEXT = (
    "Putin and Xi met in Beijing on Thursday. China-Russia trade totaled $240 billion "
    "last year, Xi said. Western officials say China supplies Russia with key components "
    "for weapons production. Trade between China and Russia reached $240 billion in 2023, "
    "according to Chinese customs. Blinken said the U.S. is bound by law to help defend "
    "Taiwan."
)
TRADE = "China-Russia trade totaled $240 billion last year"
COMPONENTS = "China supplies Russia with key components for weapons production"
TRADE_AGAIN = "Trade between China and Russia reached $240 billion in 2023"
TAIWAN = "the U.S. is bound by law to help defend Taiwan"
# Said elsewhere, registered without an article.
EXPORTS = "Russian oil exports to China rose 24 percent in 2023"
REPEATED_SENTENCE = (
    "The finance ministry said exports of machinery rose 38 percent in the first quarter."
)


def write_commands(ledger: ClaimsLedger) -> dict[str, UUID]:
    """Every command of the fixture, in order; returns the claims it registered by name."""
    article, _ = ledger.register_article(
        title="Putin and Xi meet in Beijing",
        published=date(2024, 5, 16),
        text=ARTICLE_TEXT,
        url="https://example.com/putin-xi-beijing",
        by=CHECKER,
    )

    def registered(text: str, quote: str, speaker: str | None) -> UUID:
        return ledger.register_claim(
            text=text, quote=quote, article_id=article.id, speaker=speaker, by=CHECKER
        ).id

    trade = registered(TRADE, TRADE, "Xi Jinping")
    components = registered(COMPONENTS, COMPONENTS, "Western officials")
    trade_again = registered(TRADE_AGAIN, TRADE_AGAIN, "Chinese customs")
    taiwan = registered(TAIWAN, TAIWAN, "Antony Blinken")
    exports = ledger.register_claim(
        text=EXPORTS,
        quote="oil exports to China rose 24 percent",
        speaker="Rosstat",
        source_url="https://example.com/rosstat-2023",
        checkworthiness=0.8,
        by=SECOND_CHECKER,
    ).id

    # Evidence of every stance, with and without a note; one withdrawn.
    ledger.assign(trade, CHECKER, by=EDITOR)
    ledger.add_evidence(
        trade,
        url="https://english.customs.gov.cn/",
        quote="China-Russia trade in 2023: USD 240.1 billion, up 26.3% year on year.",
        stance="supports",
        note="General Administration of Customs, annual figures",
        by=CHECKER,
    )
    ledger.add_evidence(
        trade,
        url="https://example.com/imf-direction-of-trade",
        quote="Bilateral trade, 2023: 240 billion dollars.",
        stance="context",
        by=CHECKER,
    )
    ledger.add_evidence(
        trade,
        url="https://example.com/blog-post",
        quote="Trade fell last year.",
        stance="refutes",
        note="an unsourced blog",
        by=SECOND_CHECKER,
    )
    ledger.withdraw_evidence(trade, "e3", reason="the blog cites nothing", by=CHECKER)
    # A verdict rejected, recorded again, approved, published and corrected.
    ledger.record_verdict(trade, rating="mostly-true", rationale="Customs: $240.1bn.", by=CHECKER)
    ledger.reject_verdict(trade, reason="cite the customs table itself", by=EDITOR)
    ledger.record_verdict(
        trade, rating="mostly-true", rationale="Customs table 2023: $240.1bn.", by=CHECKER
    )
    ledger.approve_verdict(trade, by=EDITOR)
    ledger.publish(trade, by=EDITOR)
    ledger.correct(trade, rating="true", note="$240.1bn rounds to $240bn.", by=EDITOR)
    ledger.add_note(trade, "Readers asked about the exchange rate.", by=SECOND_CHECKER)

    # Published, retracted, and a new verdict awaiting review.
    ledger.add_evidence(
        components,
        url="https://example.com/treasury-sanctions",
        quote="Entities in China shipped machine tools and microelectronics.",
        stance="supports",
        by=SECOND_CHECKER,
    )
    ledger.record_verdict(
        components, rating="mostly-true", rationale="Sanctions filings.", by=SECOND_CHECKER
    )
    ledger.approve_verdict(components, by=EDITOR)
    ledger.publish(components, by=EDITOR)
    ledger.retract(components, reason="a filing was misread", by=EDITOR)
    ledger.record_verdict(
        components, rating="unproven", rationale="Filings do not settle it.", by=SECOND_CHECKER
    )

    # Duplicates: one stays marked, one is reopened and marked again.
    ledger.mark_duplicate(trade_again, original_id=trade, by=EDITOR)
    ledger.mark_duplicate(exports, original_id=trade, by=EDITOR)
    ledger.reopen(exports, by=EDITOR)
    ledger.add_evidence(
        exports,
        url="https://example.com/rosstat-2023",
        quote="Crude exports to China: +24% in 2023.",
        stance="supports",
        by=SECOND_CHECKER,
    )
    ledger.mark_duplicate(exports, original_id=components, by=EDITOR)

    # Dismissed, reopened, dismissed again.
    ledger.dismiss(taiwan, reason="a statement of policy, not of fact", by=EDITOR)
    ledger.reopen(taiwan, by=EDITOR)
    ledger.dismiss(
        taiwan, reason="the Taiwan Relations Act says 'provide', not 'defend'", by=EDITOR
    )

    # Two articles sharing a sentence: the second adds an appearance.
    ledger.ingest(
        [
            ParsedArticle(
                title=f"Machinery exports, report {n}",
                published=date(2024, 5, 17 + n),
                url=f"https://example.com/machinery-{n}",
                text=f"Report {n}. {REPEATED_SENTENCE}",
            )
            for n in (1, 2)
        ],
        by=CHECKER,
        min_score=DEFAULT_MIN_SCORE,
    )
    return {
        "trade": trade,
        "components": components,
        "trade_again": trade_again,
        "taiwan": taiwan,
        "exports": exports,
    }


def main(argv: list[str]) -> int:
    from claims.application import ClaimsLedger
    from claims.storage.location import locate_store

    if len(argv) != 1 or Path(argv[0]).exists():
        print("usage: python -m tests.application.evolution_store NEW-FILE.sqlite", file=sys.stderr)
        return 2
    ledger = ClaimsLedger.open(locate_store(argv[0]))
    try:
        write_commands(ledger)
    finally:
        ledger.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
