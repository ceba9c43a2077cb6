"""The conventions people expect of a command line: one set of output formats for every
read, closed choices listed in help, one time spelling, a bare date meaning the whole
day, tables drawn by rich on a terminal (colour unless NO_COLOR) and plain in a pipe."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import get_args

import pytest

from claims.cli import choices, render
from tests.cli.conftest import Desk

UTC_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")

READS = [
    ["list"],
    ["articles"],
    ["queue", "bob"],
    ["show", "{id}"],
    ["history", "{id}"],
    ["diff", "{id}", "1", "2"],
    ["scale"],
    ["audit", "log"],
    ["audit", "anchor"],
    ["audit", "verify"],
    ["projections", "status"],
    ["projections", "verify"],
]


def _args(command: list[str], claim: str) -> list[str]:
    return [part.format(id=claim) for part in command]


COURT = Path(__file__).resolve().parents[1] / "data" / "synthetic-court.txt"


@pytest.fixture
def assigned(desk: Desk, in_review: str) -> str:
    """alice's verdict awaits bob's review; one article is ingested."""
    desk.ok("assign", in_review, "alice")
    desk.ok("ingest", str(COURT), "--published", "2024-05-01")
    return in_review


@pytest.mark.parametrize("command", READS, ids=" ".join)
def test_every_read_gives_json_lines_and_csv_of_its_json_records(
    desk: Desk, assigned: str, command: list[str]
) -> None:
    args = _args(command, assigned)

    lines = desk.ok(*args, "--nl").stdout.splitlines()
    table = list(csv.DictReader(io.StringIO(desk.ok(*args, "--csv").stdout)))

    records = [json.loads(line) for line in lines]
    assert records, lines
    assert len(table) == len(records)
    assert list(table[0]) == list(records[0])


@pytest.mark.parametrize("command", [["list"], ["history", "{id}"], ["show", "{id}"]])
def test_the_json_of_a_read_keeps_its_shape(desk: Desk, assigned: str, command: list[str]) -> None:
    args = _args(command, assigned)

    document = json.loads(desk.ok(*args, "--json").stdout)
    lines = [json.loads(line) for line in desk.ok(*args, "--nl").stdout.splitlines()]

    assert lines == (document if isinstance(document, list) else [document])


def test_two_output_formats_at_once_are_a_usage_error(desk: Desk) -> None:
    result = desk.run("list", "--json", "--csv")

    assert result.exit_code == 2, result.output
    assert (
        result.stderr
        == "claims list: Invalid value for --csv: give one of --json, --csv and --nl\n"
    )


def test_csv_times_are_utc_with_a_z_like_the_json(desk: Desk, assigned: str) -> None:
    rows = list(csv.DictReader(io.StringIO(desk.ok("export", "csv").stdout)))
    listed = list(csv.DictReader(io.StringIO(desk.ok("list", "--csv").stdout)))

    times = [row[k] for row in rows for k in row if k.endswith("_at") or k == "last_change"]
    assert [t for t in times if t and not UTC_Z.match(t)] == []
    assert all(UTC_Z.match(row["last_change"]) for row in listed)


def test_a_bare_date_in_as_of_means_the_whole_day_as_in_until(desk: Desk, assigned: str) -> None:
    today = datetime.now(UTC).date().isoformat()

    shown = desk.json("show", assigned, "--as-of", today)
    logged = desk.ok("audit", "log", "--claim", assigned, "--until", today, "--nl").stdout

    assert shown["version"] == desk.json("show", assigned)["version"]
    assert len(logged.splitlines()) == shown["version"]


def test_a_bare_date_before_the_claim_is_refused(desk: Desk, assigned: str) -> None:
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date().isoformat()

    result = desk.run("show", assigned, "--as-of", yesterday)

    assert result.exit_code == 2, result.output


@pytest.mark.parametrize(
    ("literal", "source"),
    [
        (choices.Status, "domain.claim:ClaimStatus"),
        (choices.Stance, "domain.values:Stance"),
    ],
)
def test_the_choices_help_lists_are_the_domains(literal: object, source: str) -> None:
    import importlib

    module, name = source.split(":")
    enum = getattr(importlib.import_module(module), name)

    assert list(get_args(literal)) == [member.value for member in enum]


def test_the_read_model_and_format_choices_are_the_ones_that_exist() -> None:
    from claims.extraction.articles import FORMATS
    from claims.projections.schema import MODELS

    assert list(get_args(choices.Model)) == [model.name for model in MODELS]
    assert get_args(choices.ArticleFormat) == FORMATS


def test_list_help_lists_every_status_retracted_too(desk: Desk) -> None:
    help_text = desk.ok("list", "--help").stdout

    assert "[open|in-review|rejected|approved|published|retracted|dismissed|duplicate]" in help_text


def test_demo_writes_the_seed_article_out_without_a_store(workdir: Path) -> None:
    from tests.cli.support import invoke

    result = invoke(["--db", "/no/such/dir/x.db", "demo", "--seed-file", "seed.txt"])

    assert result.exit_code == 0, result.output
    assert (workdir / "seed.txt").read_text(encoding="utf-8").startswith(" date 2024-05-16 ")


# --- tables: plain in a pipe, rich on a terminal ---

HEADERS = ["ID", "STATUS", "RATING", "CLAIM"]
ROWS = [["0bfe46ba", "published", "false", "[bold]not markup[/bold] \x1b[31m"]]


def test_a_table_in_a_pipe_is_plain_columns() -> None:
    drawn = render.table(HEADERS, ROWS, terminal=False)

    assert drawn == (
        "ID        STATUS     RATING  CLAIM\n"
        "0bfe46ba  published  false   [bold]not markup[/bold] \\x1b[31m"
    )


def test_a_table_on_a_terminal_colours_status_and_rating(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")

    drawn = render.table(HEADERS, ROWS, terminal=True)

    assert "\x1b[32mpublished" in drawn  # green: published
    assert "\x1b[31mfalse" in drawn  # red: a false rating
    assert "[bold]not markup[/bold] \\x1b[31m" in drawn  # user text: neither markup nor raw


def test_no_color_leaves_colour_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm")

    drawn = render.table(HEADERS, ROWS, terminal=True)

    assert "\x1b[32m" not in drawn
    assert "\x1b[31m" not in drawn
    assert "published" in drawn


def test_verifying_the_store_reports_how_far_it_got_up_to_the_last_position(
    desk: Desk, assigned: str
) -> None:
    from claims.application import ClaimsLedger
    from claims.storage.location import locate_store

    seen: list[tuple[int, int]] = []
    ledger = ClaimsLedger.open(locate_store(desk.db))
    try:
        result = ledger.verify_store(progress=lambda done, last: seen.append((done, last)))
    finally:
        ledger.close()

    assert result.intact
    assert seen
    assert seen[-1] == (result.position, result.position)
