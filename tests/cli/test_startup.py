"""Start-up stays light: a process pays only for the modules its command needs.

Each test runs the CLI in a fresh interpreter (a real subprocess) and inspects
`sys.modules` after the command, because an import made anywhere in the test
session would hide an eager import in the code under test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from claims.application import ClaimsLedger
from claims.storage.location import locate_store

pytestmark = pytest.mark.slow

_MARKER = "--- sys.modules ---"

# Runs the app in-process exactly as the console script does, then lists what got imported.
_PROBE = f"""
import sys
from claims.cli.main import app

try:
    app(sys.argv[1:], prog_name="claims")
    code = 0
except SystemExit as exc:
    code = exc.code or 0
loaded = sorted(sys.modules)
print()
print({_MARKER!r})
print(code)
print("\\n".join(loaded))
"""

HEAVY_FOR_HELP = ("eventsourcing", "pydantic", "psycopg", "sqlite3", "rich")


def _run_cli(args: list[str], cwd: Path) -> tuple[str, set[str]]:
    """The command's own output and every module loaded by the end of it."""
    env = {**os.environ, "CLAIMS_USER": "tester"}
    env.pop("CLAIMS_DB", None)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    output, _, tail = done.stdout.rpartition(_MARKER)
    code, *modules = tail.split()
    assert code == "0", f"claims {' '.join(args)} exited {code}: {done.stderr}"
    return output, set(modules)


def _loaded(modules: set[str], package: str) -> list[str]:
    return sorted(m for m in modules if m == package or m.startswith(f"{package}."))


@pytest.fixture(scope="module")
def help_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, set[str]]:
    return _run_cli(["--help"], tmp_path_factory.mktemp("help"))


@pytest.fixture
def sqlite_claim(tmp_path: Path) -> tuple[Path, str]:
    """A SQLite store holding one claim, and that claim's 8-character prefix."""
    db = tmp_path / "x.db"
    ledger = ClaimsLedger.open(locate_store(str(db)))
    try:
        view = ledger.register_claim(text="Exports doubled since 2020", quote="doubled", by="alice")
    finally:
        ledger.close()
    return db, view.id.hex[:8]


def test_help_lists_the_commands_it_was_asked_for(help_run: tuple[str, set[str]]) -> None:
    output, _ = help_run

    assert "show" in output
    assert "note" in output


@pytest.mark.parametrize("package", HEAVY_FOR_HELP)
def test_help_does_not_import_the_store_validation_or_rendering_libraries(
    help_run: tuple[str, set[str]], package: str
) -> None:
    _, modules = help_run

    assert _loaded(modules, package) == []


def test_scale_on_a_sqlite_store_does_not_import_the_postgresql_driver(tmp_path: Path) -> None:
    output, modules = _run_cli(["--db", str(tmp_path / "x.db"), "scale"], tmp_path)

    assert "mostly-true" in output
    assert _loaded(modules, "psycopg") == []


def test_show_on_a_sqlite_store_does_not_import_the_postgresql_driver(
    sqlite_claim: tuple[Path, str],
) -> None:
    db, prefix = sqlite_claim

    output, modules = _run_cli(["--db", str(db), "show", prefix], db.parent)

    assert "Exports doubled since 2020" in output
    assert "eventsourcing.sqlite" in modules  # the store really was opened
    assert _loaded(modules, "psycopg") == []


def test_note_on_a_sqlite_store_does_not_import_the_postgresql_driver(
    sqlite_claim: tuple[Path, str],
) -> None:
    db, prefix = sqlite_claim

    output, modules = _run_cli(["--db", str(db), "note", prefix, "Asked for the source"], db.parent)

    assert "note added" in output
    assert "eventsourcing.sqlite" in modules
    assert _loaded(modules, "psycopg") == []


@pytest.mark.parametrize("command", [["show"], ["history"], ["show", "--version", "1"]])
def test_reading_a_claim_does_not_build_the_input_validation_models(
    sqlite_claim: tuple[Path, str], command: list[str]
) -> None:
    db, prefix = sqlite_claim

    output, modules = _run_cli(["--db", str(db), command[0], prefix, *command[1:]], db.parent)

    assert "Exports doubled since 2020" in output
    assert "domain.claim" in modules  # the claim really was replayed or listed
    assert "domain.values" not in modules
