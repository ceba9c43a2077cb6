"""Where the events go (--db, CLAIMS_DB, ./claims.db) and who acts (--as, CLAIMS_USER)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import CLAIM_QUOTE, CLAIM_TEXT, Desk
from tests.cli.support import invoke, sqlite_event_count


def test_db_option_chooses_the_sqlite_file(db: str, workdir: Path) -> None:
    result = invoke(["--db", db, "--as", "alice", "add", CLAIM_TEXT, "--quote", CLAIM_QUOTE])

    assert result.exit_code == 0, result.output
    assert sqlite_event_count(db) == 1
    assert not (workdir / "claims.db").exists()


def test_claims_db_variable_chooses_the_store_when_there_is_no_option(
    db: str, workdir: Path
) -> None:
    result = invoke(
        ["--as", "alice", "add", CLAIM_TEXT, "--quote", CLAIM_QUOTE], env={"CLAIMS_DB": db}
    )

    assert result.exit_code == 0, result.output
    assert sqlite_event_count(db) == 1
    assert not (workdir / "claims.db").exists()


def test_db_option_wins_over_the_claims_db_variable(db: str, tmp_path: Path) -> None:
    elsewhere = str(tmp_path / "elsewhere.db")

    result = invoke(
        ["--db", db, "--as", "alice", "add", CLAIM_TEXT, "--quote", CLAIM_QUOTE],
        env={"CLAIMS_DB": elsewhere},
    )

    assert result.exit_code == 0, result.output
    assert sqlite_event_count(db) == 1
    assert not Path(elsewhere).exists()


def test_without_db_option_or_variable_the_store_is_claims_db_in_the_cwd(workdir: Path) -> None:
    result = invoke(["--as", "alice", "add", CLAIM_TEXT, "--quote", CLAIM_QUOTE])

    assert result.exit_code == 0, result.output
    assert sqlite_event_count(workdir / "claims.db") == 1


def test_as_option_names_the_actor_in_the_record(desk: Desk, claim_id: str) -> None:
    data = desk.json("verdict", claim_id, "--rating", "false", "--rationale", "No.", user="maria")

    assert data["verdict"]["recorded_by"] == "maria"
    assert desk.json("history", claim_id)[-1]["actor"] == "maria"


def test_claims_user_variable_names_the_actor_when_there_is_no_option(db: str) -> None:
    result = invoke(
        ["--db", db, "add", CLAIM_TEXT, "--quote", CLAIM_QUOTE, "--json"],
        env={"CLAIMS_USER": "maria"},
    )

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["registered_by"] == "maria"


def test_as_option_wins_over_the_claims_user_variable(db: str) -> None:
    result = invoke(
        ["--db", db, "--as", "tom", "add", CLAIM_TEXT, "--quote", CLAIM_QUOTE, "--json"],
        env={"CLAIMS_USER": "maria"},
    )

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["registered_by"] == "tom"


def test_four_eyes_rule_applies_to_the_claims_user_identity(desk: Desk, in_review: str) -> None:
    before = desk.events()

    result = invoke(["--db", desk.db, "review", in_review, "approve"], env={"CLAIMS_USER": "alice"})

    assert result.exit_code == 1, result.output
    assert result.stderr == (
        "claims: alice recorded this verdict and cannot approve it (four-eyes rule)\n"
    ), result.output
    assert desk.events() == before
