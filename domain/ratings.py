"""The rating scale is data, not code: organisations swap in their own scale."""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import InvalidInput


@dataclass(frozen=True)
class Rating:
    """One level of a scale. `value` is the ordinal used by ClaimReview, if any."""

    key: str
    label: str
    value: int | None


@dataclass(frozen=True)
class RatingScale:
    name: str
    ratings: tuple[Rating, ...]

    def get(self, key: str) -> Rating:
        """The rating with this key, or InvalidInput naming the valid keys."""
        for rating in self.ratings:
            if rating.key == key:
                return rating
        valid = ", ".join(r.key for r in self.ratings)
        msg = f"rating {key!r} is not on the {self.name} scale (valid: {valid})"
        raise InvalidInput(msg)

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(r.key for r in self.ratings)

    def label_of(self, key: str) -> str:
        """The rating's label; the key itself for a rating this scale does not have
        (a verdict recorded under a scale adopted before this one)."""
        for rating in self.ratings:
            if rating.key == key:
                return rating.label
        return key

    @property
    def best(self) -> int | None:
        values = [r.value for r in self.ratings if r.value is not None]
        return max(values) if values else None

    @property
    def worst(self) -> int | None:
        values = [r.value for r in self.ratings if r.value is not None]
        return min(values) if values else None


DEFAULT_SCALE = RatingScale(
    name="default",
    ratings=(
        Rating("true", "True", 5),
        Rating("mostly-true", "Mostly true", 4),
        Rating("mixed", "Mixed", 3),
        Rating("mostly-false", "Mostly false", 2),
        Rating("false", "False", 1),
        Rating("misleading", "Misleading", None),
        Rating("unproven", "Unproven", None),
    ),
)
