"""Edge cases of bad input found in review: odd bytes, stray whitespace, empty settings."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Desk
from tests.cli.support import assert_one_line_error, invoke


def test_a_claim_text_with_bytes_that_are_not_utf8_is_bad_input(desk: Desk, claim_id: str) -> None:
    before = desk.events()

    line = assert_one_line_error(desk.run("add", "caf\udce9 is hot", "--quote", "q"), 2)

    assert "UTF-8" in line
    assert desk.events() == before


def test_an_id_wrapped_in_newlines_still_gives_a_one_line_error(desk: Desk) -> None:
    line = assert_one_line_error(desk.run("show", "\n0123abcd\n"), 2)

    assert line == "claims: no claim with id 0123abcd"


def test_a_database_path_with_a_newline_gives_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "missing\ndir" / "claims.db"

    result = invoke(["--db", str(path), "list"])

    line = assert_one_line_error(result, 2)
    assert "does not exist" in line


def test_a_malformed_article_id_is_named_with_the_right_article(desk: Desk) -> None:
    line = assert_one_line_error(desk.run("add", "New claim", "--quote", "q", "--article", "zz"), 2)

    assert "is not an article id" in line


def test_an_empty_user_name_is_refused_instead_of_replaced_by_the_login(
    desk: Desk, claim_id: str
) -> None:
    before = desk.events()

    line = assert_one_line_error(invoke(["--db", desk.db, "--as", "", "note", claim_id, "hi"]), 2)

    assert "user name" in line
    assert desk.events() == before


def test_an_empty_database_setting_is_refused() -> None:
    line = assert_one_line_error(invoke(["--db", "", "list"]), 2)

    assert "database setting is empty" in line
