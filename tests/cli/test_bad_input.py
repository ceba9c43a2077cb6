"""Bad input and usage errors: exit 2, one line on stderr, nothing on stdout, store untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import EVIDENCE_URL, Desk, evidence_add
from tests.cli.support import assert_one_line_error, invoke, sqlite_event_count

ABSENT_ID = "0123abcd-0000-4000-8000-00000000cafe"
RATINGS = "true, mostly-true, mixed, mostly-false, false, misleading, unproven"

# Every command that names a claim, with whatever else it needs to get as far as the lookup.
CLAIM_COMMANDS = {
    "show": ["show", "{ref}"],
    "history": ["history", "{ref}"],
    "assign": ["assign", "{ref}", "maria"],
    "evidence add": evidence_add("{ref}"),
    "evidence withdraw": ["evidence", "withdraw", "{ref}", "e1", "--reason", "Wrong."],
    "verdict": ["verdict", "{ref}", "--rating", "true", "--rationale", "Yes."],
    "review approve": ["review", "{ref}", "approve"],
    "review reject": ["review", "{ref}", "reject", "--reason", "No."],
    "publish": ["publish", "{ref}"],
    "correct": ["correct", "{ref}", "--rating", "true", "--note", "Fixed."],
    "retract": ["retract", "{ref}", "--reason", "Revised."],
    "dismiss": ["dismiss", "{ref}", "--reason", "Opinion."],
    "reopen": ["reopen", "{ref}"],
    "duplicate": ["duplicate", "{ref}", "--of", "{id}"],
    "duplicate --of": ["duplicate", "{id}", "--of", "{ref}"],
    "note": ["note", "{ref}", "A note."],
}


def fill(template: list[str], **values: str) -> list[str]:
    return [part.format(**values) for part in template]


def attempt(desk: Desk, args: list[str], exit_code: int, user: str = "bob") -> str:
    """Run a command that must fail; return its one stderr line after checking the store."""
    before = desk.events()
    line = assert_one_line_error(desk.run(*args, user=user), exit_code)
    assert desk.events() == before, line
    return line


@pytest.mark.parametrize("command", CLAIM_COMMANDS)
def test_every_claim_command_reports_an_absent_claim_id(
    desk: Desk, claim_id: str, command: str
) -> None:
    args = fill(CLAIM_COMMANDS[command], ref=ABSENT_ID, id=claim_id)

    assert attempt(desk, args, 2) == f"claims: no claim with id {ABSENT_ID}"


@pytest.mark.parametrize("command", CLAIM_COMMANDS)
def test_every_claim_command_rejects_a_malformed_claim_id(
    desk: Desk, claim_id: str, command: str
) -> None:
    args = fill(CLAIM_COMMANDS[command], ref="zzzz", id=claim_id)

    assert attempt(desk, args, 2) == "claims: 'zzzz' is not a claim id (8 to 32 hex characters)"


@pytest.mark.parametrize("command", CLAIM_COMMANDS)
def test_every_claim_command_rejects_an_id_prefix_shorter_than_eight(
    desk: Desk, claim_id: str, command: str
) -> None:
    prefix = claim_id[:7]
    args = fill(CLAIM_COMMANDS[command], ref=prefix, id=claim_id)

    assert attempt(desk, args, 2) == (
        f"claims: '{prefix}' is not a claim id (8 to 32 hex characters)"
    )


BAD_INPUTS = {
    "a rating not on the scale": (
        ["verdict", "{id}", "--rating", "bogus", "--rationale", "r"],
        f"claims: rating 'bogus' is not on the default scale (valid: {RATINGS})",
    ),
    "a correction to a rating not on the scale": (
        ["correct", "{id}", "--rating", "pants-on-fire", "--note", "n"],
        f"claims: rating 'pants-on-fire' is not on the default scale (valid: {RATINGS})",
    ),
    "a verdict without --rationale": (
        ["verdict", "{id}", "--rating", "true"],
        "claims verdict: Missing option '--rationale'.",
    ),
    "a dismissal without --reason": (
        ["dismiss", "{id}"],
        "claims dismiss: Missing option '--reason'.",
    ),
    "a retraction without --reason": (
        ["retract", "{id}"],
        "claims retract: Missing option '--reason'.",
    ),
    "show without a claim id": (["show"], "claims show: Missing argument 'CLAIM'."),
    "a bad stance": (
        ["evidence", "add", "{id}", "--url", EVIDENCE_URL, "--stance", "maybe", "--quote", "q"],
        "claims evidence add: Invalid value for '--stance': "
        "'maybe' is not one of 'supports', 'refutes', 'context'.",
    ),
    "an invalid evidence URL": (
        ["evidence", "add", "{id}", "--url", "not a url", "--stance", "supports", "--quote", "q"],
        "claims: url: Input should be a valid URL, relative URL without a base",
    ),
    "an invalid source URL": (
        ["add", "A brand new claim", "--quote", "q", "--source-url", "nope"],
        "claims: source_url: Input should be a valid URL, relative URL without a base",
    ),
    "an empty claim text": (
        ["add", "   ", "--quote", "q"],
        "claims: text: String should have at least 1 character",
    ),
    "an unknown command": (["frobnicate"], "claims: No such command 'frobnicate'."),
    "an unknown evidence command": (
        ["evidence", "remove", "{id}"],
        "claims evidence: No such command 'remove'.",
    ),
    "an unknown option": (["show", "{id}", "--bogus"], "claims show: No such option: --bogus"),
    "a review decision other than approve or reject": (
        ["review", "{id}", "maybe"],
        "claims review: Invalid value for 'DECISION': 'maybe' is not one of 'approve', 'reject'.",
    ),
    "a rejection without --reason": (
        ["review", "{id}", "reject"],
        "claims review: Invalid value for --reason: rejecting a verdict needs --reason",
    ),
    "a version the claim never had": (
        ["show", "{id}", "--version", "9"],
        "claims: claim {id} has no version 9 (latest is 2)",
    ),
    "a version below one": (
        ["show", "{id}", "--version", "0"],
        "claims show: Invalid value for '--version': Input should be greater than or equal to 1",
    ),
    "a status filter that is no status": (
        ["list", "--status", "done"],
        "claims list: Invalid value for '--status': 'done' is not one of 'open', "
        "'in-review', 'rejected', 'approved', 'published', 'retracted', 'dismissed', 'duplicate'.",
    ),
    "a rating filter not on the scale": (
        ["list", "--rating", "bogus"],
        f"claims: rating 'bogus' is not on the default scale (valid: {RATINGS})",
    ),
    "an absent article": (
        ["add", "A brand new claim", "--quote", "q", "--article", "00000000"],
        "claims: no article with id 00000000",
    ),
    "an absent article filter": (
        ["list", "--article", "00000000"],
        "claims: no article with id 00000000",
    ),
    "a user name of two words": (
        ["--as", "two words", "note", "{id}", "hi"],
        "claims: user name 'two words' holds U+0020 SPACE; "
        "use letters a-z, digits, '.', '_' and '-'",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_is_refused_with_exit_2_and_one_line(
    desk: Desk, in_review: str, case: str
) -> None:
    template, expected = BAD_INPUTS[case]

    line = attempt(desk, fill(template, id=in_review), 2)

    assert line == expected.format(id=in_review)


def test_an_unreachable_postgres_server_is_reported_in_one_line() -> None:
    result = invoke(["--db", "postgresql://postgres@127.0.0.1:1/test", "list"])

    line = assert_one_line_error(result, 2)
    assert line.startswith(
        "claims: cannot reach PostgreSQL at postgresql://postgres@127.0.0.1:1/test: "
    ), line


def test_a_password_in_the_url_is_never_shown() -> None:
    result = invoke(["--db", "postgresql://postgres:s3cret@127.0.0.1:1/test", "list"])

    line = assert_one_line_error(result, 2)
    assert "s3cret" not in line, line


def test_a_sqlite_path_in_a_missing_directory_is_refused_without_creating_it(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "no" / "such" / "dir"
    path = missing / "claims.db"

    result = invoke(["--db", str(path), "--as", "alice", "add", "A claim", "--quote", "q"])

    line = assert_one_line_error(result, 2)
    assert line == (
        f"claims: cannot create database {str(path)!r}: directory {str(missing)!r} does not exist"
    )
    assert not (tmp_path / "no").exists()


def test_a_directory_as_the_database_is_refused(tmp_path: Path) -> None:
    result = invoke(["--db", str(tmp_path), "list"])

    line = assert_one_line_error(result, 2)
    assert line == f"claims: database path {str(tmp_path)!r} is a directory, not a file"


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database\n", encoding="utf-8")

    result = invoke(["--db", str(path), "list"])

    line = assert_one_line_error(result, 2)
    assert line == f"claims: cannot open the event store at {path}: file is not a database"
    assert path.read_text(encoding="utf-8") == "not a database\n"


def test_a_url_that_is_not_postgres_is_refused() -> None:
    result = invoke(["--db", "mysql://root@localhost/claims", "list"])

    line = assert_one_line_error(result, 2)
    assert line == (
        "claims: database 'mysql://root@localhost/claims' is neither a file path "
        "nor a postgresql:// URL"
    )


def test_errors_print_nothing_on_stdout_even_with_json(desk: Desk, claim_id: str) -> None:
    before = desk.events()

    result = desk.run("verdict", claim_id, "--rating", "bogus", "--rationale", "r", "--json")

    assert_one_line_error(result, 2)
    assert sqlite_event_count(desk.db) == before
