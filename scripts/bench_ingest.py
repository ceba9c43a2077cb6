"""Ingest throughput: articles per second from JSON Lines, extraction and storage included.

Builds N seed-sized articles (default 1,000) as JSON Lines: the seed article's
paragraphs reshuffled, some figures and years changed, plus a line of its own, so
every article is new text while many of its claims were seen before (the realistic
mix of new claims and new appearances of known claims). Then it runs the real
command, `claims ingest bulk.jsonl`, on a fresh SQLite store and reports articles/s
and claims/s for the whole process (start-up, parsing, extraction, storage). It
also times extraction alone in-process, so the share of storage is visible.

Target: >= 50 articles/s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from benchkit import machine_line, reproduce_line

TARGET_ARTICLES_PER_SECOND = 50.0
_NUMBER = re.compile(r"\b(\d{2,4})\b")


def seed_paragraphs() -> list[str]:
    raw = resources.files("claims.data").joinpath("putin-xi-beijing-2024-05-16.txt").read_text()
    _, _, body = raw.partition("\n")
    return [p for p in body.strip().split("\n\n") if p.strip()]


def make_articles(count: int, rng: random.Random) -> list[dict[str, object]]:
    paragraphs = seed_paragraphs()
    articles = []
    for index in range(count):
        chosen = paragraphs[:]
        rng.shuffle(chosen)
        # Change a few numbers so some claims are new while most repeat.
        changed = [
            _NUMBER.sub(lambda m: str(int(m.group(1)) + rng.randint(1, 9)), p)
            if rng.random() < 0.15
            else p
            for p in chosen
        ]
        changed.append(f"This report is number {index} in the series, filed by desk {index % 7}.")
        articles.append(
            {
                "title": f"Putin and Xi, report {index}",
                "published": (date(2024, 5, 16) + timedelta(days=index % 30)).isoformat(),
                "url": f"https://news.example.org/report-{index}",
                "text": "\n\n".join(changed),
            }
        )
    return articles


def time_extraction(articles: list[dict[str, object]]) -> float:
    from claims.extraction import extract_claims

    started = time.perf_counter()
    for article in articles:
        extract_claims(
            str(article["text"]), published=date.fromisoformat(str(article["published"]))
        )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    articles = make_articles(args.articles, rng)
    claims_script = Path(sys.executable).with_name("claims")
    with tempfile.TemporaryDirectory() as workdir:
        bulk = Path(workdir) / "bulk.jsonl"
        bulk.write_text("\n".join(json.dumps(a) for a in articles) + "\n", encoding="utf-8")
        db = Path(workdir) / "claims.db"
        size_mb = bulk.stat().st_size / 1e6
        print(f"{len(articles):,} articles, {size_mb:.1f} MB of JSON Lines")

        extraction_s = time_extraction(articles)
        started = time.perf_counter()
        done = subprocess.run(
            [str(claims_script), "--db", str(db), "--as", "bench", "ingest", str(bulk), "--json"],
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
        results = [json.loads(line) for line in done.stdout.splitlines()]
        new = sum(1 for r in results for c in r["claims"] if c["new"])
        known = sum(1 for r in results for c in r["claims"] if not c["new"])
        with sqlite3.connect(db) as connection:
            (events,) = connection.execute("SELECT COUNT(*) FROM stored_events").fetchone()

        rate = len(articles) / elapsed
        print(f"extraction alone (in-process): {len(articles) / extraction_s:,.0f} articles/s")
        print(
            f"claims ingest (whole process): {elapsed:.2f} s, {rate:,.1f} articles/s, "
            f"{(new + known) / elapsed:,.0f} claims/s"
        )
        print(f"stored: {events:,} events; {new:,} new claims, {known:,} appearances of known ones")
        verdict = "PASS" if rate >= TARGET_ARTICLES_PER_SECOND else "FAIL"
        print(f"{verdict}: {rate:,.1f} articles/s; target >= {TARGET_ARTICLES_PER_SECOND:.0f}")
    print(reproduce_line("bench_ingest.py", ["--articles", str(args.articles)]))
    print(machine_line())
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
