"""Every role against every command on a SQLite desk with a team: what each member
may run, and the one line that refuses the rest (exit 1, the role named, the store
unchanged)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.support import assert_one_line_error, sqlite_event_count
from tests.cli.team_desk import States, TeamDesk, build, copy_desk

SCALE = (
    '{"name": "two", "ratings": [{"key": "true", "label": "True"}, '
    '{"key": "false", "label": "False"}]}'
)
ARTICLE = (
    "Title: Budget day\nPublished: 2024-05-16\n\n"
    "The minister said unemployment fell to 3.1 percent in April, the lowest in 20 years."
)

# Command -> (the role it needs, how to run it given the claims in each state).
# None: any member may run it (a read).
Args = Callable[[States, Path], list[str]]
COMMANDS: dict[str, tuple[str | None, Args]] = {
    "add": ("checker", lambda s, d: ["add", "A new claim", "--quote", "q"]),
    "ingest": (
        "checker",
        lambda s, d: ["ingest", str(_file(d, "a.txt", ARTICLE)), "--published", "2024-05-16"],
    ),
    "assign to self": ("checker", lambda s, d: ["assign", s.open, "{me}"]),
    "assign to another": ("editor", lambda s, d: ["assign", s.open, "cara2"]),
    "evidence add": (
        "checker",
        lambda s, d: [
            "evidence",
            "add",
            s.open,
            "--url",
            "https://example.com/",
            "--stance",
            "supports",
            "--quote",
            "q",
        ],
    ),
    "evidence withdraw": (
        "checker",
        lambda s, d: ["evidence", "withdraw", s.with_evidence, "e1", "--reason", "r"],
    ),
    "verdict": (
        "checker",
        lambda s, d: ["verdict", s.open, "--rating", "true", "--rationale", "r"],
    ),
    "note": ("checker", lambda s, d: ["note", s.open, "a note"]),
    "review": ("editor", lambda s, d: ["review", s.in_review, "approve"]),
    "publish": ("editor", lambda s, d: ["publish", s.approved]),
    "correct": ("editor", lambda s, d: ["correct", s.published, "--rating", "true", "--note", "n"]),
    "retract": ("editor", lambda s, d: ["retract", s.published, "--reason", "r"]),
    "dismiss": ("editor", lambda s, d: ["dismiss", s.open, "--reason", "r"]),
    "reopen": ("editor", lambda s, d: ["reopen", s.dismissed]),
    "duplicate": ("editor", lambda s, d: ["duplicate", s.open, "--of", s.other_open]),
    "scale adopt": (
        "admin",
        lambda s, d: ["scale", "adopt", str(_file(d, "s.json", SCALE)), "--relabel"],
    ),
    "team add": ("admin", lambda s, d: ["team", "add", "newbie", "--role", "checker"]),
    "team roles": ("admin", lambda s, d: ["team", "roles", "cara", "editor"]),
    "team remove": ("admin", lambda s, d: ["team", "remove", "aud"]),
    "projections rebuild": ("admin", lambda s, d: ["projections", "rebuild", "--all"]),
    "projections verify": ("admin", lambda s, d: ["projections", "verify"]),
    "copy-to": ("admin", lambda s, d: ["copy-to", str(d / "copy.db")]),
    "show": (None, lambda s, d: ["show", s.published]),
    "history": (None, lambda s, d: ["history", s.published]),
    "diff": (None, lambda s, d: ["diff", s.published, "1", "2"]),
    "list": (None, lambda s, d: ["list"]),
    "queue": (None, lambda s, d: ["queue"]),
    "scale": (None, lambda s, d: ["scale"]),
    "team list": (None, lambda s, d: ["team", "list"]),
    "audit log": (None, lambda s, d: ["audit", "log"]),
    "audit verify": (None, lambda s, d: ["audit", "verify"]),
    "audit anchor": (None, lambda s, d: ["audit", "anchor"]),
    "audit export": (None, lambda s, d: ["audit", "export", "--out", str(d / "e.jsonl")]),
    "export csv": (None, lambda s, d: ["export", "csv"]),
    "report": (None, lambda s, d: ["report", "--desk", "--out", str(d / "desk.html")]),
    "stats": (None, lambda s, d: ["stats"]),
    "similar": (None, lambda s, d: ["similar", s.open]),
}
# Each member, and the roles that let them do a command needing the key.
MEMBERS = {"cara": "checker", "ed": "editor", "aud": "auditor", "adm": "admin"}
GIVES = {
    "checker": {"checker"},
    "editor": {"checker", "editor"},
    "auditor": set(),
    "admin": {"admin"},
}


def _file(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, States]:
    db = tmp_path_factory.mktemp("team") / "template.db"
    return db, build(db)


@pytest.fixture
def team_desk(template: tuple[Path, States], tmp_path: Path) -> TeamDesk:
    return copy_desk(template, tmp_path)


def _allowed(member: str, needed: str | None) -> bool:
    return needed is None or needed in GIVES[MEMBERS[member]]


CASES = [
    pytest.param(member, command, id=f"{member}-{command.replace(' ', '-')}")
    for command in COMMANDS
    for member in MEMBERS
]


@pytest.mark.parametrize(("member", "command"), CASES)
def test_each_member_may_run_what_their_roles_allow_and_nothing_else(
    team_desk: TeamDesk, tmp_path: Path, member: str, command: str
) -> None:
    needed, arguments = COMMANDS[command]
    args = [a.replace("{me}", member) for a in arguments(team_desk.states, tmp_path)]
    before = sqlite_event_count(team_desk.db)
    result = team_desk.run(member, *args)
    if _allowed(member, needed):
        assert result.exit_code == 0, result.output
        return
    line = assert_one_line_error(result, 1)
    # Assigning to another is refused at once to whoever may not assign at all.
    named = "checker" if needed == "editor" and "checker" not in GIVES[MEMBERS[member]] else needed
    if command != "assign to another":
        named = needed
    assert f"that needs the {named} role" in line, line
    assert line.startswith(f"claims: {member} may not "), line
    assert sqlite_event_count(team_desk.db) == before


@pytest.mark.parametrize("command", ["list", "history", "audit log", "team list", "add"])
def test_someone_outside_the_team_may_not_even_read(
    team_desk: TeamDesk, tmp_path: Path, command: str
) -> None:
    _, arguments = COMMANDS[command]
    before = sqlite_event_count(team_desk.db)
    result = team_desk.run("stranger", *arguments(team_desk.states, tmp_path))
    line = assert_one_line_error(result, 1)
    assert "stranger is not a member of the team" in line, line
    assert sqlite_event_count(team_desk.db) == before


def test_the_table_covers_every_command_of_the_cli() -> None:
    from tests.cli.support import command_paths

    covered = {c.replace(" to self", "").replace(" to another", "") for c in COMMANDS}
    # Commands outside a desk's team: the demo (it writes as its own cast), the
    # newsroom setup (PostgreSQL, its owner), the store-wide JSON-LD export and
    # the read models' status (reads like `export csv` and `list`).
    outside = {
        "demo",
        "setup",
        "export claimreview",
        "projections status",
        "articles",
        "projections follow",  # runs until stopped: tests/projections/test_follower.py
    }
    missing = {" ".join(p) for p in command_paths()} - covered - outside
    assert not missing, missing
