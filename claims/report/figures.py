"""The desk's figures for a period, computed from the read models (never the log).

- claims by status and by current rating: the claims registered in the period
  (`factcheck`), the rating counted for claims that carry a verdict;
- claims checked and published per ISO week (Monday to Sunday, UTC): a claim counts
  as checked in the week of its first verdict, as published in the week of its first
  publication (`decisions`);
- time from registration to first verdict and to first publication: median and
  90th percentile (nearest rank) over the claims whose first verdict (publication)
  fell in the period;
- corrections and retractions in the period, with their notes (the most recent
  `LISTED` of them; the totals count all);
- per person: verdicts recorded, reviews, publications, corrections, retractions
  and dismissals in the period;
- the articles registered in the period with their scorecards (`articles`; the
  most recent `LISTED`).

Every figure is an aggregate query over a read model's view: the cost grows with
the claims and decisions in the period, not with the events in the log.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import orjson

from claims.projections.dialect import Dialect
from claims.projections.freshness import readable
from claims.projections.queries import _scale_of
from claims.projections.schema import ARTICLE_STATS, BASE, CLAIMS, DECISIONS
from claims.projections.source import ScaledSource
from claims.report.period import Period
from domain.standing import ClaimStatus

LISTED = 500
# The kinds of decision counted per person, in the order they are shown.
PERSON_KINDS = (
    "verdict",
    "approved",
    "rejected",
    "published",
    "corrected",
    "retracted",
    "dismissed",
)
# How a report heads each kind's column.
PERSON_HEADINGS = {
    "verdict": "verdicts",
    "approved": "approved",
    "rejected": "sent back",
    "published": "published",
    "corrected": "corrected",
    "retracted": "retracted",
    "dismissed": "dismissed",
}


@dataclass(frozen=True)
class Durations:
    """Seconds from registration to a milestone, over `count` claims."""

    count: int
    median: float | None
    p90: float | None

    @classmethod
    def of(cls, seconds: list[float]) -> Durations:
        if not seconds:
            return cls(0, None, None)
        ordered = sorted(seconds)
        n = len(ordered)
        middle = n // 2
        median = ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2
        return cls(n, median, ordered[math.ceil(0.9 * n) - 1])

    def as_json(self) -> dict[str, Any]:
        return {"claims": self.count, "median_seconds": self.median, "p90_seconds": self.p90}


@dataclass(frozen=True)
class Week:
    start: date
    checked: int
    published: int

    @property
    def label(self) -> str:
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class Amendment:
    """A correction or a retraction of a published fact-check."""

    claim_id: str
    claim_text: str | None
    kind: str
    at: datetime
    by: str | None
    old_rating: str | None
    new_rating: str | None
    note: str | None


@dataclass(frozen=True)
class ArticleCard:
    id: str
    title: str | None
    url: str | None
    published: str | None
    registered_at: str | None
    claims: int
    checked: int
    published_claims: int
    ratings: dict[str, int]


@dataclass(frozen=True)
class DeskFigures:
    period: Period
    claims: int
    by_status: dict[str, int]
    by_rating: dict[str, int]
    published_by_rating: dict[str, int]
    rating_labels: dict[str, str]
    weeks: list[Week]
    to_verdict: Durations
    to_publication: Durations
    amendments: list[Amendment]
    corrections: int
    retractions: int
    people: dict[str, dict[str, int]]
    articles: list[ArticleCard]
    articles_total: int

    def as_json(self) -> dict[str, Any]:
        """Stable keys; times ISO-8601 UTC; durations in seconds."""
        return {
            "period": {
                "since": self.period.since.isoformat().replace("+00:00", "Z")
                if self.period.since
                else None,
                "until": self.period.until.isoformat().replace("+00:00", "Z")
                if self.period.until
                else None,
            },
            "claims": self.claims,
            "by_status": self.by_status,
            "by_rating": self.by_rating,
            "published_by_rating": self.published_by_rating,
            "weeks": [
                {
                    "week": w.label,
                    "start": w.start.isoformat(),
                    "checked": w.checked,
                    "published": w.published,
                }
                for w in self.weeks
            ],
            "time_to_verdict": self.to_verdict.as_json(),
            "time_to_publication": self.to_publication.as_json(),
            "corrections": self.corrections,
            "retractions": self.retractions,
            "amendments": [
                {
                    "claim_id": a.claim_id,
                    "claim": a.claim_text,
                    "kind": a.kind,
                    "at": a.at.isoformat().replace("+00:00", "Z"),
                    "by": a.by,
                    "old_rating": a.old_rating,
                    "new_rating": a.new_rating,
                    "note": a.note,
                }
                for a in self.amendments
            ],
            "people": [{"name": name, **counts} for name, counts in self.people.items()],
            "articles_total": self.articles_total,
            "articles": [
                {
                    "id": a.id,
                    "title": a.title,
                    "url": a.url,
                    "published": a.published,
                    "claims": a.claims,
                    "checked": a.checked,
                    "published_claims": a.published_claims,
                    "ratings": a.ratings,
                }
                for a in self.articles
            ],
        }


def desk_figures(ledger: ScaledSource, period: Period) -> DeskFigures:
    """Every figure of the desk report for `period`, from the read models (brought
    as they stand: a read never writes)."""
    ctx = readable(ledger, BASE, "decisions", "articles")
    scale = _scale_of(ledger)
    if ctx is None:  # nothing was ever stored: every figure is naught
        return DeskFigures(
            period=period,
            claims=0,
            by_status=dict.fromkeys((s.value for s in ClaimStatus), 0),
            by_rating={},
            published_by_rating={},
            rating_labels={},
            weeks=[],
            to_verdict=Durations.of([]),
            to_publication=Durations.of([]),
            amendments=[],
            corrections=0,
            retractions=0,
            people={},
            articles=[],
            articles_total=0,
        )
    low, high = period.bounds()
    p = ctx.dialect.param
    within = f"BETWEEN {p} AND {p}"
    with ctx.dialect.transaction(lock=False) as cur:
        where = f" WHERE registered_at {within}" if period.bounded else ""
        cur.execute(
            f"SELECT status, rating, COUNT(*) FROM {CLAIMS.view}{where} "  # noqa: S608
            "GROUP BY status, rating",
            (low, high) if period.bounded else (),
        )
        tallies = cur.fetchall()
        firsts = {
            kind: _firsts(cur, ctx.dialect, kind, (low, high)) for kind in ("verdict", "published")
        }
        cur.execute(
            f"SELECT actor, kind, COUNT(*) FROM {DECISIONS.view} "  # noqa: S608
            f"WHERE at {within} GROUP BY kind, actor",
            (low, high),
        )
        per_person = cur.fetchall()
        amendments, corrections, retractions = _amendments(cur, within, (low, high))
        articles, articles_total = _articles(cur, period, within, (low, high))
    by_status = dict.fromkeys((s.value for s in ClaimStatus), 0)
    by_rating: Counter[str] = Counter()
    published_by_rating: Counter[str] = Counter()
    for status, rating, count in tallies:
        by_status[status] = by_status.get(status, 0) + count
        if rating is not None and status not in ("dismissed", "duplicate"):
            by_rating[rating] += count
            if status == "published":
                published_by_rating[rating] += count
    order = [level.key for level in scale.ratings]
    ranked = sorted(by_rating, key=lambda k: (order.index(k) if k in order else len(order), k))
    labels = {key: scale.label_of(key) for key in ranked}
    return DeskFigures(
        period=period,
        claims=sum(by_status.values()),
        by_status=by_status,
        by_rating={k: by_rating[k] for k in ranked},
        published_by_rating={k: published_by_rating[k] for k in ranked if published_by_rating[k]},
        rating_labels=labels,
        weeks=_weeks(firsts["verdict"], firsts["published"], period),
        to_verdict=Durations.of(firsts["verdict"].seconds),
        to_publication=Durations.of(firsts["published"].seconds),
        amendments=amendments,
        corrections=corrections,
        retractions=retractions,
        people=_people(per_person),
        articles=articles,
        articles_total=articles_total,
    )


@dataclass(frozen=True)
class Firsts:
    """Claims whose first decision of a kind fell in the period: how many per week
    (by the week's Monday), and the seconds each took from registration."""

    weeks: Counter[date]
    seconds: list[float]


def _firsts(cur: Any, dialect: Dialect, kind: str, bounds: tuple[str, str]) -> Firsts:
    # Per claim: the Monday (UTC) of the week of its first such decision, and the
    # seconds from its registration to it, worked out by the database.
    p = dialect.param
    week = dialect.week_of("MIN(at)")
    seconds = dialect.seconds_between("MIN(at)", "MIN(registered_at)")
    cur.execute(
        f"SELECT {week}, {seconds} FROM {DECISIONS.view} "  # noqa: S608
        f"WHERE kind = {p} GROUP BY claim_id HAVING MIN(at) BETWEEN {p} AND {p}",
        (kind, *bounds),
    )
    weeks: Counter[str] = Counter()
    durations = []
    for monday, elapsed in cur.fetchall():
        weeks[monday] += 1
        durations.append(float(elapsed))
    return Firsts(Counter({date.fromisoformat(k): n for k, n in weeks.items()}), durations)


def _weeks(checked: Firsts, published: Firsts, period: Period) -> list[Week]:
    """Every week from the first milestone to the last (within the period), the empty
    ones included, so the chart's time axis is even."""
    starts = set(checked.weeks) | set(published.weeks)
    if not starts:
        return []
    first, last = min(starts), max(starts)
    if period.since is not None:
        day = period.since.date()
        first = max(first, day - timedelta(days=day.weekday()))
    weeks = []
    week = first
    while week <= last:
        weeks.append(Week(week, checked.weeks[week], published.weeks[week]))
        week += timedelta(days=7)
    return weeks


def _amendments(cur: Any, within: str, bounds: tuple[str, str]) -> tuple[list[Amendment], int, int]:
    cur.execute(
        f"SELECT kind, COUNT(*) FROM {DECISIONS.view} "  # noqa: S608
        f"WHERE kind IN ('corrected', 'retracted') AND at {within} GROUP BY kind",
        bounds,
    )
    totals = dict(cur.fetchall())
    cur.execute(
        "SELECT d.claim_id, f.text, d.kind, d.at, d.actor, d.old_rating, d.rating, d.note "  # noqa: S608
        f"FROM {DECISIONS.view} d LEFT JOIN {CLAIMS.view} f ON f.id = d.claim_id "
        f"WHERE d.kind IN ('corrected', 'retracted') AND d.at {within} "
        f"ORDER BY d.at DESC, d.position DESC LIMIT {LISTED}",
        bounds,
    )
    listed = [
        Amendment(
            claim_id=claim_id,
            claim_text=text,
            kind=kind,
            at=datetime.fromisoformat(at),
            by=actor,
            old_rating=old,
            new_rating=new,
            note=note,
        )
        for claim_id, text, kind, at, actor, old, new, note in cur.fetchall()
    ]
    return listed, int(totals.get("corrected", 0)), int(totals.get("retracted", 0))


def _people(rows: list[tuple[Any, ...]]) -> dict[str, dict[str, int]]:
    people: dict[str, dict[str, int]] = {}
    for actor, kind, count in rows:
        name = actor or "-"
        counts = people.setdefault(name, dict.fromkeys(PERSON_KINDS, 0))
        counts[kind] = counts.get(kind, 0) + int(count)
    return dict(sorted(people.items(), key=lambda item: (-sum(item[1].values()), item[0])))


def _articles(
    cur: Any, period: Period, within: str, bounds: tuple[str, str]
) -> tuple[list[ArticleCard], int]:
    where = f" WHERE registered_at {within}" if period.bounded else ""
    params = bounds if period.bounded else ()
    cur.execute(f"SELECT COUNT(*) FROM {ARTICLE_STATS.view}{where}", params)  # noqa: S608
    (total,) = cur.fetchone()
    cur.execute(
        "SELECT id, title, url, published_on, registered_at, claims, checked, "  # noqa: S608
        f"published, ratings FROM {ARTICLE_STATS.view}{where} "
        f"ORDER BY position DESC LIMIT {LISTED}",
        params,
    )
    cards = [
        ArticleCard(
            id=r[0],
            title=r[1],
            url=r[2],
            published=r[3],
            registered_at=r[4],
            claims=int(r[5]),
            checked=int(r[6]),
            published_claims=int(r[7]),
            ratings=orjson.loads(r[8]) if r[8] else {},
        )
        for r in cur.fetchall()
    ]
    return cards, int(total)
