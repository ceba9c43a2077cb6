"""README.md: the two set-up commands first, CI's own test command, and every command shown."""

from __future__ import annotations

import re
from pathlib import Path

from tests.cli.support import command_paths

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
CI_RUN = ROOT / ".ci" / "run"


def readme_blocks() -> list[str]:
    """README.md split at blank lines (a fenced block counts as one, blank lines and all)."""
    blocks: list[str] = []
    current: list[str] = []
    fenced = False
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not line.strip() and not fenced:
            if current:
                blocks.append("\n".join(current))
            current = []
        else:
            current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def setup_commands() -> list[str]:
    """The commands of the fenced bash block that follows the title and the purpose."""
    title, purpose, setup, *_ = readme_blocks()
    assert title.startswith("# "), title
    assert "\n" not in title, title
    assert purpose, "README.md needs a purpose paragraph after the title"
    assert not purpose.startswith(("#", "```")), purpose
    lines = setup.splitlines()
    assert lines[0] == "```bash", setup
    assert lines[-1] == "```", setup
    return [line for line in lines[1:-1] if line.strip()]


def ci_test_command() -> str:
    lines = [line.strip() for line in CI_RUN.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line and not line.startswith("#")][-1]


def readme_code() -> str:
    """Everything README.md shows as code: fenced blocks and inline `spans`."""
    text = README.read_text(encoding="utf-8")
    fenced = re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    prose = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    inline = re.findall(r"`([^`]+)`", prose)
    return "\n".join([*fenced, *inline])


def test_readme_opens_with_the_demo_and_the_test_command_after_title_and_purpose() -> None:
    commands = setup_commands()

    assert len(commands) == 2, commands
    demo, tests = commands
    assert demo.endswith("claims demo"), demo
    assert "pytest" in tests, tests


def test_readme_runs_the_tests_exactly_as_ci_does() -> None:
    ci_command = ci_test_command()
    _, readme_tests = setup_commands()

    assert ci_command == ".venv/bin/pytest"
    assert readme_tests.endswith(ci_command), readme_tests


def test_readme_shows_every_command() -> None:
    code = readme_code()
    missing = [
        f"claims {' '.join(path)}"
        for path in command_paths()
        if not re.search(rf"\bclaims {' '.join(path)}(?![\w-])", code)
    ]

    assert not missing, f"README.md never shows: {', '.join(missing)}"
