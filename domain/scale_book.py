"""The desk's rating scale as an aggregate: which scale is in force, since when, by whom.

Every process reading a store must judge ratings by the same scale, so the scale
lives in the store, not in a setting: adopting one records an event, and the
history of scales is audited like everything else. A store where none was adopted
uses `DEFAULT_SCALE`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.checks import actor, scale_draft
from domain.errors import RuleViolation
from domain.ratings import Rating, RatingScale

# Fixed: every store keeps its scale book under this id.
SCALE_BOOK_ID = uuid5(UUID("3f6a2d1c-9b8e-4c7a-a5d0-6e1f2b3c4d5e"), "rating-scale")


def scale_from(definition: dict[str, Any]) -> RatingScale:
    """A scale from its definition ({"name": ..., "ratings": [{key, label, value}]})."""
    draft = scale_draft(definition)
    return RatingScale(
        name=draft.name,
        ratings=tuple(Rating(r.key, r.label, r.value) for r in draft.ratings),
    )


def definition_of(scale: RatingScale) -> dict[str, Any]:
    """What an `Adopted` event stores: the scale as plain data."""
    return {
        "name": scale.name,
        "ratings": [{"key": r.key, "label": r.label, "value": r.value} for r in scale.ratings],
    }


class ScaleBook(Aggregate):
    """One per store: the scales adopted, in order; the last one is in force."""

    class Opened(Aggregate.Created):
        actor: str

    class Adopted(Aggregate.Event):
        name: str
        ratings: list[dict[str, Any]]
        actor: str

    @staticmethod
    def create_id(**_: Any) -> UUID:
        return SCALE_BOOK_ID

    @classmethod
    def open(cls, *, by: str) -> ScaleBook:
        return cls(actor=actor(by))

    @event(Opened)
    def __init__(self, actor: str) -> None:
        self.scale: RatingScale | None = None
        self.adopted_by: str | None = None
        self.adopted_at: datetime | None = None

    def adopt(self, scale: RatingScale, *, by: str) -> None:
        """Put `scale` in force. The caller has checked that no claim's current
        rating falls off it (the book cannot see the claims)."""
        who = actor(by)
        if self.scale == scale:
            msg = f"the desk already uses the {scale.name} scale as given"
            raise RuleViolation(msg)
        definition = definition_of(scale)
        self._adopted(name=definition["name"], ratings=definition["ratings"], actor=who)

    @event(Adopted)
    def _adopted(
        self,
        name: str,
        ratings: list[dict[str, Any]],
        actor: str,
        timestamp: datetime | None = None,
    ) -> None:
        self.scale = RatingScale(
            name=name,
            ratings=tuple(Rating(r["key"], r["label"], r["value"]) for r in ratings),
        )
        self.adopted_by = actor
        self.adopted_at = timestamp
