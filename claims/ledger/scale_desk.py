"""The rating scale in force, and adopting another: the scale book's use cases."""

from __future__ import annotations

from typing import Any

from claims.ledger.core import LedgerCore, one_command
from claims.views import (
    ScaleView,
)
from domain.errors import NotFound, RuleViolation
from domain.ratings import DEFAULT_SCALE, RatingScale
from domain.scale_book import SCALE_BOOK_ID, ScaleBook, scale_from


class ScaleDesk(LedgerCore):
    """The rating scale a store's verdicts are given in."""

    @property
    def scale(self) -> RatingScale:
        """The rating scale in force in this store, read from it each time (a small
        aggregate), so a scale another process adopted applies at once."""
        book = self._scale_book()
        return book.scale if book is not None and book.scale is not None else DEFAULT_SCALE

    def rating_scale(self) -> ScaleView:
        book = self._scale_book()
        if book is None or book.scale is None:
            return ScaleView.of(DEFAULT_SCALE, None, None)
        return ScaleView.of(book.scale, book.adopted_by, book.adopted_at)

    @one_command
    def adopt_scale(
        self, definition: dict[str, Any], *, by: str, relabel: bool = False
    ) -> ScaleView:
        """Put a scale in force for every user of this store.

        Refused while a claim's current verdict carries a rating the new scale does
        not have, and, unless `relabel`, when it would change the label or value of
        a rating that published fact-checks carry (their ClaimReview would change).
        A verdict recorded in the very instant of an adoption is judged by the scale
        it read; if that rating is off the new scale it shows as its key.
        """
        from claims.projections import catch_up, ratings_in_use

        scale = scale_from(definition)
        # The rule reads the ratings claims carry: from read models at the head of the log.
        catch_up(self)
        stranded = {k: n for k, n in ratings_in_use(self).items() if k not in scale.keys}
        if stranded:
            msg = (
                f"the {scale.name} scale lacks ratings that claims carry now: {_counted(stranded)}"
            )
            raise RuleViolation(msg)

        def decide() -> ScaleBook:
            book = self._scale_book() or ScaleBook.open(by=by)
            current = book.scale or DEFAULT_SCALE
            if not relabel:
                _refuse_relabelling(current, scale, ratings_in_use(self, published=True))
            book.adopt(scale, by=by)
            return book

        book = self._retrying(decide, "the rating scale", refusal_on_retry_is_conflict=False)
        return ScaleView.of(scale, book.adopted_by, book.adopted_at)

    def _scale_book(self) -> ScaleBook | None:
        try:
            return self._load(ScaleBook, SCALE_BOOK_ID, "scale book")
        except NotFound:
            return None


def _counted(ratings: dict[str, int]) -> str:
    """'true (3 claims), mixed (1 claim)'."""
    return ", ".join(f"{k} ({n} claim{'s' if n > 1 else ''})" for k, n in ratings.items())


def _refuse_relabelling(current: RatingScale, new: RatingScale, published: dict[str, int]) -> None:
    """Refuse a scale that would show published fact-checks' ratings differently."""
    changed = []
    for key in published:
        if key not in current.keys or key not in new.keys:
            continue
        was, becomes = current.get(key), new.get(key)
        if (was.label, was.value) != (becomes.label, becomes.value):
            changed.append(
                f"{key} ({was.label!r} {was.value} -> {becomes.label!r} {becomes.value})"
            )
    if changed:
        msg = (
            f"the {new.name} scale changes how published fact-checks are rated: "
            f"{', '.join(changed)}; adopt it with --relabel to change their ClaimReview"
        )
        raise RuleViolation(msg)
