"""Names quoted in one-line messages: unsafe characters spelled as escapes, the rest kept."""

from __future__ import annotations

from claims.printable import printable


def test_a_plain_path_is_shown_as_typed() -> None:
    assert (
        printable("articles/2024 \u00e9t\u00e9 \U0001f600.txt")
        == "articles/2024 \u00e9t\u00e9 \U0001f600.txt"
    )


def test_line_breaks_escapes_and_bidi_marks_are_spelled_as_escapes() -> None:
    name = "a\nb\r\tc\x1b[2J\x00\x7f\x85\u2028\u202ed\u2066"

    assert printable(name) == "a\\nb\\r\\tc\\x1b[2J\\x00\\x7f\\x85\\u2028\\u202ed\\u2066"
    assert len(printable(name).splitlines()) == 1
