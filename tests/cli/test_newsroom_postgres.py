"""A newsroom on the real PostgreSQL server, with real login roles: identity is the
role the server authenticated, roles are the team's, and the database itself keeps
the events table append-only, whatever a member tries with their own credentials.

Roles are cluster-wide: each test makes its own, with unique names, and drops them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from eventsourcing.application import Application
from psycopg import sql
from typer.testing import Result

from claims.application import ClaimsLedger
from claims.audit.sealing import seal_pending
from claims.storage.location import locate_store
from domain.claim import Claim
from tests.cli.support import assert_one_line_error, invoke

pytestmark = pytest.mark.postgres

ROLES = {"checker": "checker", "editor": "editor", "auditor": "auditor", "admin": "admin"}


def _url(server: str, user: str, dbname: str) -> str:
    parts = urlsplit(server)
    netloc = f"{user}@{parts.hostname}:{parts.port or 5432}"
    return urlunsplit(parts._replace(netloc=netloc, path=f"/{dbname}"))


@dataclass
class Newsroom:
    server: str
    dbname: str
    owner: str
    logins: dict[str, str]  # team role -> login name

    def url(self, who: str) -> str:
        return _url(self.server, self.logins.get(who, who), self.dbname)

    def run(self, who: str, *args: str) -> Result:
        return invoke(["--db", self.url(who), *args])

    def ok(self, who: str, *args: str) -> Result:
        result = self.run(who, *args)
        assert result.exit_code == 0, result.output
        return result

    def as_owner(self, statements: list[str]) -> None:
        with psycopg.connect(self.url(self.owner), autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)  # type: ignore[call-overload]

    def connect(self, who: str) -> psycopg.Connection[Any]:
        return psycopg.connect(self.url(who), autocommit=True)

    def ledger(self, who: str) -> ClaimsLedger:
        return ClaimsLedger.open(locate_store(self.url(who)))


def _drop(server: str, dbname: str, prefix: str) -> None:
    """The database, then every role this newsroom made (cluster-wide names)."""
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname))
        )
        names = admin.execute(
            "SELECT rolname FROM pg_roles WHERE rolname LIKE %s OR rolname LIKE %s "
            "ORDER BY rolname LIKE '%%_owner'",
            (prefix + "%", dbname + "%"),
        ).fetchall()
        for (name,) in names:
            admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


def _newsroom(server: str) -> Iterator[Newsroom]:
    """The README's set-up: a DBA makes the owner and the database; the owner runs
    `claims setup --admin`; the admin adds a checker, an editor and an auditor, and
    the owner runs the SQL that `team add --sql` prints for each."""
    tag = uuid.uuid4().hex[:8]
    dbname = f"claims_nr_{tag}"
    prefix = f"nr{tag}_"
    owner = prefix + "owner"
    logins = {role: prefix + role for role in ROLES}
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN CREATEROLE").format(sql.Identifier(owner)))
        admin.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(dbname), sql.Identifier(owner)
            )
        )
    room = Newsroom(server, dbname, owner, logins)
    try:
        result = room.ok(owner, "setup", "--admin", logins["admin"])
        assert f"{logins['admin']}'s login has the rights of admin" in result.stdout
        for role in ("checker", "editor", "auditor"):
            added = room.ok("admin", "team", "add", logins[role], "--role", role, "--sql")
            room.as_owner(printed_sql(added.stdout))
        yield room
    finally:
        _drop(server, dbname, prefix)


@pytest.fixture(scope="module")
def newsroom(postgres_server: str) -> Iterator[Newsroom]:
    """One newsroom for the tests that leave its team and its log trustworthy."""
    yield from _newsroom(postgres_server)


@pytest.fixture
def fresh_newsroom(postgres_server: str) -> Iterator[Newsroom]:
    yield from _newsroom(postgres_server)


def printed_sql(output: str) -> list[str]:
    """The SQL statements among a command's output lines."""
    return [line for line in output.splitlines() if line.endswith(";")]


def _register(room: Newsroom, text: str) -> str:
    result = room.ok("checker", "add", text, "--quote", "q", "--json")
    import json

    claim_id: str = json.loads(result.stdout)["id"]
    return claim_id


def _in_review(room: Newsroom, text: str) -> str:
    claim_id = _register(room, text)
    room.ok("checker", "verdict", claim_id, "--rating", "false", "--rationale", "data")
    return claim_id


def _approved(room: Newsroom, text: str) -> str:
    claim_id = _in_review(room, text)
    room.ok("editor", "review", claim_id, "approve")
    return claim_id


# (command, the role it needs or None for reading, a function making its arguments)
COMMANDS = [
    ("add", "checker", lambda room, who: ["add", f"A claim {who} registers", "--quote", "q"]),
    (
        "verdict",
        "checker",
        lambda room, who: [
            "verdict",
            _register(room, f"For {who}'s verdict"),
            "--rating",
            "true",
            "--rationale",
            "r",
        ],
    ),
    (
        "review",
        "editor",
        lambda room, who: ["review", _in_review(room, f"Review {who}"), "approve"],
    ),
    ("publish", "editor", lambda room, who: ["publish", _approved(room, f"Publish {who}")]),
    (
        "team add",
        "admin",
        lambda room, who: [
            "team",
            "add",
            f"{room.logins[who]}_extra",
            "--role",
            "auditor",
            "--sql",
        ],
    ),
    ("projections rebuild", "admin", lambda room, who: ["projections", "rebuild", "--all"]),
    ("history", None, lambda room, who: ["history", _register(room, f"History for {who}")]),
    ("show", None, lambda room, who: ["show", _register(room, f"Shown to {who}")]),
    ("audit log", None, lambda room, who: ["audit", "log"]),
    ("audit export", None, lambda room, who: ["audit", "export", "--out", f"{who}.jsonl"]),
    ("audit verify", None, lambda room, who: ["audit", "verify"]),
    ("team list", None, lambda room, who: ["team", "list", "--json"]),
    # The read models, read with SELECT alone (an auditor's role has nothing more).
    ("list", None, lambda room, who: ["list", "--json"]),
    ("queue", None, lambda room, who: ["queue", "--json"]),
    ("articles", None, lambda room, who: ["articles", "--json"]),
    ("export csv", None, lambda room, who: ["export", "csv"]),
    ("export claimreview", None, lambda room, who: ["export", "claimreview"]),
    ("stats", None, lambda room, who: ["stats", "--json"]),
    ("projections status", None, lambda room, who: ["projections", "status", "--json"]),
]
GIVES = {
    "checker": {"checker"},
    "editor": {"checker", "editor"},
    "auditor": set(),
    "admin": {"admin"},
}


@pytest.mark.parametrize("member", list(ROLES))
def test_each_login_may_run_what_its_team_roles_allow_on_postgres(
    newsroom: Newsroom, member: str
) -> None:
    for name, needed, arguments in COMMANDS:
        args = arguments(newsroom, member)
        with newsroom.ledger("admin") as probe:
            before = probe.fingerprint()
        result = newsroom.run(member, *args)
        if needed is None or needed in GIVES[member]:
            assert result.exit_code == 0, (name, result.output)
            continue
        line = assert_one_line_error(result, 1)
        assert f"that needs the {needed} role" in line, (name, line)
        with newsroom.ledger("admin") as probe:
            assert probe.fingerprint() == before, name


REWRITES = [
    "UPDATE public.claims_events SET topic = topic",
    "DELETE FROM public.claims_events",
    "TRUNCATE public.claims_events",
    "ALTER TABLE public.claims_events DISABLE TRIGGER USER",
    "DROP TABLE public.claims_events",
    "SET session_replication_role = replica",
    "INSERT INTO public.claims_events (originator_id, originator_version, topic, state, "
    "inserted_by) VALUES (gen_random_uuid(), 1, 't', '\\x7b7d', 'someone')",
]


@pytest.mark.parametrize("member", list(ROLES))
def test_the_database_refuses_any_member_rewriting_the_log_with_their_own_login(
    newsroom: Newsroom, member: str
) -> None:
    newsroom.ok("checker", "add", f"A claim {member} would like to erase", "--quote", "q")
    with newsroom.ledger("auditor") as ledger:
        before = ledger.fingerprint()
    for statement in REWRITES:
        with newsroom.connect(member) as connection, pytest.raises(psycopg.Error) as refused:
            connection.execute(statement)  # type: ignore[call-overload]
        assert isinstance(
            refused.value, (psycopg.errors.InsufficientPrivilege, psycopg.errors.RaiseException)
        ), (statement, refused.value)
    with newsroom.ledger("auditor") as ledger:
        assert ledger.fingerprint() == before
        assert ledger.verify_store().intact


def test_an_auditor_reads_with_select_alone_and_cannot_insert_an_event(newsroom: Newsroom) -> None:
    newsroom.ok("checker", "add", "A claim on record", "--quote", "q")
    insert = (
        "INSERT INTO public.claims_events (originator_id, originator_version, topic, state) "
        "VALUES (gen_random_uuid(), 1, 't', '\\x7b7d')"
    )
    with (
        newsroom.connect("auditor") as connection,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        connection.execute(insert)
    result = newsroom.run("auditor", "add", "An auditor's claim", "--quote", "q")
    line = assert_one_line_error(result, 1)
    assert "that needs the checker role" in line


def test_an_auditor_write_that_passes_the_ledger_is_still_refused_by_the_database(
    newsroom: Newsroom,
) -> None:
    """Even with the team check bypassed (the auditor listed as a checker), the
    auditor's login has no right to insert: one clear line, exit 1... from the
    database's refusal, which the CLI reports as a store failure."""
    auditor = newsroom.logins["auditor"]
    newsroom.ok("admin", "team", "roles", auditor, "auditor", "checker")
    try:
        with newsroom.ledger("admin") as ledger:
            before = ledger.fingerprint()
        result = newsroom.run("auditor", "add", "An auditor's claim", "--quote", "q")
        line = assert_one_line_error(result, 1)
        assert "permission denied for table claims_events" in line
        with newsroom.ledger("admin") as ledger:
            assert ledger.fingerprint() == before
    finally:
        newsroom.ok("admin", "team", "roles", auditor, "auditor")


def test_as_naming_someone_else_is_refused_and_naming_yourself_is_allowed(
    newsroom: Newsroom,
) -> None:
    editor = newsroom.logins["editor"]
    checker = newsroom.logins["checker"]
    refused = newsroom.run("checker", "--as", editor, "list")
    line = assert_one_line_error(refused, 2)
    assert f"you act as the role you connected as ({checker})" in line
    newsroom.ok("checker", "--as", checker, "add", "My own claim", "--quote", "q")
    env_refused = invoke(["--db", newsroom.url("checker"), "team", "list"], {"CLAIMS_USER": editor})
    assert_one_line_error(env_refused, 2)


def test_audit_verify_names_an_event_whose_actor_is_not_the_login_that_inserted_it(
    fresh_newsroom: Newsroom,
) -> None:
    """A checker using the library with their own credentials to write an event in
    the editor's name gets past everything but the stamp the database puts on it."""
    newsroom = fresh_newsroom
    claim_id = _in_review(newsroom, "A claim someone forges a review of")
    ledger = newsroom.ledger("checker")
    try:
        claim = ledger._load(Claim, uuid.UUID(claim_id), "claim")
        claim.approve_verdict(by=newsroom.logins["editor"])
        seal_pending([claim], ledger.mapper, ledger.recorder)
        Application.save(ledger, claim)  # past the ledger's checks, straight to the store
    finally:
        ledger.close()
    result = newsroom.run("auditor", "audit", "verify")
    assert result.exit_code == 1, result.output
    assert "NOT WHO THEY SAY: 1 events" in result.stdout
    assert f"names {newsroom.logins['editor']} as its actor" in result.stdout
    assert f"inserted by the role {newsroom.logins['checker']}" in result.stdout
    assert "version 3" in result.stdout


def test_an_admin_who_may_create_roles_gives_a_new_member_a_login_at_once(
    newsroom: Newsroom, postgres_server: str
) -> None:
    admin_login = newsroom.logins["admin"]
    newcomer = newsroom.logins["checker"] + "_new"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(sql.SQL("ALTER ROLE {} CREATEROLE").format(sql.Identifier(admin_login)))
    try:
        result = newsroom.ok("admin", "team", "add", newcomer, "--role", "checker")
        assert f"{newcomer}'s login has the rights of checker" in result.stdout
        newsroom.ok(newcomer, "add", "The newcomer's claim", "--quote", "q")
        newsroom.ok("admin", "team", "remove", newcomer)
        gone = newsroom.run(newcomer, "add", "After leaving", "--quote", "q")
        assert_one_line_error(gone, 1)  # the login keeps no rights: the database refuses it
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(sql.SQL("ALTER ROLE {} NOCREATEROLE").format(sql.Identifier(admin_login)))
