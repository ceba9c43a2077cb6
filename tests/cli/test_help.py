"""`--help` on the app and every command exits 0 and describes it (the docstring is the help)."""

from __future__ import annotations

import pytest

from tests.cli.support import command_app, command_paths, invoke

EXPECTED_COMMANDS = [
    ["add"],
    ["articles"],
    ["assign"],
    ["audit", "anchor"],
    ["audit", "export"],
    ["audit", "log"],
    ["audit", "verify"],
    ["copy-to"],
    ["correct"],
    ["demo"],
    ["diff"],
    ["dismiss"],
    ["duplicate"],
    ["evidence", "add"],
    ["evidence", "withdraw"],
    ["export", "claimreview"],
    ["export", "csv"],
    ["history"],
    ["ingest"],
    ["list"],
    ["note"],
    ["projections", "follow"],
    ["projections", "rebuild"],
    ["projections", "status"],
    ["projections", "verify"],
    ["publish"],
    ["queue"],
    ["reopen"],
    ["report"],
    ["retract"],
    ["review"],
    ["scale", "adopt"],
    ["setup"],
    ["show"],
    ["similar"],
    ["stats"],
    ["team", "add"],
    ["team", "list"],
    ["team", "remove"],
    ["team", "roles"],
    ["verdict"],
]


def test_the_app_offers_exactly_the_expected_commands() -> None:
    assert sorted(command_paths()) == EXPECTED_COMMANDS


def test_claims_help_lists_every_command_with_its_summary() -> None:
    result = invoke(["--help"])

    assert result.exit_code == 0, result.output
    assert result.stderr == "", result.output
    assert result.stdout.startswith("Usage: claims [OPTIONS] COMMAND [ARGS]..."), result.output
    assert "A claim-verification ledger" in result.stdout, result.output
    assert "[env var: CLAIMS_DB]" in result.stdout, result.output
    listed = " ".join(result.stdout.split())
    for name, command in command_app().commands.items():
        assert f"\n  {name} " in result.stdout, name
        opening = " ".join(command.help.split()[:3])
        assert f"{name} {opening}" in listed, name


@pytest.mark.parametrize("path", [" ".join(p) for p in EXPECTED_COMMANDS])
def test_every_command_has_help_with_a_description(path: str) -> None:
    words = path.split()
    command = command_app()
    for word in words:
        command = command.commands[word]

    result = invoke([*words, "--help"])

    assert result.exit_code == 0, result.output
    assert result.stderr == "", result.output
    assert result.stdout.startswith(f"Usage: claims {path} "), result.output
    assert command.help, f"`claims {path}` has no docstring"
    # "\b" asks click to keep the example's lines as written; it is not printed.
    described = " ".join(command.help.replace("\b", "").split())
    assert described in " ".join(result.stdout.split()), result.output
    assert "Example:\n    claims " in result.stdout, f"`claims {path} --help` shows no example"


def test_evidence_help_lists_its_subcommands() -> None:
    result = invoke(["evidence", "--help"])

    assert result.exit_code == 0, result.output
    assert "Add or withdraw evidence" in result.stdout, result.output
    assert "  add " in result.stdout, result.output
    assert "  withdraw " in result.stdout, result.output


def test_help_needs_no_store() -> None:
    result = invoke(["--db", "/no/such/dir/claims.db", "verdict", "--help"])

    assert result.exit_code == 0, result.output
    assert "--rationale" in result.stdout, result.output


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_every_command_takes_h_and_help(flag: str) -> None:
    for path in EXPECTED_COMMANDS:
        result = invoke([*path, flag])
        assert result.exit_code == 0, (path, result.output)
        assert result.stdout.startswith(f"Usage: claims {' '.join(path)} "), result.output


def test_help_shows_no_python_type_names() -> None:
    for path in [[], *EXPECTED_COMMANDS]:
        result = invoke([*path, "--help"])
        for python_name in ("<str>", "<list[", "<int>", "<Path>", "<float"):
            assert python_name not in result.stdout, (path, result.stdout)


def test_version_prints_the_installed_version() -> None:
    from importlib.metadata import version

    result = invoke(["--version"])

    assert result.exit_code == 0, result.output
    assert result.stdout == f"claims {version('claims')}\n"


def test_shell_completion_is_offered() -> None:
    result = invoke(["--help"])

    assert "--install-completion" in result.stdout
    assert "--show-completion" in result.stdout
