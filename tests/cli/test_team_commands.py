"""`claims team ...` on a SQLite desk, and who the record names: the OS account that
ran each command, and the member it acted for when an admin (or anyone, before the
desk has a team) named one with --as."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

from typer.testing import Result

from tests.cli.conftest import Desk
from tests.cli.support import assert_one_line_error, fingerprint, invoke
from tests.cli.team_desk import running_as


def run(db: str, who: str, *args: str) -> Result:
    with running_as(who):
        return invoke(["--db", db, *args])


def ok(db: str, who: str, *args: str) -> str:
    with running_as(who):
        result = invoke(["--db", db, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_store_without_a_team_says_so_and_stays_open_to_anyone(db: str) -> None:
    out = ok(db, "alice", "team", "list")
    assert out.startswith("no team: every command is open to anyone")
    assert json.loads(ok(db, "alice", "team", "list", "--json")) == {
        "formed": False,
        "as_of": None,
        "members": [],
    }
    ok(db, "zoe", "add", "A claim anyone may add", "--quote", "q")


def test_the_first_team_add_makes_its_author_the_first_admin(db: str) -> None:
    out = ok(db, "alice", "team", "add", "bob", "--role", "checker")
    assert out == "added bob (checker)\nformed the team: alice is its first admin\n"
    data = json.loads(ok(db, "alice", "team", "list", "--json"))
    assert data["members"] == [
        {"name": "alice", "roles": ["admin"]},
        {"name": "bob", "roles": ["checker"]},
    ]


def test_an_author_adding_themself_first_keeps_admin_beside_their_roles(db: str) -> None:
    ok(db, "alice", "team", "add", "alice", "--role", "editor")
    data = json.loads(ok(db, "alice", "team", "list", "--json"))
    assert data["members"] == [{"name": "alice", "roles": ["editor", "admin"]}]


def test_the_last_admin_can_be_neither_removed_nor_demoted(db: str) -> None:
    ok(db, "alice", "team", "add", "bob", "--role", "checker")
    before = fingerprint(db)
    line = assert_one_line_error(run(db, "alice", "team", "remove", "alice"), 1)
    assert "last admin" in line
    line = assert_one_line_error(run(db, "alice", "team", "roles", "alice", "editor"), 1)
    assert "last admin" in line
    assert fingerprint(db) == before
    ok(db, "alice", "team", "roles", "bob", "checker", "admin")
    ok(db, "bob", "team", "remove", "alice")
    assert "alice" not in ok(db, "bob", "team", "list")


def test_unknown_roles_and_members_are_refused_with_one_line(db: str) -> None:
    ok(db, "alice", "team", "add", "bob", "--role", "checker")
    assert_one_line_error(run(db, "alice", "team", "add", "carol", "--role", "boss"), 2)
    assert_one_line_error(run(db, "alice", "team", "remove", "carol"), 1)
    assert_one_line_error(run(db, "alice", "team", "add", "bob", "--role", "editor"), 1)


def test_the_team_as_of_a_past_moment_is_the_team_then(db: str) -> None:
    ok(db, "alice", "team", "add", "bob", "--role", "checker")
    time.sleep(0.01)
    between = datetime.now(UTC).isoformat()
    time.sleep(0.01)
    ok(db, "alice", "team", "roles", "bob", "editor")
    ok(db, "alice", "team", "add", "carol", "--role", "auditor")
    then = json.loads(ok(db, "alice", "team", "list", "--as-of", between, "--json"))
    assert then["members"] == [
        {"name": "alice", "roles": ["admin"]},
        {"name": "bob", "roles": ["checker"]},
    ]
    before = json.loads(ok(db, "alice", "team", "list", "--as-of", "2000-01-01", "--json"))
    assert before["formed"] is False
    assert "bob     editor" in ok(db, "alice", "team", "list")


def test_team_events_are_chained_and_in_the_audit_log(db: str) -> None:
    ok(db, "alice", "team", "add", "bob", "--role", "checker")
    ok(db, "alice", "team", "remove", "bob")
    lines = ok(db, "alice", "audit", "log", "--json").splitlines()
    types = [json.loads(line)["type"] for line in lines]
    assert types == ["Formed", "MemberAdded", "MemberAdded", "MemberRemoved"]
    assert ok(db, "alice", "audit", "log", "--type", "MemberRemoved").count("\n") == 1
    assert ok(db, "alice", "audit", "verify").startswith("intact: 4 events of 1 aggregates")


def test_without_a_team_as_names_the_member_and_the_record_names_who_ran_it(
    desk: Desk, db: str
) -> None:
    claim_id = json.loads(
        ok(db, "root", "--as", "maria", "add", "Named", "--quote", "q", "--json")
    )["id"]
    [entry] = json.loads(ok(db, "root", "history", claim_id, "--json"))
    assert (entry["actor"], entry["entered_by"]) == ("maria", "root")
    assert "(entered by root)" in ok(db, "root", "history", claim_id)
    ok(db, "maria", "note", claim_id, "her own note")
    entries = json.loads(ok(db, "root", "history", claim_id, "--json"))
    assert (entries[1]["actor"], entries[1]["entered_by"]) == ("maria", None)


def test_an_admin_may_act_for_a_member_and_both_are_recorded(db: str) -> None:
    ok(db, "boss", "team", "add", "maria", "--role", "checker")
    out = ok(db, "boss", "--as", "maria", "add", "For maria", "--quote", "q", "--json")
    claim_id = json.loads(out)["id"]
    [entry] = json.loads(ok(db, "boss", "history", claim_id, "--json"))
    assert (entry["actor"], entry["entered_by"]) == ("maria", "boss")
    [logged] = [
        json.loads(line)
        for line in ok(db, "boss", "audit", "log", "--json", "--claim", claim_id).splitlines()
    ]
    assert (logged["actor"], logged["entered_by"]) == ("maria", "boss")


def test_acting_for_a_member_holds_the_member_to_their_own_roles(db: str) -> None:
    ok(db, "boss", "team", "add", "maria", "--role", "checker")
    claim_id = json.loads(ok(db, "boss", "--as", "maria", "add", "C", "--quote", "q", "--json"))[
        "id"
    ]
    line = assert_one_line_error(
        run(db, "boss", "--as", "maria", "dismiss", claim_id, "--reason", "r"), 1
    )
    assert line == (
        "claims: maria may not dismiss claims: that needs the editor role (maria holds checker)"
    )


def test_only_an_admin_may_name_someone_else_with_as(db: str) -> None:
    ok(db, "boss", "team", "add", "maria", "--role", "checker")
    ok(db, "boss", "team", "add", "tom", "--role", "editor")
    before = fingerprint(db)
    result = run(db, "maria", "--as", "tom", "list")
    line = assert_one_line_error(result, 1)
    assert (
        line == "claims: maria may not act for tom: that needs the admin role (maria holds checker)"
    )
    env = {"CLAIMS_USER": "tom"}
    with running_as("maria"):
        from_env = invoke(["--db", db, "add", "X", "--quote", "q"], env)
    assert_one_line_error(from_env, 1)
    assert fingerprint(db) == before
    ok(db, "maria", "--as", "maria", "add", "Her own", "--quote", "q")


def test_a_copy_keeps_the_team_and_its_history(db: str, tmp_path: Path) -> None:
    ok(db, "boss", "team", "add", "maria", "--role", "checker")
    ok(db, "boss", "team", "roles", "maria", "editor")
    target = str(tmp_path / "copy.db")
    ok(db, "boss", "copy-to", target)
    assert ok(target, "boss", "team", "list") == ok(db, "boss", "team", "list")
    assert ok(target, "boss", "audit", "log") == ok(db, "boss", "audit", "log")
    refused = run(target, "maria", "team", "add", "x", "--role", "checker")
    assert_one_line_error(refused, 1)
