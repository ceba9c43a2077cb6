"""What the demo must produce from the seed article, derived from the extractor itself."""

from __future__ import annotations

from claims.demo import SHOWCASE_WORDS, seed_article
from claims.extraction import DEFAULT_MIN_SCORE, ExtractedClaim, extract_claims
from domain.ids import claim_id_for

SEED = seed_article()


def _unique(claims: list[ExtractedClaim]) -> list[ExtractedClaim]:
    seen: set[object] = set()
    kept = []
    for claim in claims:
        if claim_id_for(claim.text) not in seen:
            seen.add(claim_id_for(claim.text))
            kept.append(claim)
    return kept


SEED_CLAIMS = _unique(
    extract_claims(SEED.text, published=SEED.published, min_score=DEFAULT_MIN_SCORE)
)
SHOWCASE = next(c for c in SEED_CLAIMS if SHOWCASE_WORDS in c.text)
SHOWCASE_ID = claim_id_for(SHOWCASE.text)
# The article, its claims, and the six workflow steps after the showcase's registration.
DEMO_EVENTS = 1 + len(SEED_CLAIMS) + 6
