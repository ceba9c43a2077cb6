"""The `appearances` read model: which claims appear in which article.

A claim appears in the article it was registered from and in every article that
later repeated it (`AppearanceAdded`); the claim's own state lists those articles
(`appearance_ids`), so this model follows that list: one row per (article, claim).
The article report starts here, then reads each claim's span in that article
from the claim itself.
"""

from __future__ import annotations

from typing import Any

from claims.projections.engine import Batch, RowChanges
from claims.projections.factcheck import State
from claims.projections.schema import APPEARANCES, APPEARANCES_MODEL


def _articles(s: State | None) -> set[str]:
    return set(s["appearance_ids"].split()) if s is not None else set()


class AppearancesProjector:
    model = APPEARANCES_MODEL

    def stage(self, batch: Batch, cur: Any) -> RowChanges:
        upserts: list[tuple[Any, ...]] = []
        deletes: list[str] = []
        for before, after in batch.changes():
            old, new = _articles(before), _articles(after)
            if old == new:
                continue
            claim_id = after["id"]
            for article_id in sorted(new - old):
                upserts.append(
                    (f"{article_id}/{claim_id}", after["position"], article_id, claim_id)
                )
            deletes.extend(f"{article_id}/{claim_id}" for article_id in sorted(old - new))
        return RowChanges(APPEARANCES, upserts, deletes)
