"""The one door: `ClaimsLedger` is every command a desk issues and every query it
reads, over one event store. Primitives in, views out, one atomic save per command.

It is the library's `Application`, built from one desk a file (`claims.ledger`): the
core (the store, encoding and sealing, the steps every command shares), then
articles and ingestion, claims and their life, the rating scale, the team, and the
auditor's reads.
"""

from __future__ import annotations

from claims.ledger.article_desk import ArticleDesk
from claims.ledger.audit_desk import AuditDesk
from claims.ledger.claim_desk import ClaimDesk
from claims.ledger.core import LedgerCore, actor_name
from claims.ledger.scale_desk import ScaleDesk
from claims.ledger.team_desk import TeamDesk

__all__ = ["ClaimsLedger", "actor_name"]


class ClaimsLedger(AuditDesk, ClaimDesk, ArticleDesk, TeamDesk, ScaleDesk, LedgerCore):
    """Every command a desk issues and every query it reads, over one event store."""

    # The library names the events table after the application: claims_events.
    name = "claims"
