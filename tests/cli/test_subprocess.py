"""End to end through real processes: `python -m claims` and the installed `claims` script."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claims.demo import seed_article
from domain.ids import claim_id_for
from tests.application.support import ledger_at
from tests.cli.support import (
    CLAIM_KEYS,
    HISTORY_KEYS,
    assert_utc_iso,
    console_script,
    describe,
    fingerprint,
    run_process,
    short,
    sqlite_event_count,
)
from tests.seed_expectations import DEMO_EVENTS, SEED_CLAIMS, SHOWCASE_ID

pytestmark = pytest.mark.slow

CLAIM = "Russia and China have a no-limits partnership"
QUOTE = 'reaffirmed a "no-limits" partnership'
EVIDENCE_URL = "https://www.kremlin.ru/events/president/news/74049"
EVIDENCE_QUOTE = "a comprehensive partnership and strategic interaction"
WORKFLOW = [
    ("Registered", "alice"),
    ("Assigned", "tom"),
    ("EvidenceAdded", "alice"),
    ("VerdictRecorded", "alice"),
    ("VerdictApproved", "bob"),
    ("Published", "bob"),
    ("Corrected", "bob"),
]


def test_the_console_script_is_installed_next_to_the_interpreter() -> None:
    assert console_script().is_file(), console_script()


def test_demo_twice_without_db_uses_claims_db_in_the_cwd_and_duplicates_nothing(
    workdir: Path,
) -> None:
    first = run_process(["demo"], workdir, via="module")

    assert first.returncode == 0, describe(first)
    assert first.stderr == "", describe(first)
    assert f"claims registered this run: {len(SEED_CLAIMS)}" in first.stdout, describe(first)
    store = workdir / "claims.db"
    assert sqlite_event_count(store) == DEMO_EVENTS

    second = run_process(["demo"], workdir, via="script")

    assert second.returncode == 0, describe(second)
    assert second.stderr == "", describe(second)
    lines = second.stdout.splitlines()
    assert "claims registered this run: 0" in lines, describe(second)
    assert "workflow already done on an earlier run; nothing was duplicated" in lines, describe(
        second
    )
    assert sqlite_event_count(store) == DEMO_EVENTS
    assert sorted(p.name for p in workdir.iterdir()) == ["claims-report.html", "claims.db"]
    assert lines[-1] == "the article's report: claims-report.html"


def run_full_workflow(
    db: str, cwd: Path, via: str, logins: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """The desk's whole job on one claim of the demo's article, one process per command.

    On SQLite each user is named with --as (a desk without a team); on PostgreSQL
    each connects as their own login (`logins`: user -> role name)."""

    def claims(*args: str, user: str = "alice") -> str:
        if logins is None:
            who = ["--db", db, "--as", user]
        else:
            who = ["--db", db.replace("//postgres@", f"//{logins[user]}@", 1)]
        process = run_process([*who, *args], cwd, via=via)
        assert process.returncode == 0, describe(process)
        assert process.stderr == "", describe(process)
        return process.stdout

    article = json.loads(claims("demo", "--json"))["article"]
    claim_id = str(claim_id_for(CLAIM))
    s = short(claim_id)
    start = seed_article().text.index(QUOTE)

    assert claims("add", CLAIM, "--quote", QUOTE, "--article", article["id"][:8]) == (
        f"registered claim {claim_id}\n"
    )
    assert claims("assign", s, "alice", user="tom") == f"{s} assigned to alice (status open, v2)\n"
    evidence = ["--url", EVIDENCE_URL, "--stance", "supports", "--quote", EVIDENCE_QUOTE]
    assert claims("evidence", "add", s, *evidence) == f"{s} evidence e1 added (supports)\n"
    assert claims("verdict", s, "--rating", "mostly-true", "--rationale", "Both said so.") == (
        f"{s} verdict mostly-true recorded (status in-review, v4)\n"
    )
    assert claims("review", s, "approve", user="bob") == (
        f"{s} verdict approved (status approved, v5)\n"
    )
    assert claims("publish", s, user="bob") == f"{s} published (status published, v6)\n"
    assert claims("correct", s, "--rating", "true", "--note", "Verbatim.", user="bob") == (
        f"{s} corrected to true (status published, v7)\n"
    )

    final = json.loads(claims("show", claim_id, "--json"))
    assert list(final) == CLAIM_KEYS
    assert (final["status"], final["version"], final["verdict"]["rating"]) == (
        "published",
        7,
        "true",
    )
    assert (final["article_id"], final["span"]) == (article["id"], [start, start + len(QUOTE)])
    history: list[dict[str, Any]] = json.loads(claims("history", claim_id, "--json"))
    return history


def assert_whole_history(history: list[dict[str, Any]]) -> None:
    assert all(list(entry) == HISTORY_KEYS for entry in history), history
    assert [(e["type"], e["actor"]) for e in history] == WORKFLOW
    assert [e["version"] for e in history] == list(range(1, len(WORKFLOW) + 1))
    times = [assert_utc_iso(e["timestamp"]) for e in history]
    assert times == sorted(times)
    assert history[-1]["payload"] == {
        "old_rating": "mostly-true",
        "new_rating": "true",
        "note": "Verbatim.",
    }


def test_full_workflow_on_sqlite_through_python_m_claims(workdir: Path) -> None:
    db = str(workdir / "desk.db")

    history = run_full_workflow(db, workdir, via="module")

    assert_whole_history(history)
    assert sqlite_event_count(db) == DEMO_EVENTS + len(WORKFLOW)


@pytest.fixture
def logins(postgres_server: str, postgres_url: str) -> Iterator[dict[str, str]]:
    """A login role per user (unique names: roles are cluster-wide), on a database
    whose tables the superuser made and whose privileges they inherit."""
    import psycopg

    from claims.projections import catch_up

    tag = uuid.uuid4().hex[:8]
    names = {user: f"{user}_{tag}" for user in ("alice", "tom", "bob")}
    with ledger_at(postgres_url) as ledger:
        catch_up(ledger)
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        for name in names.values():
            admin.execute(f'CREATE ROLE "{name}" LOGIN IN ROLE postgres')
    try:
        yield names
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            for name in names.values():
                admin.execute(f'DROP ROLE IF EXISTS "{name}"')


@pytest.mark.postgres
def test_full_workflow_on_postgres_through_the_console_script(
    workdir: Path, postgres_url: str, logins: dict[str, str]
) -> None:
    """Each user connects as their own login: the record names the logins."""
    history = run_full_workflow(postgres_url, workdir, via="script", logins=logins)
    users = {login: user for user, login in logins.items()}
    for entry in history:
        entry["actor"] = users[entry["actor"]]

    assert_whole_history(history)
    assert fingerprint(postgres_url)[0] == DEMO_EVENTS + len(WORKFLOW)
    assert not (workdir / "claims.db").exists()


@pytest.mark.parametrize("via", ["module", "script"])
def test_an_error_in_a_real_process_is_one_stderr_line_and_exit_2(workdir: Path, via: str) -> None:
    process = run_process(["--db", str(workdir / "desk.db"), "show", "zzzz"], workdir, via=via)

    assert process.returncode == 2, describe(process)
    assert process.stdout == "", describe(process)
    assert "Traceback" not in process.stderr, describe(process)
    assert process.stderr == "claims: 'zzzz' is not a claim id (8 to 32 hex characters)\n", (
        describe(process)
    )


def test_a_refusal_in_a_real_process_is_one_stderr_line_and_exit_1(workdir: Path) -> None:
    assert run_process(["demo"], workdir).returncode == 0
    store = workdir / "claims.db"
    before = sqlite_event_count(store)
    workflow_claim = str(SHOWCASE_ID)

    process = run_process(
        ["--as", "maria", "verdict", workflow_claim, "--rating", "false", "--rationale", "No."],
        workdir,
        via="script",
    )

    assert process.returncode == 1, describe(process)
    assert process.stdout == "", describe(process)
    assert process.stderr == (
        "claims: the verdict is published; change it with 'correct' and a note\n"
    ), describe(process)
    assert sqlite_event_count(store) == before


def test_an_unreachable_database_in_a_real_process_is_one_line_without_traceback(
    workdir: Path,
) -> None:
    process = run_process(["--db", "postgresql://postgres@127.0.0.1:1/test", "list"], workdir)

    assert process.returncode == 2, describe(process)
    assert process.stdout == "", describe(process)
    assert len(process.stderr.splitlines()) == 1, describe(process)
    assert process.stderr.startswith("claims: cannot reach PostgreSQL"), describe(process)
    assert "Traceback" not in process.stderr, describe(process)


def test_a_usage_error_in_a_real_process_names_the_program_and_command(workdir: Path) -> None:
    process = run_process(["verdict", "0123abcd", "--rating", "true"], workdir, via="script")

    assert process.returncode == 2, describe(process)
    assert process.stdout == "", describe(process)
    assert process.stderr == "claims verdict: Missing option '--rationale'.\n", describe(process)
    assert not (workdir / "claims.db").exists()
