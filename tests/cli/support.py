"""Helpers the CLI tests share: invoking the app, counting stored events, checking output."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner, Result

from claims.application import ClaimsLedger
from claims.cli.main import app
from claims.storage.location import locate_store

# Variables the CLI reads; every test starts without them unless it sets them.
CLAIMS_ENV = ("CLAIMS_DB", "CLAIMS_USER", "CLAIMS_DEBUG")

CLAIM_KEYS = [
    "id",
    "version",
    "status",
    "text",
    "quote",
    "article_id",
    "span",
    "speaker",
    "checkworthiness",
    "features",
    "source_url",
    "appearances",
    "registered_by",
    "registered_at",
    "last_change",
    "assignee",
    "evidence",
    "verdict",
    "published_at",
    "published_by",
    "corrections",
    "retraction",
    "retractions",
    "dismissed_reason",
    "duplicate_of",
    "notes",
]
SUMMARY_KEYS = [
    "id",
    "status",
    "rating",
    "speaker",
    "assignee",
    "article_id",
    "text",
    "last_change",
]
EVIDENCE_KEYS = [
    "id",
    "url",
    "quote",
    "stance",
    "note",
    "added_by",
    "added_at",
    "accessed_on",
    "withdrawn",
    "withdrawn_reason",
]
VERDICT_KEYS = [
    "rating",
    "rating_label",
    "rationale",
    "recorded_by",
    "recorded_at",
    "review",
    "reviewed_by",
    "rejection_reason",
]
CORRECTION_KEYS = ["old_rating", "new_rating", "note", "corrected_by", "corrected_at"]
NOTE_KEYS = ["text", "by", "at"]
HISTORY_KEYS = ["version", "timestamp", "actor", "entered_by", "type", "payload"]
ARTICLE_KEYS = [
    "id",
    "title",
    "published",
    "url",
    "sha256",
    "length",
    "registered_by",
    "registered_at",
]
DEMO_KEYS = [
    "article",
    "already_ingested",
    "claims_registered",
    "workflow_claim",
    "workflow_ran",
    "table",
    "history",
    "report",
]


def acting_as(db: str, user: str) -> list[str]:
    """`--as USER`, except on PostgreSQL, where the actor is the role the server
    authenticated (the test server's, here) and naming another is refused."""
    return [] if db.startswith(("postgresql://", "postgres://")) else ["--as", user]


def invoke(args: Sequence[str], env: Mapping[str, str] | None = None) -> Result:
    """Run the app in-process with a clean CLAIMS_* environment plus `env`."""
    clean: dict[str, str | None] = dict.fromkeys(CLAIMS_ENV)
    clean.update(env or {})
    return CliRunner().invoke(app, list(args), env=clean, catch_exceptions=False)


def command_app() -> Any:
    """The click command tree behind the typer app (what `claims --help` lists)."""
    return typer.main.get_command(app)


def command_paths() -> list[list[str]]:
    """Every runnable command as its words: ['add'], ..., ['evidence', 'add']."""
    group = command_app()
    paths: list[list[str]] = []
    for name, command in group.commands.items():
        sub = getattr(command, "commands", None)
        if sub:
            paths.extend([name, sub_name] for sub_name in sub)
        else:
            paths.append([name])
    return paths


def sqlite_event_count(path: str | Path) -> int:
    """Rows in the SQLite event table, read with sqlite3 directly (not through the app)."""
    with contextlib.closing(sqlite3.connect(str(path))) as connection:
        (count,) = connection.execute("SELECT COUNT(*) FROM stored_events").fetchone()
    return int(count)


def fingerprint(db: str) -> tuple[int, int]:
    """(events stored, highest notification id) of any store the ledger can open."""
    ledger = ClaimsLedger.open(locate_store(db))
    try:
        return ledger.fingerprint()
    finally:
        ledger.close()


def assert_one_line_error(result: Result, exit_code: int) -> str:
    """The failure contract: the exit code, nothing on stdout, one stderr line, no traceback."""
    assert result.exit_code == exit_code, result.output
    assert result.stdout == "", result.output
    assert "Traceback" not in result.output, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].strip(), result.output
    return lines[0]


def assert_utc_iso(value: object) -> datetime:
    """An ISO-8601 timestamp in UTC written with a trailing 'Z'."""
    assert isinstance(value, str), value
    assert value.endswith("Z"), value
    moment = datetime.fromisoformat(value)
    assert moment.utcoffset() == timedelta(0), value
    return moment


def short(claim_id: str) -> str:
    return claim_id.replace("-", "")[:8]


# --- real processes ---


def console_script() -> Path:
    """The `claims` script installed next to the interpreter running the tests."""
    return Path(sys.executable).with_name("claims")


def run_process(
    args: Sequence[str],
    cwd: Path,
    *,
    via: str = "module",
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m claims ARGS` (via='module') or the console script (via='script')."""
    environment = {key: value for key, value in os.environ.items() if key not in CLAIMS_ENV}
    environment.update(env or {})
    if via == "module":
        command = [sys.executable, "-m", "claims", *args]
    else:
        command = [str(console_script()), *args]
    return subprocess.run(
        command,
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def describe(process: subprocess.CompletedProcess[str]) -> str:
    """A failure message with everything a process printed."""
    return f"exit {process.returncode}\nstdout:\n{process.stdout}\nstderr:\n{process.stderr}"
