"""A desk worth reporting on: two articles and claims in every state, built through
the ledger on any store; and hostile texts for the escaping tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from claims.application import ClaimsLedger
from domain.claim import Claim

CHECKER = "maria"
EDITOR = "tom"

FIRST_TEXT = (
    "Putin and Xi met in Beijing on Thursday.\n\n"
    "China's trade with Russia totaled $240 billion last year, the customs office said. "
    "Putin said the partnership is not directed against anyone. "
    "Exports of machine tools rose by 40 percent in 2023.\n\n"
    "Xi said the two countries would deepen cooperation in energy."
)
SECOND_TEXT = (
    "Trade talk in Moscow.\n\n"
    "Officials repeated that exports of machine tools rose by 40 percent in 2023. "
    "The rouble fell 3 percent on the news."
)
TRADE = "China's trade with Russia totaled $240 billion last year"
PARTNERSHIP = "Putin said the partnership is not directed against anyone."
TOOLS = "Exports of machine tools rose by 40 percent in 2023."
TOOLS_AGAIN = "exports of machine tools rose by 40 percent in 2023"
ENERGY = "Xi said the two countries would deepen cooperation in energy."
ROUBLE = "The rouble fell 3 percent on the news."
EVIDENCE_URL = "https://english.customs.gov.cn/statistics/2023"


@dataclass(frozen=True)
class Scenario:
    first: UUID
    second: UUID
    trade: UUID  # published, then corrected
    partnership: UUID  # verdict in review
    tools: UUID  # open; appears in the second article too
    energy: UUID  # dismissed
    rouble: UUID  # published, then retracted

    def spans(self, article: UUID) -> dict[UUID, str]:
        """claim id -> the exact text its highlight must cover in that article."""
        if article == self.first:
            return {
                self.trade: TRADE,
                self.partnership: PARTNERSHIP,
                self.tools: TOOLS,
                self.energy: ENERGY,
            }
        return {self.tools: TOOLS_AGAIN, self.rouble: ROUBLE}


def _article(ledger: ClaimsLedger, title: str, text: str, day: int, url: str | None) -> UUID:
    view, _ = ledger.register_article(
        title=title, published=date(2024, 5, day), text=text, url=url, by=CHECKER
    )
    return view.id


def _claim(ledger: ClaimsLedger, text: str, quote: str, article: UUID, speaker: str | None) -> UUID:
    return ledger.register_claim(
        text=text, quote=quote, article_id=article, speaker=speaker, by=CHECKER
    ).id


def build(ledger: ClaimsLedger) -> Scenario:
    first = _article(ledger, "Putin and Xi meet", FIRST_TEXT, 16, "https://news.example.org/a")
    second = _article(ledger, "Trade talk", SECOND_TEXT, 20, None)
    trade = _claim(ledger, "China-Russia trade totaled $240 billion", TRADE, first, None)
    partnership = _claim(
        ledger, "The partnership is not directed against anyone", PARTNERSHIP, first, "Putin"
    )
    tools = _claim(ledger, "Machine tool exports rose 40 percent in 2023", TOOLS, first, None)
    energy = _claim(ledger, "The countries will deepen energy ties", ENERGY, first, "Xi Jinping")
    rouble = _claim(ledger, "The rouble fell 3 percent", ROUBLE, second, None)

    aggregate: Claim = ledger.repository.get(tools)
    start = SECOND_TEXT.index(TOOLS_AGAIN)
    aggregate.add_appearance(
        article_id=second,
        quote=TOOLS_AGAIN,
        span=(start, start + len(TOOLS_AGAIN)),
        speaker="officials",
        by=CHECKER,
    )
    ledger.save(aggregate)

    ledger.add_evidence(
        trade,
        url=EVIDENCE_URL,
        quote="China-Russia trade in 2023: USD 240.1 billion.",
        stance="supports",
        note="Customs, annual figures",
        by=CHECKER,
    )
    ledger.record_verdict(
        trade, rating="mostly-true", rationale="Customs say $240.1bn.", by=CHECKER
    )
    ledger.approve_verdict(trade, by=EDITOR)
    ledger.publish(trade, by=EDITOR)
    ledger.correct(trade, rating="true", note="Rounding is exact at this precision.", by=EDITOR)

    ledger.record_verdict(partnership, rating="misleading", rationale="Joint drills.", by=CHECKER)
    ledger.dismiss(energy, reason="A promise, not a fact.", by=EDITOR)

    ledger.record_verdict(rouble, rating="false", rationale="It fell 1 percent.", by=CHECKER)
    ledger.approve_verdict(rouble, by=EDITOR)
    ledger.publish(rouble, by=EDITOR)
    ledger.retract(rouble, reason="The exchange revised its series.", by=EDITOR)
    return Scenario(first, second, trade, partnership, tools, energy, rouble)
