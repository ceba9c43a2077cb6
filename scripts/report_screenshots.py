"""The README's screenshots of the two reports, made from a sample desk.

It builds a desk in a temporary SQLite store: the seed article and the synthetic
test articles ingested, a dozen claims taken through verdicts, reviews,
publications, corrections, a retraction and a dismissal by five people over eight
weeks (the events' clock is moved forward between commands, so the weekly chart
has weeks to show), then writes both reports and photographs them in headless
Chromium (found on PATH) at 1280 x 900:

    docs/report-article.png   the seed article, its first published claim opened
    docs/report-desk.png      the desk's overview

Run it again after changing the pages: `python scripts/report_screenshots.py`.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import eventsourcing.domain
from benchkit import ROOT, opened, reproduce_line

START = datetime(2026, 9, 7, 8, 30, tzinfo=UTC)
CHECKERS = ("maria", "ana", "li")
EDITORS = ("tom", "omar")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Clock:
    """The events' clock: moved forward by hand between commands."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def later(self, hours: float) -> None:
        self.now += timedelta(hours=hours)


def build(path: Path, clock: Clock) -> UUID:
    """The sample desk; returns the seed article's id."""
    from claims.demo import SHOWCASE_WORDS, seed_article
    from claims.extraction import DEFAULT_MIN_SCORE, parse_articles
    from claims.projections import list_claims

    rng = random.Random(16_05_2024)
    data = ROOT / "tests" / "data"
    with opened(path) as ledger:
        [seed] = ledger.ingest([seed_article()], by="maria", min_score=DEFAULT_MIN_SCORE)
        for name in ("synthetic-economy.md", "synthetic-court.txt"):
            clock.later(24 * 9)
            parsed = parse_articles((data / name).read_bytes(), filename=name)
            ledger.ingest(
                parsed,
                by=rng.choice(CHECKERS),
                min_score=DEFAULT_MIN_SCORE,
                published=clock.now.date(),
                url=f"https://news.example.org/{Path(name).stem}",
            )
        claims = [c.id for c in list_claims(ledger)]
        showcase = next(c.id for c in list_claims(ledger) if SHOWCASE_WORDS in c.text)
        # The seed's first claims (on the first screen of its report), then others.
        first = [c.id for c in list_claims(ledger, article_id=seed.article.id)][:4]
        others = [c for c in rng.sample(claims, 16) if c != showcase and c not in first]
        work = [showcase, *first, *others][:13]
        clock.now = START
        ratings = ("true", "mostly-true", "mixed", "mostly-false", "false", "misleading")
        for n, claim in enumerate(work):
            checker, editor = CHECKERS[n % 3], EDITORS[n % 2]
            clock.later(rng.uniform(20, 110))
            if n == 12:
                ledger.dismiss(claim, reason="An opinion, not a checkable fact.", by=editor)
                continue
            ledger.assign(claim, checker, by=editor)
            clock.later(rng.uniform(2, 30))
            ledger.add_evidence(
                claim,
                url=f"https://data.example.org/series/{n}",
                quote="The official series for the period.",
                stance=("supports", "refutes", "context")[n % 3],
                note="Official statistics",
                by=checker,
            )
            if n in (10, 11):
                continue  # still being checked
            clock.later(rng.uniform(4, 60))
            rating = "mostly-true" if claim == showcase else ratings[n % len(ratings)]
            ledger.record_verdict(
                claim, rating=rating, rationale="Checked against the official series.", by=checker
            )
            if n == 9:
                continue  # awaiting review
            clock.later(rng.uniform(2, 20))
            if n == 3:
                ledger.reject_verdict(claim, reason="Cite the primary source.", by=editor)
                clock.later(rng.uniform(4, 24))
                ledger.record_verdict(claim, rating=rating, rationale="Primary source.", by=checker)
                clock.later(rng.uniform(2, 12))
            ledger.approve_verdict(claim, by=editor)
            clock.later(rng.uniform(1, 8))
            ledger.publish(claim, by=editor)
            if claim == showcase:
                clock.later(30)
                ledger.correct(
                    claim,
                    rating="true",
                    note="Rounding $240.1bn to $240bn is exact at the article's precision.",
                    by=editor,
                )
            elif n == 5:
                clock.later(70)
                ledger.retract(
                    claim, reason="The ministry withdrew the series; under review.", by=editor
                )
        return seed.article.id


def photograph(page: Path, out: Path, click: str | None = None) -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Chromium is not on PATH (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=chromium,
            headless=True,
            args=FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            tab = context.new_page()
            tab.goto(page.as_uri())
            if click:
                tab.locator(click).first.click()
                tab.evaluate("window.scrollTo(0, 0)")
            tab.screenshot(path=str(out))
        finally:
            context.close()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNGs")
    args = parser.parse_args(argv)
    clock = Clock()
    eventsourcing.domain.datetime_now_with_tzinfo = clock  # type: ignore[assignment]
    from claims.projections import list_claims
    from claims.report.article import article_report
    from claims.report.article_page import render as render_article
    from claims.report.desk_page import render as render_desk
    from claims.report.figures import desk_figures
    from claims.report.period import Period

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "desk.db"
        article = build(store, clock)
        with opened(store) as ledger:
            seed = list_claims(ledger, article_id=article)
            shown = next(c.id for c in seed if c.status == "published")
            (Path(tmp) / "article.html").write_text(
                render_article(article_report(ledger, article)), encoding="utf-8"
            )
            (Path(tmp) / "desk.html").write_text(
                render_desk(desk_figures(ledger, Period()), ledger.scale), encoding="utf-8"
            )
        args.out.mkdir(exist_ok=True)
        photograph(
            Path(tmp) / "article.html",
            args.out / "report-article.png",
            click=f'mark[data-claim="{shown}"]',
        )
        photograph(Path(tmp) / "desk.html", args.out / "report-desk.png")
    for name in ("report-article.png", "report-desk.png"):
        size = (args.out / name).stat().st_size
        print(f"{args.out / name}: {size / 1024:.0f} KiB")
    print(reproduce_line("report_screenshots.py", argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
