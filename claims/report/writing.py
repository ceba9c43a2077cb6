"""The demo's last step: the seed article's report, written next to the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

from claims.report.article import article_report
from claims.report.article_page import render
from claims.report.output import beside_store, write_page
from claims.storage.location import locate_store


def write_seed_report(session: Any, article_id: UUID) -> Path:
    """Write the article's report beside the session's store; returns its path."""
    out = beside_store(locate_store(session.db), "-report.html")
    write_page(out, render(article_report(session.ledger(), article_id)))
    return out
