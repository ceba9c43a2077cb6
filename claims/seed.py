"""The seed article shipped with the package, in its transcript header format."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from importlib import resources

SEED_FILE = "putin-xi-beijing-2024-05-16.txt"

# "date YYYY-MM-DD <title> <title repeated> <mm:ss>"
_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+(.*?)\s+\d{1,2}:\d{2}\s*$")


@dataclass(frozen=True)
class SeedArticle:
    title: str
    published: date
    body: str


def parse_header_article(raw: str) -> SeedArticle:
    """Split the header line from the body and undo the doubled title."""
    header, _, body = raw.partition("\n")
    match = _HEADER.match(header)
    if match is None:
        msg = "first line is not 'date YYYY-MM-DD <title> <title> <mm:ss>'"
        raise ValueError(msg)
    published, titles = match.groups()
    return SeedArticle(
        title=_undouble(titles), published=date.fromisoformat(published), body=body.strip()
    )


def _undouble(titles: str) -> str:
    words = titles.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return titles


def load_seed_article() -> SeedArticle:
    raw = resources.files("claims.data").joinpath(SEED_FILE).read_text(encoding="utf-8")
    return parse_header_article(raw)
