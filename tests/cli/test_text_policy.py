"""One text policy at the boundary: control characters never reach the store, and
PostgreSQL and SQLite accept exactly the same texts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from claims.application import ClaimsLedger
from claims.storage.location import locate_store
from domain.article import Article
from domain.ids import sha256_hex
from tests.cli.conftest import Desk
from tests.cli.support import assert_one_line_error, fingerprint

NUL_ARTICLE = "T\n\nThe minister said exports rose 12 percent\0 in March.\n"


def test_an_article_with_a_nul_byte_is_stored_cleaned_and_every_read_still_works(
    shared_url: str, workdir: Path
) -> None:
    desk = Desk(shared_url)
    (workdir / "nul.txt").write_text(NUL_ARTICLE)
    article = desk.json("ingest", "nul.txt", "--published", "2024-05-01")
    [claim] = article["claims"]
    assert claim["quote"] == "The minister said exports rose 12 percent in March."
    assert "\x00" not in json.dumps(desk.json("show", claim["id"]))
    for read in (["list"], ["articles"], ["queue"], ["export", "claimreview"]):
        assert desk.run(*read).exit_code == 0, read
    assert desk.ok("projections", "rebuild", "--all").exit_code == 0
    assert desk.ok("projections", "verify").exit_code == 0


def test_json_lines_escapes_of_control_characters_are_cleaned_and_a_lone_surrogate_refused(
    shared_url: str, workdir: Path
) -> None:
    desk = Desk(shared_url)
    good = {"title": "Exports\u0000 up", "text": "X said exports rose 9 percent\u0007 in 2023."}
    bad = {"title": "Broken", "text": "half a pair \ud800 here"}
    (workdir / "bad.jsonl").write_text(
        json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8"
    )
    before = fingerprint(shared_url)
    line = assert_one_line_error(desk.run("ingest", "bad.jsonl", "--published", "2024-05-01"), 2)
    assert line == (
        'claims: bad.jsonl: line 2: "text" holds U+D800, an unpaired surrogate, which is not text'
    )
    assert fingerprint(shared_url) == before
    (workdir / "good.jsonl").write_text(json.dumps(good) + "\n")
    article = desk.json("ingest", "good.jsonl", "--published", "2024-05-01")
    assert article["article"]["title"] == "Exports up"
    assert [c["quote"] for c in article["claims"]] == ["X said exports rose 9 percent in 2023."]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["note", "{id}", "look\x1b[2J here"], "note holds the control character U+001B"),
        (["note", "{id}", "bell\x07"], "note holds the control character U+0007"),
        (
            ["dismiss", "{id}", "--reason", "gone\x7f"],
            "reason holds the control character U+007F",
        ),
        (
            [
                "evidence",
                "add",
                "{id}",
                "--url",
                "https://stats.example.org/a",
                "--quote",
                "q\x9b1m",
                "--stance",
                "supports",
            ],
            "quote: holds the control character U+009B",
        ),
        (
            ["add", "Exports rose by 4 percent", "--quote", "q", "--speaker", "two\nlines"],
            "speaker: holds the control character U+000A",
        ),
    ],
    ids=["escape sequence", "bell", "delete", "C1 CSI", "newline in a one-line field"],
)
def test_typed_text_with_a_control_character_is_refused_naming_it(
    shared_url: str, args: list[str], message: str
) -> None:
    desk = Desk(shared_url)
    claim_id = desk.register()
    before = fingerprint(shared_url)
    line = assert_one_line_error(desk.run(*[a.format(id=claim_id) for a in args]), 2)
    assert line == f"claims: {message}"
    assert fingerprint(shared_url) == before


def test_a_note_may_run_over_lines_and_hold_tabs(desk: Desk, claim_id: str) -> None:
    desk.ok("note", claim_id, "first line\n\tsecond line")
    assert desk.json("show", claim_id)["notes"][-1]["text"] == "first line\n\tsecond line"


def test_a_scale_label_with_a_nul_escape_is_refused(shared_url: str, workdir: Path) -> None:
    desk = Desk(shared_url)
    ratings = [{"key": "yes", "label": "Yes\u0000", "value": 2}, {"key": "no", "label": "No"}]
    (workdir / "scale.json").write_text(json.dumps({"name": "nul", "ratings": ratings}))
    before = fingerprint(shared_url)
    line = assert_one_line_error(desk.run("scale", "adopt", "scale.json"), 2)
    assert "holds the control character U+0000" in line
    assert fingerprint(shared_url) == before


def test_a_store_written_before_the_rule_with_a_nul_still_copies_to_postgresql_and_reads(
    db: str, postgres_url: str
) -> None:
    """Events are never rewritten: a NUL an older version stored stays in the event,
    and the read models on PostgreSQL (whose TEXT cannot hold it) show U+FFFD."""
    ledger = ClaimsLedger.open(locate_store(db))
    text = "Exports rose 12 percent\x00 in March."
    # Built directly, as a version without the text policy did: no validation.
    legacy = Article(
        title="Old\x00",
        published=date(2024, 5, 1),
        url=None,
        text=text,
        sha256=sha256_hex(text),
        actor="maria",
    )
    ledger.save(legacy)
    ledger.close()
    desk = Desk(db)
    desk.ok("copy-to", postgres_url)
    [row] = Desk(postgres_url).json("articles")
    assert row["title"] == "Old\ufffd"
    assert Desk(postgres_url).ok("audit", "verify").stdout.startswith("intact")
