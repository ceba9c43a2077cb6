"""`claims report` and `claims stats` through the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from claims import atomic
from claims.report import output
from tests.application.support import ledger_at
from tests.cli.support import assert_one_line_error, invoke, run_process
from tests.report.pages import Marks
from tests.report.support import EDITOR, Scenario, build

STATS_KEYS = [
    "period",
    "claims",
    "by_status",
    "by_rating",
    "published_by_rating",
    "weeks",
    "time_to_verdict",
    "time_to_publication",
    "corrections",
    "retractions",
    "amendments",
    "people",
    "articles_total",
    "articles",
]


@pytest.fixture
def desk(shared_url: str) -> tuple[str, Scenario]:
    with ledger_at(shared_url) as ledger:
        return shared_url, build(ledger)


def test_an_article_report_highlights_each_claim_at_its_span(
    desk: tuple[str, Scenario], tmp_path: Path
) -> None:
    db, scenario = desk
    out = tmp_path / "first.html"

    result = invoke(["--db", db, "report", str(scenario.first)[:8], "--out", str(out)])

    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote the article report to {out}\n"
    marks = Marks(out.read_text(encoding="utf-8")).by_claim
    assert marks == {str(k): v for k, v in scenario.spans(scenario.first).items()}


def test_an_appearance_is_highlighted_at_its_own_span_in_the_other_article(
    desk: tuple[str, Scenario], tmp_path: Path
) -> None:
    db, scenario = desk
    out = tmp_path / "second.html"

    result = invoke(["--db", db, "report", str(scenario.second), "--out", str(out)])

    assert result.exit_code == 0, result.output
    marks = Marks(out.read_text(encoding="utf-8")).by_claim
    assert marks == {str(k): v for k, v in scenario.spans(scenario.second).items()}


def test_the_desk_report_draws_its_charts_and_lists_the_notes(
    desk: tuple[str, Scenario], tmp_path: Path
) -> None:
    db, _ = desk
    out = tmp_path / "desk.html"

    result = invoke(["--db", db, "report", "--desk", "--out", str(out)])

    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote the desk report to {out}\n"
    page = out.read_text(encoding="utf-8")
    assert page.count('<svg class="chart"') == 3
    assert "Rounding is exact at this precision." in page
    assert "The exchange revised its series." in page
    assert "Putin and Xi meet" in page


def test_stats_json_has_stable_keys_and_the_desk_figures(desk: tuple[str, Scenario]) -> None:
    db, scenario = desk

    result = invoke(["--db", db, "stats", "--json"])

    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert list(figures) == STATS_KEYS
    assert figures["period"] == {"since": None, "until": None}
    assert figures["claims"] == 5
    assert figures["by_status"]["published"] == 1
    assert (figures["corrections"], figures["retractions"]) == (1, 1)
    assert figures["time_to_verdict"]["claims"] == 3
    assert list(figures["time_to_verdict"]) == ["claims", "median_seconds", "p90_seconds"]
    assert [a["kind"] for a in figures["amendments"]] == ["retracted", "corrected"]
    assert figures["amendments"][1]["claim_id"] == str(scenario.trade)
    assert figures["amendments"][1]["at"].endswith("Z")
    assert {p["name"] for p in figures["people"]} == {"maria", EDITOR}
    assert [w["checked"] for w in figures["weeks"]] == [3]


def test_stats_text_names_each_figure(desk: tuple[str, Scenario]) -> None:
    db, _ = desk

    result = invoke(["--db", db, "stats", "--since", "2024-01-01"])

    assert result.exit_code == 0, result.output
    firsts = [line.split("  ")[0] for line in result.stdout.splitlines()[:10]]
    assert firsts == [
        "FIGURE",
        "period",
        "claims",
        "by status",
        "by rating",
        "published",
        "to verdict",
        "to publication",
        "corrections",
        "retractions",
    ]
    assert "2024-01-01 to now" in result.stdout
    assert "Rounding is exact at this precision." in result.stdout


def test_a_period_before_the_desk_existed_reports_nothing(
    desk: tuple[str, Scenario], tmp_path: Path
) -> None:
    db, _ = desk
    args = ["--since", "2001-01-01", "--until", "2001-12-31"]

    figures = json.loads(invoke(["--db", db, "stats", "--json", *args]).stdout)
    page = invoke(["--db", db, "report", "--desk", "--out", str(tmp_path / "d.html"), *args])

    assert figures["claims"] == 0
    assert figures["period"] == {
        "since": "2001-01-01T00:00:00Z",
        "until": "2001-12-31T23:59:59.999999Z",
    }
    assert page.exit_code == 0, page.output
    assert "nothing in this period" in (tmp_path / "d.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "--desk", "--out", "{tmp}"], "cannot write {tmp}: it is a directory"),
        (
            ["report", "--desk", "--out", "{tmp}/missing/r.html"],
            "cannot write {tmp}/missing/r.html: directory {tmp}/missing does not exist",
        ),
        (
            ["report", "--out", "{tmp}/r.html"],
            "give an ARTICLE id, or --desk for the desk's report",
        ),
        (["report", "abcdef12", "--desk", "--out", "{tmp}/r.html"], "give an ARTICLE id"),
        (["report", "--desk", "--since", "soon", "--out", "{tmp}/r.html"], "--since 'soon' is"),
        (["stats", "--until", "2024-13-01"], "--until '2024-13-01' is not an ISO-8601"),
        (["report", "abcdef12", "--out", "{tmp}/r.html"], "no article"),
    ],
)
def test_bad_report_arguments_exit_2_with_one_line_and_write_nothing(
    sqlite_url: str, tmp_path: Path, args: list[str], message: str
) -> None:
    with ledger_at(sqlite_url) as ledger:
        build(ledger)
    before = sorted(os.listdir(tmp_path))
    words = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if (
        words[0] == "report"
        and "--desk" not in words
        and words[1] == "--out"
        and words[2] == str(tmp_path)
    ):
        words.insert(1, "--desk")

    result = invoke(["--db", sqlite_url, *words])

    line = assert_one_line_error(result, 2)
    assert message.replace("{tmp}", str(tmp_path)) in line
    assert sorted(os.listdir(tmp_path)) == before


def test_a_failed_write_keeps_the_old_page_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "r.html"
    out.write_text("old", encoding="utf-8")

    def refuse(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(Exception, match=r"cannot write .*: Permission denied"):
        output.write_page(out, "<p>new</p>")

    assert out.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["r.html"]


@pytest.mark.slow
def test_report_and_stats_run_as_real_processes(sqlite_url: str, tmp_path: Path) -> None:
    with ledger_at(sqlite_url) as ledger:
        scenario = build(ledger)
    out = tmp_path / "a.html"

    article = run_process(
        ["--db", sqlite_url, "report", str(scenario.first), "--out", str(out)], tmp_path
    )
    stats = run_process(["--db", sqlite_url, "stats", "--json"], tmp_path)

    assert article.returncode == 0, article.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["claims"] == 5
