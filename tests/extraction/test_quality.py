"""Quality floors against the hand-labelled gold files, and the gold files' own integrity.

Floors asserted at DEFAULT_MIN_SCORE:
- seed article: F1 >= 0.85 and speaker accuracy >= 0.9 (measured with the learned model:
  F1 0.973, speakers 7/7; the hand-weighted rules gave 1.0, tuned on it);
- each synthetic article: F1 >= 0.8 and speaker accuracy >= 0.9 (measured: economy 1.0,
  court 0.941, recall 0.923; speakers 3/3, 5/5, 4/4);
- the three synthetic articles pooled: F1 >= 0.9 (measured 0.957).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims.extraction import extract_claims
from claims.extraction.evaluation import LABELS, load_gold
from claims.extraction.sentences import split_sentences
from tests.extraction.support import SEED, SEED_GOLD, SYNTHETIC, read_article, score_against_gold

ALL_GOLD = [(SEED, SEED_GOLD), *SYNTHETIC.values()]


def test_the_seed_reaches_f1_085_and_speaker_accuracy_09() -> None:
    result = score_against_gold(SEED, SEED_GOLD)

    assert result.f1 >= 0.85, result.errors
    assert result.speaker_accuracy >= 0.9, result.errors
    assert result.speaker_total >= 5


@pytest.mark.parametrize("name", sorted(SYNTHETIC))
def test_each_synthetic_article_reaches_f1_08_and_speaker_accuracy_09(name: str) -> None:
    result = score_against_gold(*SYNTHETIC[name])

    assert result.f1 >= 0.8, result.errors
    assert result.speaker_accuracy >= 0.9, result.errors


def test_the_synthetic_articles_pooled_reach_f1_09() -> None:
    results = [score_against_gold(*paths) for paths in SYNTHETIC.values()]
    tp = sum(r.true_positives for r in results)
    fp = sum(r.false_positives for r in results)
    fn = sum(r.false_negatives for r in results)

    assert 2 * tp / (2 * tp + fp + fn) >= 0.9


def test_the_claims_domain_md_names_are_extracted_from_the_seed() -> None:
    article = read_article(SEED)
    quotes = [claim.quote for claim in extract_claims(article.text, published=article.published)]

    for words in (
        "continues to supply Russia with key components",
        "totaling $240 billion last year",
        "the U.S. is bound by law to help defend",
    ):
        assert any(words in quote for quote in quotes), words


@pytest.mark.parametrize(("article_path", "gold_path"), ALL_GOLD)
def test_a_gold_file_labels_every_sentence_of_its_article_by_exact_span(
    article_path: Path, gold_path: Path
) -> None:
    article = read_article(article_path)
    gold = load_gold(gold_path.read_text(encoding="utf-8").splitlines())

    assert [g.span for g in gold] == [(s.start, s.end) for s in split_sentences(article.text)]
    for sentence in gold:
        start, end = sentence.span
        assert article.text[start:end] == sentence.quote
        assert sentence.label in LABELS


def test_the_seed_gold_marks_the_domain_md_claims_check_worthy_and_headings_not() -> None:
    records = [json.loads(line) for line in SEED_GOLD.read_text(encoding="utf-8").splitlines()]
    by_words = {
        words: [r["label"] for r in records if words in r["quote"]]
        for words in (
            "continues to supply Russia with key components",
            "totaling $240 billion last year",
            "bound by law to help defend",
            "Talk of peace in Ukraine, but no proposals",
        )
    }

    assert by_words == {
        "continues to supply Russia with key components": ["check-worthy"],
        "totaling $240 billion last year": ["check-worthy"],
        "bound by law to help defend": ["check-worthy"],
        "Talk of peace in Ukraine, but no proposals": ["not"],
    }
