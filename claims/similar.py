"""Candidate duplicates: claims that say the same thing as another, found and scored.

The index holds every claim's text (read from the `factcheck` read model, never from
the events) and an inverted index from word stems to claims, so a lookup scores only the
claims that share at least two stems with the one asked about (or one, for a claim of
fewer stems), not every claim. Scores come from claims.extraction.similarity; a candidate
is shown, never merged: an editor confirms with `claims duplicate`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from claims.extraction.similarity import MATCH_SCORE, compare, quick_signature, signature
from claims.views import SimilarClaimView

# Show at most this many candidates for one claim, best first.
MAX_CANDIDATES = 10
# A stem shared with more than this share of all claims ("up", "percent") does not
# make a claim a candidate by itself; it still counts in the score.
COMMON_STEM_SHARE = 0.2


@dataclass
class SimilarityIndex:
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (status, text)
    by_stem: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, rows: Iterable[tuple[str, str, str]]) -> SimilarityIndex:
        index = cls()
        for claim_id, status, text in rows:
            index.add(claim_id, status, text)
        return index

    def add(self, claim_id: str, status: str, text: str) -> None:
        if claim_id in self.texts:
            return
        self.texts[claim_id] = (status, text)
        for stem in quick_signature(text).stems:
            self.by_stem.setdefault(stem, set()).add(claim_id)

    def candidates(
        self, text: str, *, exclude: str | None = None, min_score: float = MATCH_SCORE
    ) -> list[SimilarClaimView]:
        """The claims scoring at least min_score against `text`, best first."""
        query = signature(text)
        stems = quick_signature(text).stems | query.stems
        common = max(50, int(COMMON_STEM_SHARE * len(self.texts)))
        shared: Counter[str] = Counter()
        for stem in stems:
            holders = self.by_stem.get(stem, ())
            if stem != "#" and len(holders) <= common:
                shared.update(holders)
        needed = 2 if len(query.stems) > 2 else 1
        found = []
        for claim_id, count in shared.items():
            if count < needed or claim_id == exclude:
                continue
            status, other = self.texts[claim_id]
            score = compare(query, signature(other))
            if score >= min_score:
                found.append(
                    SimilarClaimView(id=UUID(claim_id), text=other, status=status, score=score)
                )
        found.sort(key=lambda view: (-view.score, str(view.id)))
        return found[:MAX_CANDIDATES]


def index_of(ledger: Any) -> SimilarityIndex:
    """The index of every claim the read model holds (brought up to date first)."""
    from claims.projections.claim_texts import claim_texts

    return SimilarityIndex.of(claim_texts(ledger))
