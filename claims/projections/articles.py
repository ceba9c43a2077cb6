"""The `articles` read model: per article, what became of the claims made in it.

A claim counts in every article it appears in (its registration's article, and
each appearance added later):

- `claims`: claims extracted from (or recorded as appearing in) the article;
- `checked`: those with a verdict recorded (whatever its review or later fate);
- `published`: those with a published verdict;
- `ratings`: the current ratings of the published ones, after corrections, as a
  JSON object {rating key: count} with sorted keys.

The counters move by the difference between a claim's contribution before and
after the batch, so one batch costs one read and one write per article touched.
"""

from __future__ import annotations

from typing import Any

import orjson

from claims.projections.engine import Batch, Names
from claims.projections.factcheck import State
from claims.projections.schema import ARTICLE_STATS, ARTICLES

Contribution = tuple[str, bool, bool, str | None]

_ID, _POSITION, _TITLE, _URL, _PUBLISHED_ON, _REGISTERED_AT = range(6)
_CLAIMS, _CHECKED, _PUBLISHED, _RATINGS = range(6, 10)


def contribution(s: State | None) -> Contribution | None:
    if s is None or not s["appearance_ids"]:
        return None
    published = s["published_at"] is not None
    return (
        s["appearance_ids"],
        s["rating"] is not None,
        published,
        s["rating"] if published else None,
    )


def empty_row(entry: State) -> list[Any]:
    """A new article's row: its catalogue entry, no claims yet."""
    return [
        entry["id"],
        entry.get("position"),
        entry.get("title"),
        entry.get("url"),
        entry.get("published_on"),
        entry.get("registered_at"),
        0,
        0,
        0,
        {},
    ]


def row_values(row: list[Any]) -> tuple[Any, ...]:
    """A row as stored: the ratings as a JSON object with sorted keys, zeros left out."""
    ratings: dict[str, int] = row[_RATINGS]
    shown = {key: count for key, count in ratings.items() if count}
    return (*row[:_RATINGS], orjson.dumps(shown, option=orjson.OPT_SORT_KEYS).decode())


class ArticleMoves:
    """New articles, and each claim contribution to take away (-1) or add (+1)."""

    def __init__(self, new: list[State], moves: list[tuple[Contribution, int]]) -> None:
        self.new = new
        self.moves = moves

    def write(self, batch: Batch, cur: Any, names: Names) -> None:
        if not self.new and not self.moves:
            return
        name = names[ARTICLE_STATS.key]
        rows: dict[str, list[Any]] = {}
        wanted = {a for (ids, *_), _ in self.moves for a in ids.split()}
        wanted.update(entry["id"] for entry in self.new)
        # Read under the caller's lock: another process may move the same counters.
        _load(batch, cur, name, rows, wanted)
        for entry in self.new:
            # A claim may have been counted in the article before its registration
            # reached the log (an earlier page, or another writer's transaction):
            # the registration fills in what the article is and keeps the counts.
            rows[entry["id"]][:_CLAIMS] = empty_row(entry)[:_CLAIMS]
        for (ids, checked, published, rating), sign in self.moves:
            for article_id in ids.split():
                row = rows[article_id]
                row[_CLAIMS] += sign
                if checked:
                    row[_CHECKED] += sign
                if published:
                    row[_PUBLISHED] += sign
                if rating is not None:
                    ratings = row[_RATINGS]
                    ratings[rating] = ratings.get(rating, 0) + sign
        batch.dialect.upsert(cur, name, ARTICLE_STATS, [row_values(r) for r in rows.values()])


class ArticlesProjector:
    model = ARTICLES

    def stage(self, batch: Batch, cur: Any) -> ArticleMoves:
        moves: list[tuple[Contribution, int]] = []
        for before, after in batch.changes():
            new = contribution(after)
            old = contribution(before)
            if new == old:
                continue
            if old is not None:
                moves.append((old, -1))
            if new is not None:
                moves.append((new, 1))
        return ArticleMoves(list(batch.new_articles.values()), moves)


def _load(batch: Batch, cur: Any, name: str, rows: dict[str, list[Any]], wanted: set[str]) -> None:
    missing = [a for a in wanted if a not in rows]
    if not missing:
        return
    for values in batch.dialect.select_keys(cur, name, ARTICLE_STATS, missing):
        row = list(values)
        row[_RATINGS] = orjson.loads(row[_RATINGS]) if row[_RATINGS] else {}
        rows[row[_ID]] = row
    unknown = [a for a in missing if a not in rows]
    if unknown:  # an article the catalogue may know though its row is missing
        catalogue = batch.catalogue(cur, unknown)
        for article_id in unknown:
            rows[article_id] = empty_row(catalogue.get(article_id) or {"id": article_id})
