"""Measure claim extraction against hand labels.

    python scripts/eval_extraction.py ARTICLE GOLD [--min-score X] [--sweep]
    python scripts/eval_extraction.py --patterns tests/data/speaker-patterns.jsonl

ARTICLE is any file parse_articles reads (seed transcript, text, Markdown, one-article JSONL);
GOLD labels every sentence of its body (see claims/extraction/evaluation.py for the format
and for how precision, recall, F1 and speaker accuracy are counted). Prints the figures at
the threshold, the per-sentence errors and, with --sweep, a table over thresholds.
With --patterns, prints speaker accuracy per attribution pattern on a file of short texts
(see claims/extraction/evaluation.py) instead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claims.extraction import DEFAULT_MIN_SCORE, ArticleError, parse_articles
from claims.extraction.evaluation import (
    evaluate,
    load_gold,
    load_patterns,
    speaker_accuracy_by_pattern,
)
from claims.extraction.extract import analyse

SWEEP = [round(0.05 * step, 2) for step in range(1, 20)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("article", type=Path, nargs="?")
    parser.add_argument("gold", type=Path, nargs="?")
    parser.add_argument("--patterns", type=Path, help="speaker accuracy per pattern")
    parser.add_argument("--min-score", type=float, default=DEFAULT_MIN_SCORE)
    parser.add_argument("--sweep", action="store_true", help="also print a threshold table")
    args = parser.parse_args(argv)
    if args.patterns is not None:
        return _patterns(args.patterns)
    if args.article is None or args.gold is None:
        print("error: give ARTICLE and GOLD, or --patterns FILE", file=sys.stderr)
        return 2

    try:
        articles = parse_articles(args.article.read_bytes(), filename=args.article.name)
    except (OSError, ArticleError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if len(articles) != 1:
        print(f"error: {args.article} holds {len(articles)} articles; give one", file=sys.stderr)
        return 2
    article = articles[0]
    gold = load_gold(args.gold.read_text(encoding="utf-8").splitlines())
    analysed = analyse(article.text, published=article.published)

    result = evaluate(gold, analysed, min_score=args.min_score)
    counts = {
        label: sum(g.label == label for g in gold)
        for label in ("check-worthy", "not", "borderline")
    }
    print(f"article: {article.title} ({len(gold)} gold sentences: {counts})")
    print(
        f"min_score {result.min_score:.2f}: precision {result.precision:.3f}  "
        f"recall {result.recall:.3f}  F1 {result.f1:.3f}  "
        f"(tp {result.true_positives}, fp {result.false_positives}, fn {result.false_negatives})"
    )
    print(
        f"speaker accuracy {result.speaker_accuracy:.3f} "
        f"({result.speaker_correct}/{result.speaker_total})"
    )
    for problem in result.errors:
        print(f"  {problem}")
    if args.sweep:
        print("\nmin_score  precision  recall  F1     tp  fp  fn")
        for threshold in SWEEP:
            row = evaluate(gold, analysed, min_score=threshold)
            print(
                f"{threshold:9.2f}  {row.precision:9.3f}  {row.recall:6.3f}  {row.f1:.3f}  "
                f"{row.true_positives:3d} {row.false_positives:3d} {row.false_negatives:3d}"
            )
    return 0


def _patterns(path: Path) -> int:
    try:
        cases = load_patterns(path.read_text(encoding="utf-8").splitlines())
    except (OSError, ValueError, KeyError) as error:
        print(f"error: cannot read {path}: {error}", file=sys.stderr)
        return 2
    for split in ("tuning", "held-out"):
        part = [case for case in cases if case.split == split]
        if not part:
            continue
        counts, errors = speaker_accuracy_by_pattern(part)
        right = sum(good for good, _ in counts.values())
        print(
            f"{split}: speaker accuracy {right / len(part):.3f} ({right}/{len(part)}) by pattern:"
        )
        for pattern, (good, total) in counts.items():
            print(f"  {pattern:20} {good}/{total}")
        for problem in errors:
            print(f"  wrong: {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
