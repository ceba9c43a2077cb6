"""Every claim's id, status and text, read from the `factcheck` view: what the
similar-claims index is built from, without replaying any claim's events."""

from __future__ import annotations

from collections.abc import Iterator

from claims.projections.freshness import readable
from claims.projections.queries import _by_position
from claims.projections.schema import BASE, CLAIMS
from claims.projections.source import EventSource


def claim_texts(ledger: EventSource) -> Iterator[tuple[str, str, str]]:
    """(id, status, text) of every claim in registration order, a page at a time."""
    ctx = readable(ledger, BASE)
    if ctx is None:  # nothing was ever stored
        return
    for _, claim_id, status, text in _by_position(ctx, CLAIMS.view, "id, status, text"):
        yield str(claim_id), str(status), str(text)
