"""How long do the desk's reports take on a 1,000,000-event store?

An editor asks for the desk's figures or the overview page on a store that has
run for years. They must come from the read models (aggregate queries), never
from replaying the log, so they stay fast however long the log.

1. Builds (or, with --store, reuses) a SQLite store of --events events with the
   realistic mix `bench_rebuild.py` builds (claims through their whole life:
   verdicts, reviews, publications, corrections, appearances...), then brings its
   read models up to date with `claims projections rebuild --all` (timed apart).
2. Times real `claims` processes, --repeats times each, on the warm store:
   `stats --json`, `stats --json --since MIDDLE` (the second half of the log),
   `report --desk`, `report ARTICLE` (the article with the most claims) and, for
   scale, `claims --help` (the interpreter's and typer's start-up alone).
3. With --postgres URL it copies the store into a new database on that server
   (`claims copy-to`, which builds its read models), runs VACUUM ANALYZE (what
   autovacuum does soon after a bulk load: planner statistics, and the visibility
   map that index-only scans need), times the same commands there, and drops the
   database. --skip-sqlite times PostgreSQL only (on a store already measured).
4. Prints median and minimum per command, the command that reproduces the run, and
   PASS/FAIL against the target: every report or stats command < --target seconds
   by median. The exit status is 1 on any FAIL.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

from bench_copy import drop_database, fresh_database
from bench_rebuild import ensure_store
from benchkit import machine_line, ms, reproduce_line


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the store")
    parser.add_argument("--store", type=Path, default=None, help="keep/reuse the store here")
    parser.add_argument("--repeats", type=int, default=5, help="runs of each command")
    parser.add_argument("--target", type=float, default=2.0, help="seconds, by median")
    parser.add_argument(
        "--postgres", default=None, help="also time a copy on this server (postgresql://...)"
    )
    parser.add_argument(
        "--skip-sqlite", action="store_true", help="time PostgreSQL only (--store reused)"
    )
    args = parser.parse_args(argv)
    if args.events < 100:
        parser.error("--events must be at least 100")
    return args


def claims(db: str, *args: str) -> tuple[str, float]:
    """Run `claims --db DB ARGS` (stdout, wall seconds); a failure aborts the run."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMS_")}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "claims", "--db", db, *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"claims {' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return done.stdout, seconds


def busiest_article(path: Path) -> str:
    """The id of the article with the most claims (from the `articles` read model)."""
    with closing(sqlite3.connect(str(path))) as connection:
        (article,) = connection.execute(
            "SELECT id FROM rm_articles ORDER BY claims DESC, position LIMIT 1"
        ).fetchone()
    return str(article)


def middle_of_the_log(path: Path) -> str:
    """The time of the decision halfway through the `decisions` read model."""
    with closing(sqlite3.connect(str(path))) as connection:
        (count,) = connection.execute("SELECT COUNT(*) FROM rm_decisions").fetchone()
        (at,) = connection.execute(
            "SELECT at FROM rm_decisions ORDER BY position LIMIT 1 OFFSET ?", (count // 2,)
        ).fetchone()
    return str(at)


def time_commands(
    label: str, db: str, article: str, middle: str, out: Path, repeats: int
) -> list[tuple[str, str, list[float]]]:
    commands = [
        ("claims --help", ["--help"]),
        ("claims stats --json", ["stats", "--json"]),
        ("claims stats --json --since MIDDLE", ["stats", "--json", "--since", middle]),
        ("claims report --desk", ["report", "--desk", "--out", str(out / "desk.html")]),
        ("claims report ARTICLE", ["report", article, "--out", str(out / "article.html")]),
    ]
    claims(db, "stats", "--json")  # warm the page cache, catch up once
    results = []
    for name, args in commands:
        samples = [claims(db, *args)[1] for _ in range(repeats)]
        results.append((label, name, samples))
    return results


def vacuum_analyze(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    rows: list[tuple[str, str, list[float]]] = []
    with tempfile.TemporaryDirectory(prefix="claims-bench-report-") as tmp:
        path = args.store or Path(tmp) / "bench.db"
        ensure_store(path, args.events, 1_000)
        if not args.skip_sqlite:
            report, seconds = claims(str(path), "projections", "rebuild", "--all", "--json")
            events = json.loads(report)["events"]
            print(f"read models rebuilt in {seconds:.1f} s ({events:,} events)")
        article = busiest_article(path)
        middle = middle_of_the_log(path)
        figures = json.loads(claims(str(path), "stats", "--json")[0])
        print(
            f"store: {args.events:,} events, {figures['claims']:,} claims, "
            f"{figures['articles_total']:,} articles, {figures['corrections']:,} corrections; "
            f"article {article[:8]}"
        )
        out = Path(tmp)
        if not args.skip_sqlite:
            rows += time_commands("SQLite", str(path), article, middle, out, args.repeats)
        if args.postgres:
            url, name = fresh_database(args.postgres)
            try:
                claims(str(path), "copy-to", url)
                vacuum_analyze(url)
                rows += time_commands("PostgreSQL", url, article, middle, out, args.repeats)
            finally:
                drop_database(args.postgres, name)
        page = (out / "article.html").stat().st_size, (out / "desk.html").stat().st_size
    return report_rows(rows, page, args.target, argv)


def report_rows(
    rows: list[tuple[str, str, list[float]]],
    pages: tuple[int, int],
    target: float,
    argv: Sequence[str],
) -> int:
    print()
    print(f"{'store':<11} {'command':<36} {'median':>11} {'min':>11}")
    failed = 0
    checks = []
    for label, name, samples in rows:
        median = statistics.median(samples)
        print(f"{label:<11} {name:<36} {ms(median)} {ms(min(samples))}")
        if name != "claims --help":
            ok = median < target
            failed += not ok
            checks.append(
                f"{'PASS' if ok else 'FAIL'} {label} {name}: {median:.2f} s by median; "
                f"target < {target:.1f} s"
            )
    print(f"pages: article {pages[0] / 1024:.0f} KiB, desk {pages[1] / 1024:.0f} KiB")
    for line in checks:
        print(line)
    print()
    print(reproduce_line("bench_report.py", argv))
    print(machine_line())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
