"""Ids derived from content, so the same text always maps to the same aggregate."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from uuid import UUID, uuid5

# Fixed namespaces: changing them would orphan every stored aggregate.
ARTICLE_NAMESPACE = UUID("0b5d3f0e-6c1a-4b8e-9a53-2f3c8e1d7a10")
CLAIM_NAMESPACE = UUID("7e2c9a44-1d3b-4f6e-8c0a-5b9d2e7f3a61")

_SPACES = re.compile(r"\s+")
# Closing punctuation, closing quote marks and the spaces between them.
_CLOSING = re.compile(r"[\s.!?;:\"'\u201d\u2019\u00bb]+$")


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_id_for(sha256: str) -> UUID:
    """An article's id is a function of its text's hash: one text, one article."""
    return uuid5(ARTICLE_NAMESPACE, sha256)


def normalise_claim_text(text: str) -> str:
    """Compare claims ignoring case, unicode form, spacing and closing punctuation."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _CLOSING.sub("", _SPACES.sub(" ", folded).strip())


def claim_id_for(text: str) -> UUID:
    """The same claim text (after normalisation) is always the same claim."""
    return uuid5(CLAIM_NAMESPACE, normalise_claim_text(text))
