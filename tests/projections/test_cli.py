"""The commands over the read models: output for people, JSON for machines, exit codes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner, Result

from claims.application import ClaimsLedger
from claims.projections import catch_up
from tests.projections.support import (
    EDITOR,
    FACT_CHECKER,
    TRADE_QUOTE,
    article,
    claim,
    execute,
    ledger_at,
    live_table,
    published,
)

CLAIMS_ENV = ("CLAIMS_DB", "CLAIMS_USER", "CLAIMS_DEBUG", "CLAIMS_ORG_NAME", "CLAIMS_ORG_URL")
STATUS_KEYS = [
    "name",
    "description",
    "version",
    "code_version",
    "position",
    "head",
    "lag",
    "lag_seconds",
    "followed",
    "needs_rebuild",
    "reason",
    "rebuild_position",
]
QUEUE_ITEM_KEYS = ["id", "status", "rating", "assignee", "verdict_by", "text", "last_change"]
ARTICLE_KEYS = [
    "id",
    "title",
    "url",
    "published",
    "registered_at",
    "claims",
    "checked",
    "published_claims",
    "ratings",
]


class Desk:
    def __init__(self, app: typer.Typer, db: str) -> None:
        self.app = app
        self.db = db

    def run(self, *args: str, user: str = "alice", env: Mapping[str, str] | None = None) -> Result:
        clean: dict[str, str | None] = dict.fromkeys(CLAIMS_ENV)
        clean.update(env or {})
        return CliRunner().invoke(
            self.app, ["--db", self.db, "--as", user, *args], env=clean, catch_exceptions=False
        )

    def ok(self, *args: str, user: str = "alice", env: Mapping[str, str] | None = None) -> Result:
        result = self.run(*args, user=user, env=env)
        assert result.exit_code == 0, result.output
        assert result.stderr == "", result.output
        return result

    def json(self, *args: str, user: str = "alice") -> Any:
        return json.loads(self.ok(*args, "--json", user=user).stdout)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "desk.db")


@pytest.fixture
def desk(cli_app: typer.Typer, db: str) -> Desk:
    return Desk(cli_app, db)


@pytest.fixture
def ledger(db: str) -> Iterator[ClaimsLedger]:
    with ledger_at(db) as opened:
        yield opened


@pytest.fixture
def history(ledger: ClaimsLedger) -> dict[str, Any]:
    source = article(ledger)
    trade = claim(ledger, "Trade hit $240bn", quote=TRADE_QUOTE, article_id=source.id)
    ledger.assign(trade, "alice", by=EDITOR)
    checked = claim(ledger, "Exports doubled", speaker="Xi Jinping")
    ledger.record_verdict(checked, rating="mostly-true", rationale="close", by="bob")
    done = published(ledger, "Imports fell", rating="false")
    catch_up(ledger)
    return {"article": source.id, "trade": trade, "checked": checked, "published": done}


def one_line_error(result: Result, code: int) -> str:
    assert result.exit_code == code, result.output
    assert result.stdout == "", result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def test_status_json_has_stable_keys_per_model(desk: Desk, history: dict[str, Any]) -> None:
    rows = desk.json("projections", "status")

    assert [r["name"] for r in rows] == [
        "factcheck",
        "articles",
        "queue",
        "claimreview",
        "decisions",
        "appearances",
    ]
    for row in rows:
        assert list(row) == STATUS_KEYS
        assert row["lag"] == 0
        assert row["needs_rebuild"] is False


def test_status_text_shows_each_model_with_its_lag(desk: Desk, history: dict[str, Any]) -> None:
    out = desk.ok("projections", "status").stdout

    assert out.splitlines()[0].split() == [
        "MODEL",
        "VERSION",
        "CODE",
        "POSITION",
        "HEAD",
        "LAG",
        "LAG",
        "S",
        "FOLLOWED",
        "REBUILD",
    ]
    assert len(out.splitlines()) == 7


def test_rebuild_all_reports_the_models_and_the_events(
    desk: Desk, history: dict[str, Any], ledger: ClaimsLedger
) -> None:
    result = desk.json("projections", "rebuild", "--all", "--batch", "3")

    assert result["models"] == [
        "factcheck",
        "articles",
        "queue",
        "claimreview",
        "decisions",
        "appearances",
    ]
    assert result["events"] == ledger.fingerprint()[0]
    assert result["swapped"] is True
    assert list(result) == [
        "models",
        "events",
        "position",
        "seconds",
        "events_per_second",
        "resumed_from",
        "swapped",
        "workers",
        "phases",
    ]
    assert list(result["phases"]) == [
        "plan",
        "first pass",
        "rest of the log",
        "indexes",
        "swap",
    ]
    assert all(seconds >= 0 for seconds in result["phases"].values())


def test_rebuild_text_says_what_it_rebuilt_and_draws_no_bar_off_a_terminal(
    desk: Desk, history: dict[str, Any]
) -> None:
    result = desk.ok("projections", "rebuild", "queue")

    assert result.stdout.startswith("rebuilt factcheck, queue: ")
    assert "events/s" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["projections", "rebuild"], "give a read model NAME, or --all"),
        (["projections", "rebuild", "queue", "--all"], "not both"),
        (["projections", "rebuild", "queues"], "'queues' is not one of 'factcheck'"),
        (["projections", "verify", "queues"], "'queues' is not one of 'factcheck'"),
        (["projections", "rebuild", "--all", "--batch", "0"], "--batch"),
    ],
)
def test_bad_rebuild_and_verify_arguments_exit_2_with_one_line(
    desk: Desk, args: list[str], message: str
) -> None:
    assert message in one_line_error(desk.run(*args), 2)


def test_verify_exits_0_when_the_live_models_equal_a_rebuild(
    desk: Desk, history: dict[str, Any]
) -> None:
    result = desk.ok("projections", "verify")

    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        "factcheck",
        "articles",
        "queue",
        "claimreview",
        "decisions",
        "appearances",
    ]
    assert all("identical" in line for line in result.stdout.splitlines())


def test_verify_exits_1_listing_a_row_changed_by_hand(
    desk: Desk, history: dict[str, Any], ledger: ClaimsLedger
) -> None:
    execute(
        ledger,
        f"UPDATE {live_table(ledger, 'factcheck')} SET status = 'published' WHERE id = ?",
        (str(history["trade"]),),
    )

    result = desk.run("projections", "verify", "factcheck")

    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == [
        "factcheck: 1 rows differ from a rebuild",
        f"  factcheck {history['trade']}: status: live 'published', rebuilt 'open'",
    ]


def test_verify_json_names_the_table_row_and_columns_that_differ(
    desk: Desk, history: dict[str, Any], ledger: ClaimsLedger
) -> None:
    execute(
        ledger,
        f"DELETE FROM {live_table(ledger, 'queue')} WHERE id = ?",
        (str(history["trade"]),),
    )
    execute(ledger, f"UPDATE {live_table(ledger, 'articles')} SET claims = 7")

    result = desk.run("projections", "verify", "--json")

    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["identical"] is False
    models = {m["name"]: m for m in report["models"]}
    assert models["factcheck"]["identical"] is True
    [missing] = models["queue"]["differences"]
    assert (missing["table"], missing["key"], missing["kind"]) == (
        "queue",
        str(history["trade"]),
        "missing",
    )
    [changed] = models["articles"]["differences"]
    assert changed["columns"] == {"claims": {"live": 7, "rebuilt": 1}}


def test_queue_lists_assigned_open_claims_and_verdicts_to_review(
    desk: Desk, history: dict[str, Any]
) -> None:
    mine = desk.json("queue")
    bobs = desk.json("queue", "BOB")

    assert mine["user"] == "alice"
    assert [i["id"] for i in mine["assigned"]] == [str(history["trade"])]
    assert [i["id"] for i in mine["to_review"]] == [str(history["checked"])]
    assert list(mine["assigned"][0]) == QUEUE_ITEM_KEYS
    assert bobs["to_review"] == []


def test_queue_text_has_both_sections(desk: Desk, history: dict[str, Any]) -> None:
    out = desk.ok("queue").stdout

    assert "assigned to alice, needing a verdict: 1" in out
    assert "verdicts alice may review: 1" in out


def test_articles_counts_claims_checked_and_published_ratings(
    desk: Desk, history: dict[str, Any], ledger: ClaimsLedger
) -> None:
    ledger.record_verdict(history["trade"], rating="false", rationale="no", by=FACT_CHECKER)
    ledger.approve_verdict(history["trade"], by=EDITOR)
    ledger.publish(history["trade"], by=EDITOR)

    [row] = desk.json("articles")

    assert list(row) == ARTICLE_KEYS
    assert row["id"] == str(history["article"])
    assert (row["claims"], row["checked"], row["published_claims"]) == (1, 1, 1)
    assert row["ratings"] == {"false": 1}
    assert row["published"] == "2024-05-16"


def test_export_claimreview_writes_a_json_array_of_published_claims(
    desk: Desk, history: dict[str, Any]
) -> None:
    documents = json.loads(desk.ok("export", "claimreview").stdout)

    assert [d["url"].rsplit("/", 1)[1] for d in documents] == [str(history["published"])]


def test_export_claimreview_jsonl_to_a_file_uses_the_organisation_settings(
    desk: Desk, history: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "reviews.jsonl"
    env = {"CLAIMS_ORG_NAME": "Desk Checks", "CLAIMS_ORG_URL": "https://checks.example.net/"}

    result = desk.ok("export", "claimreview", "--jsonl", "--out", str(out), env=env)

    assert result.stdout == f"exported 1 ClaimReview documents to {out}\n"
    [line] = out.read_text(encoding="utf-8").splitlines()
    document = json.loads(line)
    assert document["author"] == {
        "@type": "Organization",
        "name": "Desk Checks",
        "url": "https://checks.example.net",
    }
    assert document["url"] == f"https://checks.example.net/claims/{history['published']}"


def test_export_of_nothing_published_is_an_empty_array(desk: Desk, ledger: ClaimsLedger) -> None:
    claim(ledger)

    assert json.loads(desk.ok("export", "claimreview").stdout) == []


def test_export_csv_has_a_header_and_one_row_per_claim(desk: Desk, history: dict[str, Any]) -> None:
    rows = list(csv.DictReader(io.StringIO(desk.ok("export", "csv").stdout)))

    assert [r["id"] for r in rows] == [
        str(history["trade"]),
        str(history["checked"]),
        str(history["published"]),
    ]
    assert rows[1]["rating"] == "mostly-true"
    assert rows[1]["verdict_by"] == "bob"
    assert rows[0]["evidence_supports"] == "0"
    assert "evidence_marks" not in rows[0]


def test_every_new_command_has_help(cli_app: typer.Typer) -> None:
    for path in (
        ["queue"],
        ["articles"],
        ["export", "claimreview"],
        ["export", "csv"],
        ["projections", "status"],
        ["projections", "rebuild"],
        ["projections", "verify"],
    ):
        result = CliRunner().invoke(cli_app, [*path, "--help"])
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(f"Usage: claims {' '.join(path)} "), result.output


def test_the_progress_bar_shows_the_share_done_and_events_per_second() -> None:
    from rich.console import Console

    from claims.cli.progress import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar("rebuilding", console=Console(file=stream, force_terminal=True, width=100))

    bar.show(250, 1000, 500.0)
    bar.show(1000, 1000, 500.0)
    bar.close()

    last = stream.getvalue().split("\r")[-1]
    assert "rebuilding" in last
    assert "100%" in last
    assert "1000/1000" in last
    assert "500 events/s" in last
