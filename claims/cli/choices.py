"""The closed sets of values options take, so `--help` and completion can list them.

Spelled out here rather than imported from the domain, because the domain's enums
live beside pydantic and eventsourcing, which `claims --help` must not import;
tests/cli/test_conventions.py holds each set equal to its source.
"""

from __future__ import annotations

from typing import Literal

# domain.claim.ClaimStatus
Status = Literal[
    "open", "in-review", "rejected", "approved", "published", "retracted", "dismissed", "duplicate"
]
# domain.values.Stance
Stance = Literal["supports", "refutes", "context"]
Decision = Literal["approve", "reject"]
# claims.projections.schema.MODELS
Model = Literal["factcheck", "articles", "queue", "claimreview", "decisions", "appearances"]
# claims.extraction.articles.FORMATS
ArticleFormat = Literal["seed", "text", "markdown", "jsonl"]
