"""The ClaimReview embedded in an article's page, read back the way search engines
read it (extruct's JSON-LD extractor)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import extruct

from tests.application.support import ledger_at
from tests.cli.support import invoke
from tests.report.support import build

REQUIRED = ("@context", "@type", "claimReviewed", "url", "reviewRating", "author", "datePublished")


def json_ld(page: Path) -> list[dict[str, Any]]:
    data = extruct.extract(
        page.read_text(encoding="utf-8"),
        base_url=page.as_uri(),
        syntaxes=["json-ld"],
        uniform=True,
    )
    documents: list[dict[str, Any]] = data["json-ld"]
    return documents


def test_every_published_claim_carries_a_complete_current_claimreview(
    shared_url: str, tmp_path: Path
) -> None:
    with ledger_at(shared_url) as ledger:
        scenario = build(ledger)
    first, second = tmp_path / "first.html", tmp_path / "second.html"
    for article, out in ((scenario.first, first), (scenario.second, second)):
        result = invoke(["--db", shared_url, "report", str(article), "--out", str(out)])
        assert result.exit_code == 0, result.output

    [review] = json_ld(first)
    assert json_ld(second) == []  # the retracted fact-check is no longer published

    for field in REQUIRED:
        assert review.get(field), field
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "China-Russia trade totaled $240 billion"
    assert review["url"].endswith(f"/claims/{scenario.trade}")
    assert review["author"]["@type"] == "Organization"
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating["alternateName"] == "True"  # as corrected, not as first published
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (5, 5, 1)
    assert review["dateModified"] >= review["datePublished"]
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["appearance"][0]["url"] == "https://news.example.org/a"
    assert item["datePublished"] == "2024-05-16"


def test_the_page_claimreview_is_the_exported_one(sqlite_url: str, tmp_path: Path) -> None:
    with ledger_at(sqlite_url) as ledger:
        scenario = build(ledger)
    out = tmp_path / "first.html"
    invoke(["--db", sqlite_url, "report", str(scenario.first), "--out", str(out)])

    exported = invoke(["--db", sqlite_url, "export", "claimreview"])

    assert json_ld(out) == json.loads(exported.stdout)
