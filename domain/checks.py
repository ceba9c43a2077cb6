"""The input checks command methods call, loaded on their first use.

They are pydantic models (domain.values); replaying stored events needs none of
them, so a read-only process (`claims show`, `claims history`) never builds them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from domain.values import ArticleDraft, ClaimDraft, EvidenceDraft, ScaleDraft


def actor(name: str) -> str:
    """A member name in its canonical spelling (see `domain.names`)."""
    from domain.names import member_name

    return member_name(name)


def reason(text: str, *, what: str = "reason") -> str:
    """A non-empty, bounded free-text reason or note."""
    from domain import values

    return values.reason(text, what=what)


def claim_draft(**data: Any) -> ClaimDraft:
    from domain import values

    return values.parse(values.ClaimDraft, **data)


def evidence_draft(**data: Any) -> EvidenceDraft:
    from domain import values

    return values.parse(values.EvidenceDraft, **data)


def article_draft(**data: Any) -> ArticleDraft:
    from domain import values

    return values.parse(values.ArticleDraft, **data)


def scale_draft(definition: Mapping[str, Any]) -> ScaleDraft:
    """A scale definition read from a file: any keys at all, so taken as one mapping."""
    from domain import values

    return values.parse(values.ScaleDraft, **definition)
