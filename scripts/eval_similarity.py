"""Measure the similar-claims score on labelled pairs.

    python scripts/eval_similarity.py [PAIRS] [--threshold X] [--sweep]

PAIRS (default tests/data/similar-pairs.jsonl): one JSON object a line, {"a", "b",
"same": true|false, "kind", "split": "tuning"|"held-out"}. A pair is predicted the same
claim when similarity(a, b) >= the threshold (default: MATCH_SCORE). Prints precision and
recall for the tuning and held-out parts apart, recall or false matches per kind, each
miss, and with --sweep a threshold table over the tuning part only (the held-out part is
never used to choose anything).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from claims.extraction.similarity import MATCH_SCORE, similarity

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PAIRS = ROOT / "tests" / "data" / "similar-pairs.jsonl"


def figures(rows: list[tuple[dict[str, object], float]], threshold: float) -> tuple[float, float]:
    tp = sum(1 for pair, score in rows if pair["same"] and score >= threshold)
    fp = sum(1 for pair, score in rows if not pair["same"] and score >= threshold)
    fn = sum(1 for pair, score in rows if pair["same"] and score < threshold)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pairs", type=Path, nargs="?", default=DEFAULT_PAIRS)
    parser.add_argument("--threshold", type=float, default=MATCH_SCORE)
    parser.add_argument("--sweep", action="store_true")
    args = parser.parse_args(argv)
    try:
        pairs = [json.loads(line) for line in args.pairs.read_text().splitlines() if line]
    except (OSError, ValueError) as error:
        print(f"error: cannot read {args.pairs}: {error}", file=sys.stderr)
        return 2
    rows = [(pair, similarity(pair["a"], pair["b"])) for pair in pairs]
    for split in ("tuning", "held-out"):
        part = [row for row in rows if row[0]["split"] == split]
        same = sum(1 for pair, _ in part if pair["same"])
        precision, recall = figures(part, args.threshold)
        print(
            f"{split:8} {len(part):3d} pairs ({same} same): threshold {args.threshold:.2f}  "
            f"precision {precision:.3f}  recall {recall:.3f}"
        )
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for pair, score in rows:
        by_kind[str(pair["kind"])].append((score >= args.threshold) == pair["same"])
    print("right by kind: " + ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in by_kind.items()))
    for pair, score in rows:
        if (score >= args.threshold) != pair["same"]:
            verdict = "missed" if pair["same"] else "false match"
            print(f"  {verdict:11} {score:.3f} [{pair['split']}] {pair['a']!r} / {pair['b']!r}")
    if args.sweep:
        tuning = [row for row in rows if row[0]["split"] == "tuning"]
        print("\nthreshold  precision  recall   (tuning pairs only)")
        for step in range(6, 19):
            threshold = round(0.05 * step, 2)
            precision, recall = figures(tuning, threshold)
            print(f"{threshold:9.2f}  {precision:9.3f}  {recall:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
