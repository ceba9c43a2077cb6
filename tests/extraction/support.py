"""The articles and gold files the extraction tests read, and a way to score them."""

from __future__ import annotations

from pathlib import Path

from claims.extraction import ParsedArticle, parse_articles
from claims.extraction.evaluation import Evaluation, evaluate, load_gold
from claims.extraction.extract import DEFAULT_MIN_SCORE, analyse

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
SEED = ROOT / "claims" / "data" / "putin-xi-beijing-2024-05-16.txt"
SEED_GOLD = DATA / "putin-xi-beijing-2024-05-16.gold.jsonl"

# (article, gold) of the synthetic articles written to check that the rules generalise.
SYNTHETIC = {
    "economy": (DATA / "synthetic-economy.md", DATA / "synthetic-economy.gold.jsonl"),
    "court": (DATA / "synthetic-court.txt", DATA / "synthetic-court.gold.jsonl"),
    "recall": (DATA / "synthetic-recall.jsonl", DATA / "synthetic-recall.gold.jsonl"),
}


def read_article(path: Path) -> ParsedArticle:
    [article] = parse_articles(path.read_bytes(), filename=path.name)
    return article


def score_against_gold(
    article_path: Path, gold_path: Path, min_score: float = DEFAULT_MIN_SCORE
) -> Evaluation:
    article = read_article(article_path)
    gold = load_gold(gold_path.read_text(encoding="utf-8").splitlines())
    return evaluate(gold, analyse(article.text, published=article.published), min_score=min_score)
