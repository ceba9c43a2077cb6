"""Running README.md's console sessions and comparing what they print.

A README block fenced as `console` is a shell session: lines starting `$ ` are
commands (a trailing backslash continues one onto the next line), every other line
is what the commands before it printed, stdout and stderr together. The runner
turns a block into one bash script, so `export` and `cd` carry from one command to
the next as they would for a reader, runs it in a fresh temporary directory with the
installed `claims` first on PATH and no CLAIMS_* variables, and splits the output
back per command.

An HTML comment on the line before the fence steers a block (several may be joined
with `;`):

- `<!-- not run: why -->`: shown, never run (a benchmark's figures, say);
- `<!-- name: fact-checker -->`: names the block, so a later one can continue it;
- `<!-- after: fact-checker -->`: first run that block's commands (and its own
  `after`), unchecked, in the same directory: the session goes on from there;
- `<!-- file: politifact.toml -->` before a block of another language (```toml):
  that block's text is a file the reader saves; every session finds it, under
  that name, in its directory;
- `<!-- postgres: desk -->`: the block uses the PostgreSQL database `desk` of the
  server at postgresql://postgres@127.0.0.1:5432; the runner gives it a fresh
  database of its own on the test server instead (and drops it afterwards).

What must differ between runs is normalised on both sides before comparing (see
`normalise`): times, durations and rates, 64-hex hashes, and random (version 4) UUIDs. Claim and
article ids are derived from their text, so ids and 8-character prefixes are the same
on every run and are compared.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
README_SERVER = "postgresql://postgres@127.0.0.1:5432"

_DIRECTIVE = re.compile(r"^<!--(.*)-->\s*$")
_MARKER = "@@readme-command-{}@@"


@dataclass
class Command:
    text: str  # as shown, without the "$ " prompt; continuation lines included
    expected: list[str] = field(default_factory=list)


@dataclass
class ConsoleBlock:
    line: int  # of the opening fence, 1-based
    commands: list[Command]
    name: str | None = None
    after: list[str] = field(default_factory=list)
    not_run: str | None = None
    databases: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"README.md:{self.line}" + (f" ({self.name})" if self.name else "")


def console_blocks(text: str | None = None) -> list[ConsoleBlock]:
    """Every ```console block of the README, with its directives."""
    lines = (README.read_text(encoding="utf-8") if text is None else text).splitlines()
    blocks: list[ConsoleBlock] = []
    index = 0
    while index < len(lines):
        if lines[index].strip() != "```console":
            index += 1
            continue
        block = ConsoleBlock(line=index + 1, commands=[])
        _apply_directives(block, lines, index)
        index += 1
        continuing = False
        while index < len(lines) and lines[index].strip() != "```":
            line = lines[index]
            if continuing:
                block.commands[-1].text += "\n" + line
            elif line.startswith("$ "):
                block.commands.append(Command(line[2:]))
            elif block.commands:
                block.commands[-1].expected.append(line)
            else:
                msg = f"README.md:{index + 1}: output before any command"
                raise ValueError(msg)
            continuing = line.endswith("\\") and bool(block.commands)
            index += 1
        blocks.append(block)
    return blocks


def shown_files(text: str | None = None) -> dict[str, str]:
    """The README's blocks marked `<!-- file: NAME -->`: NAME -> the block's text."""
    lines = (README.read_text(encoding="utf-8") if text is None else text).splitlines()
    files: dict[str, str] = {}
    for index, line in enumerate(lines):
        match = _DIRECTIVE.match(line.strip())
        key, _, name = (match.group(1) if match else "").partition(":")
        if key.strip() != "file" or index + 1 >= len(lines):
            continue
        if not lines[index + 1].startswith("```"):
            msg = f"README.md:{index + 1}: a file directive must sit right above a block"
            raise ValueError(msg)
        end = lines.index("```", index + 2)
        files[name.strip()] = "\n".join(lines[index + 2 : end]) + "\n"
    return files


def _apply_directives(block: ConsoleBlock, lines: list[str], fence: int) -> None:
    above = fence - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    match = _DIRECTIVE.match(lines[above].strip()) if above >= 0 else None
    if match is None:
        return
    for part in match.group(1).split(";"):
        key, _, value = part.partition(":")
        key, value = key.strip(), value.strip()
        if key == "not run":
            block.not_run = value or "marked not run"
        elif key == "name":
            block.name = value
        elif key == "after":
            block.after.extend(v.strip() for v in value.split(","))
        elif key == "postgres":
            block.databases.extend(v.strip() for v in value.split(","))
        elif key:
            msg = f"README.md:{block.line}: unknown directive {key!r} (see tests/readme/console.py)"
            raise ValueError(msg)


def prelude(block: ConsoleBlock, blocks: list[ConsoleBlock]) -> list[Command]:
    """The commands of the blocks this one continues, earliest first."""
    by_name = {b.name: b for b in blocks if b.name}
    commands: list[Command] = []
    for name in block.after:
        if name not in by_name:
            msg = f"{block.label}: continues {name!r}, but no block has that name"
            raise ValueError(msg)
        earlier = by_name[name]
        commands += prelude(earlier, blocks) + earlier.commands
    return commands


@dataclass
class Run:
    outputs: list[list[str]]  # what each of the block's own commands printed


def run_block(
    block: ConsoleBlock,
    blocks: list[ConsoleBlock],
    workdir: Path,
    *,
    server: str | None = None,
) -> Run:
    """Run the block's session (after its prelude) in `workdir`; `server` is the admin
    URL of the PostgreSQL server to use for a block that names databases."""
    renames = {db: f"readme_{uuid.uuid4().hex[:10]}_{db}" for db in block.databases}
    for name, content in shown_files().items():
        (workdir / name).write_text(content, encoding="utf-8")
    before = prelude(block, blocks)
    commands = [c.text for c in before] + [c.text for c in block.commands]
    script = ["exec 2>&1", "__rc=0"]
    for number, command in enumerate(commands):
        script.append(f"__rc=$?; echo {_MARKER.format(number)}; (exit $__rc)")
        script.append(_localised(command, renames, server))
    script.append(f"echo {_MARKER.format(len(commands))}")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMS_")}
    environment.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{environment.get('PATH', '')}",
        PYTHONUNBUFFERED="1",
        NO_COLOR="1",
        LC_ALL="C.UTF-8",
    )
    try:
        done = subprocess.run(
            ["bash", "-c", "\n".join(script)],
            cwd=workdir,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    finally:
        if server is not None and renames:
            _drop(server, renames.values())
    outputs = _split(done.stdout, len(commands))
    mapped = [[_unlocalised(line, renames, server) for line in out] for out in outputs]
    return Run(outputs=mapped[len(before) :])


def _localised(command: str, renames: dict[str, str], server: str | None) -> str:
    if server is not None:
        command = command.replace(README_SERVER, server.rsplit("/", 1)[0])
    for shown, real in renames.items():
        command = re.sub(rf"\b{re.escape(shown)}\b", real, command)
    return command


def _unlocalised(line: str, renames: dict[str, str], server: str | None) -> str:
    for shown, real in renames.items():
        line = line.replace(real, shown)
    if server is not None:
        line = line.replace(server.rsplit("/", 1)[0], README_SERVER)
    return line


def _drop(server: str, databases: object) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as admin:
        for name in databases:  # type: ignore[attr-defined]
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _split(stdout: str, count: int) -> list[list[str]]:
    outputs: list[list[str]] = []
    rest = stdout
    for number in range(count):
        start = rest.find(_MARKER.format(number) + "\n")
        end = rest.find(_MARKER.format(number + 1) + "\n")
        if start < 0 or end < 0:
            outputs.append([f"(the session stopped here; it printed: {rest!r})"])
            rest = ""
            continue
        body = rest[start + len(_MARKER.format(number)) + 1 : end]
        outputs.append(body.splitlines())
        rest = rest[end:]
    return outputs


_NORMALISED = [
    # times: "2026-11-28 05:12:38Z", "2026-11-28T05:12:42.913877Z", "...+00:00"
    (re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?"), "<TIME>"),
    # the ISO week a session ran in: "2026-W49"
    (re.compile(r"\b\d{4}-W\d\d\b"), "<WEEK>"),
    # durations and rates: "0.0 s", "4,892 events/s"
    (re.compile(r"\b\d[\d,]*(\.\d+)? s\b"), "<N> s"),
    (re.compile(r"\b\d[\d,]*(\.\d+)? (events|articles|claims)/s\b"), r"<N> \2/s"),
    (re.compile(r"\b[0-9a-f]{64}\b"), "<HASH>"),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}\b"), "<UUID4>"),
]


def normalise(line: str) -> str:
    """A line with what must vary between runs replaced by a placeholder."""
    for pattern, placeholder in _NORMALISED:
        line = pattern.sub(placeholder, line)
    return line.rstrip()


def main(argv: list[str]) -> int:
    """`python -m tests.readme.console [--write] [LINE...]`: run the README's sessions
    (or those whose fence is at the given lines) and print what they print; with
    --write, put that output into README.md in place of what the blocks show. Blocks
    that use PostgreSQL need the server of CLAIMS_TEST_POSTGRES_URL (or the default)."""
    import tempfile

    write = "--write" in argv
    wanted = {int(arg) for arg in argv if arg != "--write"}
    blocks = console_blocks()
    server = os.environ.get("CLAIMS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
    lines = README.read_text(encoding="utf-8").splitlines()
    for block in reversed(blocks):
        if block.not_run is not None or (wanted and block.line not in wanted):
            continue
        with tempfile.TemporaryDirectory() as workdir:
            run = run_block(block, blocks, Path(workdir), server=server)
        session: list[str] = []
        for command, output in zip(block.commands, run.outputs, strict=True):
            session += [f"$ {command.text}", *output]
        print(f"--- {block.label}", *session, sep="\n")
        end = lines.index("```", block.line)
        lines[block.line : end] = "\n".join(session).split("\n")
    if write:
        README.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
