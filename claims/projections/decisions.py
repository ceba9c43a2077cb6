"""The `decisions` read model: one row per decision a desk took on a claim.

A decision is a verdict recorded, a verdict approved or rejected, a publication,
a correction, a retraction or a dismissal: the events an editor counts when asked
how much the desk checked and how fast. Each row keeps who decided and when, the
rating it set (`old_rating` too for a correction), its note (the correction's note,
the reason of a rejection, retraction or dismissal) and the claim's registration
time, so the time from registration to a verdict needs no join.

Unlike the other derived models, which follow a claim's state, this one needs every
event: two corrections in one batch leave one state but are two rows. So it names
the topics it observes, and the batch hands it those events (`Batch.observed`).
A row's key is the claim id and the event's version: replaying an event writes the
same row again.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.utils import get_topic

from claims.projections.engine import Batch, RowChanges
from claims.projections.factcheck import Payload
from claims.projections.schema import DECISIONS, DECISIONS_MODEL
from domain.claim import Claim

# The kind each observed event is stored as.
KINDS: dict[str, str] = {
    get_topic(Claim.VerdictRecorded): "verdict",
    get_topic(Claim.VerdictApproved): "approved",
    get_topic(Claim.VerdictRejected): "rejected",
    get_topic(Claim.Published): "published",
    get_topic(Claim.Corrected): "corrected",
    get_topic(Claim.Retracted): "retracted",
    get_topic(Claim.Dismissed): "dismissed",
}


def _rating_and_note(kind: str, p: Payload) -> tuple[str | None, str | None, str | None]:
    """(rating, old rating, note) of one decision."""
    if kind in ("verdict", "published"):
        return p.get("rating"), None, None
    if kind == "corrected":
        return p.get("new_rating"), p.get("old_rating"), p.get("note")
    if kind in ("rejected", "retracted", "dismissed"):
        return None, None, p.get("reason")
    return None, None, None


class DecisionsProjector:
    model = DECISIONS_MODEL
    observes = frozenset(KINDS)

    def stage(self, batch: Batch, cur: Any) -> RowChanges:
        rows: list[tuple[Any, ...]] = []
        for position, hex_id, version, topic, p in batch.observed:
            kind = KINDS.get(topic)
            if kind is None:
                continue
            claim = batch.claims[hex_id]
            rating, old_rating, note = _rating_and_note(kind, p)
            rows.append(
                (
                    f"{claim['id']}/{version}",
                    position,
                    claim["id"],
                    kind,
                    p["timestamp"]["_data_"],
                    p.get("actor"),
                    rating,
                    old_rating,
                    note,
                    claim["registered_at"],
                )
            )
        return RowChanges(DECISIONS, rows, [])
