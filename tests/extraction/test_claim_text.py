"""The normalised claim text: the statement without its attribution wrapper."""

from __future__ import annotations

import pytest

from claims.extraction.extract import analyse
from tests.extraction.support import SEED, read_article


def claim_text(sentence: str) -> str:
    return analyse(sentence)[-1].text


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        (
            "Putin said that Russia shares military technology with China.",
            "Russia shares military technology with China",
        ),
        (
            "Putin said Russia shares military technology with China.",
            "Russia shares military technology with China",
        ),
        (
            "Putin said the plan that Ukraine rejected could work.",
            "The plan that Ukraine rejected could work",
        ),
        (
            '"Trade rose 26% last year," Xi said, speaking alongside Putin.',
            "Trade rose 26% last year",
        ),
        (
            '"Trade rose 26% last year," said Hoo Tiang Boon, a professor.',
            "Trade rose 26% last year",
        ),
        (
            "Inflation fell to 2.4% in April, according to Eurostat.",
            "Inflation fell to 2.4% in April",
        ),
        (
            "According to Eurostat, inflation fell to 2.4% in April.",
            "Inflation fell to 2.4% in April",
        ),
        ("Prices could rise again, Weber said.", "Prices could rise again"),
        (
            "Harris told reporters on Tuesday that the state had spent $12 million.",
            "The state had spent $12 million",
        ),
        ('Park told reporters: "The numbers are on our side."', "The numbers are on our side"),
        ('"The economy," she said, "is growing fast."', "The economy is growing fast"),
        ("But the bank kept its rate at 4% in June.", "The bank kept its rate at 4% in June"),
        (
            "Beijing — Russian President Vladimir Putin arrived on Thursday.",
            "Russian President Vladimir Putin arrived on Thursday",
        ),
        (
            "**Frankfurt** — Prices fell 0.6% in [April](https://example.org).",
            "Prices fell 0.6% in April",
        ),
        (
            "Novamed Inc. said on Wednesday it was recalling 2 million bottles.",
            "It was recalling 2 million bottles",
        ),
    ],
)
def test_the_attribution_wrapper_and_punctuation_quirks_are_removed(
    sentence: str, text: str
) -> None:
    assert claim_text(sentence) == text


def test_a_statement_reported_with_an_infinitive_keeps_its_speaker_in_the_text() -> None:
    text = claim_text("Xi has vowed to assert Chinese control over the island.")

    assert text == "Xi has vowed to assert Chinese control over the island"


def test_a_partial_quotation_in_the_claim_keeps_balanced_quotation_marks() -> None:
    article = read_article(SEED)
    [claim] = [c for c in analyse(article.text) if c.quote.startswith("On the eve of the visit")]

    assert claim.text == (
        'The Kremlin was prepared to negotiate over the conflict in Ukraine, "but such '
        "negotiations must take into account the interests of all countries involved in the "
        'conflict, including ours"'
    )
    assert claim.text.count('"') % 2 == 0


def test_every_claim_text_starts_upper_case_and_ends_without_a_period_or_comma() -> None:
    article = read_article(SEED)

    for claim in analyse(article.text):
        assert claim.text[:1].isupper() or claim.text[:1] == '"', claim.text
        assert not claim.text.endswith((".", ",", ";", ":", " ")), claim.text
        assert "\n" not in claim.text
