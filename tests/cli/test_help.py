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
    ["retract"],
    ["review"],
    ["scale", "adopt"],
    ["show"],
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
    assert " ".join(command.help.split()) in " ".join(result.stdout.split()), result.output


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
