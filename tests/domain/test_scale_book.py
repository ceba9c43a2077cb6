"""The scale book: which rating scale is in force, adopted as events; scales are data."""

from __future__ import annotations

from typing import Any

import pytest

from domain.errors import InvalidInput, RuleViolation
from domain.ratings import DEFAULT_SCALE, Rating, RatingScale
from domain.scale_book import SCALE_BOOK_ID, ScaleBook, definition_of, scale_from

FEVER: dict[str, Any] = {
    "name": "fever",
    "ratings": [
        {"key": "supports", "label": "Supported"},
        {"key": "refutes", "label": "Refuted"},
        {"key": "not-enough-info", "label": " Not enough info "},
    ],
}


def test_a_scale_is_read_from_its_definition_with_labels_trimmed() -> None:
    scale = scale_from(FEVER)

    assert scale == RatingScale(
        "fever",
        (
            Rating("supports", "Supported", None),
            Rating("refutes", "Refuted", None),
            Rating("not-enough-info", "Not enough info", None),
        ),
    )
    assert (scale.best, scale.worst) == (None, None)


def test_a_definition_round_trips() -> None:
    assert scale_from(definition_of(DEFAULT_SCALE)) == DEFAULT_SCALE


@pytest.mark.parametrize(
    ("ratings", "message"),
    [
        ([{"key": "a", "label": "A"}], "at least 2 items"),
        ([{"key": "a", "label": "A"}, {"key": "A", "label": "B"}], "pattern"),
        ([{"key": "a", "label": "A"}, {"key": "a", "label": "B"}], "share the key 'a'"),
        ([{"key": "a", "label": "Same"}, {"key": "b", "label": "same"}], "share the label"),
        ([{"key": "a", "label": "A", "value": True}, {"key": "b", "label": "B"}], "integer"),
        ([{"key": "a", "label": "A", "value": -1}, {"key": "b", "label": "B"}], "greater than"),
        ([{"key": "a", "label": ""}, {"key": "b", "label": "B"}], "at least 1 character"),
        ([{"key": "a", "label": "A", "colour": "red"}, {"key": "b", "label": "B"}], "Extra"),
    ],
)
def test_a_malformed_scale_is_refused_in_one_line(
    ratings: list[dict[str, Any]], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as refused:
        scale_from({"name": "x", "ratings": ratings})

    assert "\n" not in str(refused.value)


def test_adopting_a_scale_records_it_with_the_actor_and_puts_it_in_force() -> None:
    book = ScaleBook.open(by="tom")
    fever = scale_from(FEVER)

    book.adopt(fever, by="tom")

    opened, adopted = book.collect_events()
    assert book.id == SCALE_BOOK_ID
    assert isinstance(adopted, ScaleBook.Adopted)
    assert (adopted.name, adopted.actor) == ("fever", "tom")
    assert adopted.ratings == definition_of(fever)["ratings"]
    assert book.scale == fever
    assert (book.adopted_by, book.adopted_at) == ("tom", adopted.timestamp)
    replayed = adopted.mutate(opened.mutate(None))
    assert isinstance(replayed, ScaleBook)
    assert replayed.scale == fever


def test_a_later_adoption_replaces_the_scale_in_force() -> None:
    book = ScaleBook.open(by="tom")
    book.adopt(scale_from(FEVER), by="tom")

    book.adopt(DEFAULT_SCALE, by="ana")

    assert book.scale == DEFAULT_SCALE
    assert book.adopted_by == "ana"


def test_adopting_the_scale_already_in_force_is_refused() -> None:
    book = ScaleBook.open(by="tom")
    book.adopt(scale_from(FEVER), by="tom")
    book.collect_events()

    with pytest.raises(RuleViolation, match="already uses the fever scale"):
        book.adopt(scale_from(FEVER), by="ana")

    assert book.collect_events() == []


def test_a_rating_off_the_scale_shows_its_key_as_its_label() -> None:
    assert DEFAULT_SCALE.label_of("mostly-true") == "Mostly true"
    assert DEFAULT_SCALE.label_of("pants-on-fire") == "pants-on-fire"
