"""The `claimreview` read model: one schema.org ClaimReview per published claim.

The stored row is everything about the review that follows from the events: the
claim, the current rating key after corrections (its own column), the dates, and
the claim as it was made (`itemReviewed`: speaker, articles it appeared in). What
depends on the organisation that publishes it is added by `compose` when documents
are exported: `url` and `author` from CLAIMS_ORG_NAME and CLAIMS_ORG_URL, and
`reviewRating` from the rating scale in force, so changing either never leaves
stale rows behind.

Google's ClaimReview guidelines: required `claimReviewed`, `url`,
`reviewRating.alternateName`; recommended `author`, `datePublished`,
`reviewRating.ratingValue/bestRating/worstRating` (ordinal ratings only),
`itemReviewed` of type Claim with `author`, `datePublished`, `appearance`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson

from claims.projections.engine import Batch, RowChanges
from claims.projections.factcheck import State
from claims.projections.schema import CLAIMREVIEW, CLAIMREVIEW_MODEL
from domain.errors import InvalidInput
from domain.ratings import RatingScale

SCHEMA_ORG = "https://schema.org"
DEFAULT_ORG_NAME = "Claims fact-check desk"
DEFAULT_ORG_URL = "https://factcheck.example.org"

Row = tuple[Any, ...]
Signature = tuple[Any, ...]
Catalogue = dict[str, State | None]


@dataclass(frozen=True)
class Organisation:
    """Who publishes the fact-checks, and where they live on the web."""

    name: str
    url: str

    @classmethod
    def from_env(cls) -> Organisation:
        name = os.environ.get("CLAIMS_ORG_NAME", "").strip() or DEFAULT_ORG_NAME
        url = os.environ.get("CLAIMS_ORG_URL", "").strip() or DEFAULT_ORG_URL
        return cls(name=name, url=url.rstrip("/"))

    def review_url(self, claim_id: str) -> str:
        return f"{self.url}/claims/{claim_id}"


def _signature(s: State | None) -> Signature | None:
    """What the document is made of; equal signatures give equal documents."""
    if s is None or s["published_at"] is None:
        return None
    return (
        s["text"],
        s["speaker"],
        s["rating"],
        s["published_at"],
        s["corrected_at"],
        s["appearance_ids"],
        s["source_url"],
    )


@lru_cache(maxsize=256)
def rating_json(rating: str, scale: RatingScale) -> dict[str, Any]:
    """`reviewRating` of a rating key (shared: do not change the result)."""
    try:
        level = scale.get(rating)
    except InvalidInput:  # a key the current scale no longer has: show the key
        return {"@type": "Rating", "alternateName": rating}
    review: dict[str, Any] = {"@type": "Rating", "alternateName": level.label}
    if level.value is not None and scale.best is not None and scale.worst is not None:
        review.update(ratingValue=level.value, bestRating=scale.best, worstRating=scale.worst)
    return review


def _appearance(entry: State) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if entry.get("url"):
        work["url"] = entry["url"]
    if entry.get("title"):
        work["headline"] = entry["title"]
    if entry.get("published_on"):
        work["datePublished"] = entry["published_on"]
    return work


def document(s: State, catalogue: Catalogue) -> dict[str, Any]:
    """The stored ClaimReview of a published claim (without `url`, `author` and
    `reviewRating`, which follow the desk's settings and scale at export)."""
    item: dict[str, Any] = {"@type": "Claim"}
    if s["speaker"]:
        item["author"] = {"@type": "Person", "name": s["speaker"]}
    articles = [catalogue.get(a) for a in s["appearance_ids"].split()]
    known = [entry for entry in articles if entry is not None]
    if known and known[0].get("published_on"):
        item["datePublished"] = known[0]["published_on"]
    if known:
        item["appearance"] = [_appearance(entry) for entry in known]
    elif s["source_url"]:
        item["appearance"] = [{"@type": "CreativeWork", "url": s["source_url"]}]
    doc: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "claimReviewed": s["text"],
        "datePublished": s["published_at"][:10],
    }
    if s["corrected_at"]:
        doc["dateModified"] = s["corrected_at"][:10]
    doc["itemReviewed"] = item
    return doc


def compose(
    claim_id: str, rating: str, stored: dict[str, Any], org: Organisation, scale: RatingScale
) -> dict[str, Any]:
    """The published JSON-LD: the stored document with the organisation's url and
    author and the rating as the scale in force names it, keys in a stable order."""
    out: dict[str, Any] = {
        "@context": stored.get("@context", SCHEMA_ORG),
        "@type": stored.get("@type", "ClaimReview"),
        "url": org.review_url(claim_id),
        "claimReviewed": stored["claimReviewed"],
        "author": {"@type": "Organization", "name": org.name, "url": org.url},
        "datePublished": stored["datePublished"],
    }
    if "dateModified" in stored:
        out["dateModified"] = stored["dateModified"]
    out["reviewRating"] = rating_json(rating, scale)
    out["itemReviewed"] = stored["itemReviewed"]
    return out


class ClaimReviewProjector:
    model = CLAIMREVIEW_MODEL

    def stage(self, batch: Batch, cur: Any) -> RowChanges:
        changed: list[State] = []
        deletes: list[str] = []
        for before, after in batch.changes():
            new = _signature(after)
            if new == _signature(before):
                continue
            if new is None:
                deletes.append(after["id"])
            else:
                changed.append(after)
        if not changed:
            return RowChanges(CLAIMREVIEW, [], deletes)
        catalogue = batch.catalogue(cur, (a for s in changed for a in s["appearance_ids"].split()))
        rows: list[Row] = [
            (
                s["id"],
                s["position"],
                s["published_at"],
                s["rating"],
                orjson.dumps(document(s, catalogue)).decode(),
            )
            for s in changed
        ]
        return RowChanges(CLAIMREVIEW, rows, deletes)
