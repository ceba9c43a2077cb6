"""Text from people never reaches the terminal raw: control characters are shown escaped.

A note, quote, rationale, title, label or name may hold ESC (cursor moves, colours,
window titles), BEL, backspace, DEL, C1 controls, bidi overrides or a newline that
would forge another history line. Every text renderer shows them as escapes; the
machine formats keep the text exactly.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

import pytest

from claims.cli import render, view_text
from claims.printable import printable
from claims.views import ClaimSummary, HistoryEntry, ScaleView
from tests.cli.conftest import Desk

# What a terminal would act on. Our own line breaks are checked separately: every
# line of output must be one the command composed, not one a user's newline made.
RAW_CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]"
)
FORGED = "   9  2026-01-01T00:00:00Z  tom          Published"
HOSTILE = f"ok\x1b]0;pwned\x07\x1b[2J\x08\x7f\x9b31m\u202eevil\u2066\t\r\n{FORGED}"

MOMENT = datetime(2026, 1, 1, tzinfo=UTC)
CLAIM = UUID("0bfe46ba-7719-52bb-8e9f-8805249105fd")


def assert_clean(*texts: str) -> None:
    for text in texts:
        assert RAW_CONTROL.search(text) is None, repr(text)
        assert not any(line.startswith(FORGED) for line in text.split("\n")), repr(text)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31m", "\\x1b[31m"),
        ("a\x07b\x08c\x7f", "a\\x07b\\x08c\\x7f"),
        ("\x00", "\\x00"),
        ("line\nnext\tcol\rback", "line\\nnext\\tcol\\rback"),
        ("\x9b\x85", "\\x9b\\x85"),
        ("\u202eevil\u202c", "\\u202eevil\\u202c"),
        (
            "\u2066\u2067\u2068\u2069\u200e\u200f\u061c",
            "\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c",
        ),
        ("\u2028\u2029", "\\u2028\\u2029"),
    ],
)
def test_control_characters_are_shown_as_escapes(raw: str, shown: str) -> None:
    assert printable(raw) == shown


def test_ordinary_text_is_shown_as_it_is() -> None:
    text = "Müller said “12 %” — 北京 😀 C:\\path [bold]not markup[/bold]"

    assert printable(text) == text


def test_escaping_twice_changes_nothing_more() -> None:
    assert printable(printable(HOSTILE)) == printable(HOSTILE)


# --- the renderers, fed views that hold anything an old or copied store could hold ---


def test_the_claims_table_escapes_every_cell() -> None:
    row = ClaimSummary(
        id=CLAIM,
        status="open",
        rating=HOSTILE,
        speaker=HOSTILE,
        assignee=HOSTILE,
        article_id=None,
        text=HOSTILE,
        last_change=MOMENT,
    )

    out = view_text.claims_table([row])

    assert_clean(out)
    assert len(out.splitlines()) == 2  # the header and one row


def test_history_escapes_the_actor_column_and_a_newline_cannot_forge_a_line() -> None:
    entry = HistoryEntry(
        version=1, timestamp=MOMENT, actor=HOSTILE, type="NoteAdded", payload={"text": HOSTILE}
    )

    out = view_text.history_lines([entry])

    assert_clean(out)
    assert len(out.splitlines()) == 1


def test_the_scale_table_escapes_labels_and_the_adopter() -> None:
    view = ScaleView.model_validate(
        {
            "name": HOSTILE,
            "ratings": [{"key": "true", "label": HOSTILE, "value": 1}],
            "adopted_by": HOSTILE,
            "adopted_at": MOMENT,
        }
    )

    out = view_text.scale_table(view)

    assert_clean(out)
    assert len(out.splitlines()) == 3


# --- every command's text output, through the CLI ---


@pytest.fixture
def hostile_desk(desk: Desk, tmp_path: Path) -> tuple[Desk, str]:
    """A store where hostile text went in everywhere the input rules let it; what the
    rules refuse must be refused with a clean error line."""
    scale = tmp_path / "hostile.json"
    ratings = [
        {"key": key, "label": HOSTILE, "value": value}
        for key, value in [("true", 3), ("mostly-true", 2), ("false", 1)]
    ]
    scale.write_text(json.dumps({"name": "hostile", "ratings": ratings}), encoding="utf-8")
    article = tmp_path / "hostile.txt"
    article.write_text(
        f"Title {HOSTILE}\n\nThe minister said exports rose 12 percent in March {HOSTILE}.\n",
        encoding="utf-8",
    )
    attempts = [
        desk.run("scale", "adopt", str(scale)),
        desk.run("ingest", str(article), "--published", "2024-05-01"),
        desk.run("add", f"Exports rose {HOSTILE}", "--quote", HOSTILE, "--speaker", HOSTILE),
    ]
    for attempt in attempts:
        assert attempt.exit_code in (0, 2), attempt.output
        assert_clean(attempt.stdout, attempt.stderr)
    claim = desk.register()
    for args in [
        ("note", claim, HOSTILE),
        (
            "evidence",
            "add",
            claim,
            "--url",
            "https://example.org/",
            "--stance",
            "supports",
            "--quote",
            HOSTILE,
            "--note",
            HOSTILE,
        ),
        ("verdict", claim, "--rating", "true", "--rationale", HOSTILE),
    ]:
        result = desk.run(*args)
        assert result.exit_code in (0, 2), result.output
        assert_clean(result.stdout, result.stderr)
    result = desk.run("review", claim, "reject", "--reason", HOSTILE, user="bob")
    assert_clean(result.stdout, result.stderr)
    # Typed control characters are refused (domain.text): two plain events give
    # `diff` versions to compare.
    desk.ok("note", claim, "A plain note.")
    desk.ok("note", claim, "Another plain note.")
    return desk, claim


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["articles"],
        ["queue", "alice"],
        ["queue", "bob"],
        ["show", "{claim}"],
        ["history", "{claim}"],
        ["diff", "{claim}", "1", "3"],
        ["audit", "log"],
        ["scale"],
        ["projections", "verify"],
    ],
)
def test_no_raw_control_character_reaches_the_terminal(
    hostile_desk: tuple[Desk, str], command: list[str]
) -> None:
    desk, claim = hostile_desk

    result = desk.run(*[part.format(claim=claim) for part in command])

    assert result.exit_code == 0, result.output
    assert_clean(result.stdout, result.stderr)


def test_the_json_output_keeps_the_text_exactly(hostile_desk: tuple[Desk, str]) -> None:
    desk, claim = hostile_desk

    notes = desk.json("show", claim)["notes"]

    hostile = [
        n["text"] for n in notes if n["text"] not in ("A plain note.", "Another plain note.")
    ]
    assert hostile in ([HOSTILE.strip()], [])


@pytest.mark.parametrize(
    "args",
    [
        ["show", HOSTILE],
        ["list", "--status", HOSTILE],
        ["--as", HOSTILE, "note", "0bfe46ba", "x"],
        ["audit", "log", "--since", HOSTILE],
        ["ingest", HOSTILE],
        [HOSTILE],
    ],
)
def test_an_error_message_quoting_the_input_shows_it_escaped(desk: Desk, args: list[str]) -> None:
    result = desk.run(*args)

    assert result.exit_code != 0
    assert_clean(result.stdout, result.stderr)


def test_commands_print_only_through_the_renderers_that_escape() -> None:
    """A new `typer.echo(f"... {user_text}")` in a command would bypass the escaping."""
    cli = Path(render.__file__).parent
    printing = {
        path.name
        for path in cli.glob("*.py")
        if re.search(r"typer\.echo\(|\bprint\(|sys\.std(out|err)\.write", path.read_text())
    }

    assert printing <= {"render.py", "errors.py"}
