"""Candidate duplicates: claims that say the same thing as another, found and scored.

The index holds every claim's text (read from the `factcheck` read model, never from
the events), its stems, and an inverted index from stems to claims, so a lookup scores
only the claims that share the most stems with the one asked about, not every claim.
Scores come from claims.extraction.similarity; a candidate
is shown, never merged: an editor confirms with `claims duplicate`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from claims.extraction.similarity import (
    MATCH_SCORE,
    Signature,
    compare,
    quick_signature,
    signature,
)
from claims.projections.source import EventSource
from claims.views import SimilarClaimView

# Show at most this many candidates for one claim, best first.
MAX_CANDIDATES = 10
# A stem shared with more than this share of all claims ("up", "percent") does not
# make a claim a candidate by itself; it still counts in the score.
COMMON_STEM_SHARE = 0.2


# The claims sharing the most stems with the one asked about that are scored at all, and
# how many of the best by the cheap score are read again without their wrappers.
SHORTLIST = 200
RESCORED = 20


@dataclass
class SimilarityIndex:
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (status, text)
    signatures: dict[str, Signature] = field(default_factory=dict)  # the text as it is
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
        quick = quick_signature(text)
        self.signatures[claim_id] = quick
        for stem in quick.stems:
            self.by_stem.setdefault(stem, set()).add(claim_id)

    def candidates(
        self, text: str, *, exclude: str | None = None, min_score: float = MATCH_SCORE
    ) -> list[SimilarClaimView]:
        """The claims scoring at least min_score against `text`, best first.

        Three steps, each on fewer claims: the SHORTLIST claims sharing the most stems;
        their score on the texts as stored (an ingested claim's text has no wrapper);
        the RESCORED best of those read again without wrappers, for the final score."""
        query = signature(text)
        common = max(50, int(COMMON_STEM_SHARE * len(self.texts)))
        shared: Counter[str] = Counter()
        for stem in query.stems | quick_signature(text).stems:
            holders = self.by_stem.get(stem, ())
            if stem != "#" and len(holders) <= common:
                shared.update(holders)
        needed = 2 if len(query.stems) > 2 else 1
        shortlist = [
            claim_id
            for claim_id, count in shared.most_common(SHORTLIST)
            if count >= needed and claim_id != exclude
        ]
        cheap = sorted(
            ((compare(query, self.signatures[claim_id]), claim_id) for claim_id in shortlist),
            reverse=True,
        )[:RESCORED]
        found = []
        for rough, claim_id in cheap:
            if rough < min_score - 0.3:
                break
            status, other = self.texts[claim_id]
            score = compare(query, signature(other))
            if score >= min_score:
                found.append(
                    SimilarClaimView(id=UUID(claim_id), text=other, status=status, score=score)
                )
        found.sort(key=lambda view: (-view.score, str(view.id)))
        return found[:MAX_CANDIDATES]


def index_of(ledger: EventSource) -> SimilarityIndex:
    """The index of every claim the read model holds (brought up to date first)."""
    from claims.projections.claim_texts import claim_texts

    return SimilarityIndex.of(claim_texts(ledger))
