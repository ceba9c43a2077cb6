"""Claim extraction: article files in, check-worthy sentences with spans and speakers out.

Pure code: no store, no CLI, no network, no model download. The application calls
parse_articles() on an uploaded file and extract_claims() on each article's text.
"""

from claims.extraction.articles import (
    MAX_ARTICLE_BYTES,
    MAX_BATCH_BYTES,
    ParsedArticle,
    parse_articles,
)
from claims.extraction.errors import ArticleError
from claims.extraction.extract import DEFAULT_MIN_SCORE, ExtractedClaim, extract_claims

__all__ = [
    "DEFAULT_MIN_SCORE",
    "MAX_ARTICLE_BYTES",
    "MAX_BATCH_BYTES",
    "ArticleError",
    "ExtractedClaim",
    "ParsedArticle",
    "extract_claims",
    "parse_articles",
]
