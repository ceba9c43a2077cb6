"""Every console session in README.md runs as written and prints what it shows.

Each block runs in a fresh temporary directory against a fresh store (see
tests/readme/console.py for how a block is run, continued and normalised).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.readme.console import ConsoleBlock, console_blocks, normalise, run_block

pytestmark = pytest.mark.slow

BLOCKS = console_blocks()


def _param(block: ConsoleBlock) -> object:
    marks = [pytest.mark.postgres] if block.databases else []
    return pytest.param(block, id=block.label, marks=marks)


@pytest.mark.parametrize("block", [_param(b) for b in BLOCKS if b.not_run is None])
def test_the_readme_session_prints_what_it_shows(
    block: ConsoleBlock, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    server = str(request.getfixturevalue("postgres_server")) if block.databases else None

    run = run_block(block, BLOCKS, tmp_path, server=server)

    shown = [
        (f"$ {command.text}", [normalise(line) for line in command.expected])
        for command in block.commands
    ]
    printed = [
        (f"$ {command.text}", [normalise(line) for line in output])
        for command, output in zip(block.commands, run.outputs, strict=True)
    ]
    actual = "\n".join(
        line
        for command, output in zip(block.commands, run.outputs, strict=True)
        for line in [f"$ {command.text}", *output]
    )
    assert printed == shown, f"{block.label} printed instead:\n{actual}"


def test_blocks_not_run_say_why() -> None:
    skipped = [b for b in BLOCKS if b.not_run is not None]

    assert all(b.not_run.strip() for b in skipped if b.not_run is not None)


def test_a_block_is_split_into_commands_and_the_lines_each_printed() -> None:
    text = (
        "<!-- name: one -->\n"
        "```console\n"
        "$ claims demo --seed-file seed.txt\n"
        "wrote the seed article\n"
        "$ claims ingest seed.txt \\\n"
        "    --published 2024-05-16\n"
        "article ...\n"
        "more\n"
        "```\n"
        "<!-- not run: benchmark output -->\n"
        "```console\n"
        "$ bench\n"
        "```\n"
    )

    first, second = console_blocks(text)

    assert first.name == "one"
    assert [c.text for c in first.commands] == [
        "claims demo --seed-file seed.txt",
        "claims ingest seed.txt \\\n    --published 2024-05-16",
    ]
    assert [c.expected for c in first.commands] == [
        ["wrote the seed article"],
        ["article ...", "more"],
    ]
    assert second.not_run == "benchmark output"


def test_times_hashes_durations_and_random_ids_are_normalised_but_derived_ids_are_not() -> None:
    line = (
        "2026-11-28 05:12:38Z 2026-11-28T05:12:42.913877Z in 0.3 s (4,892 events/s) "
        + "ab" * 32
        + " 6f1c2a9e-1b2c-4d3e-8f40-123456789abc 0bfe46ba-7719-52bb-8e9f-8805249105fd"
    )

    assert normalise(line) == (
        "<TIME> <TIME> in <N> s (<N> events/s) <HASH> <UUID4> 0bfe46ba-7719-52bb-8e9f-8805249105fd"
    )


def test_a_session_keeps_its_shell_state_and_each_command_its_own_output(tmp_path: Path) -> None:
    text = "```console\n$ export WHO=maria\n$ echo $WHO; false\nmaria\n$ echo $?\n1\n```\n"
    [block] = console_blocks(text)

    run = run_block(block, [block], tmp_path)

    assert run.outputs == [[], ["maria"], ["1"]]


def test_a_session_that_prints_something_else_is_seen_to_differ(tmp_path: Path) -> None:
    [block] = console_blocks("```console\n$ claims --version\nclaims 9.9.9\n```\n")

    run = run_block(block, [block], tmp_path)

    assert [normalise(line) for line in run.outputs[0]] != block.commands[0].expected
    assert run.outputs[0][0].startswith("claims ")
