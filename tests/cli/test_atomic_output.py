"""An output file is written whole or not at all; a killed writer leaves nothing."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from claims.atomic import write_atomically
from domain.errors import InvalidInput
from tests.cli.conftest import Desk
from tests.cli.support import assert_one_line_error

CHILD = """
import sys, time
from pathlib import Path
from claims.atomic import write_atomically

def chunks():
    yield b"first half\\n"
    print("writing", flush=True)
    time.sleep(60)
    yield b"never\\n"

write_atomically(Path(sys.argv[1]), chunks())
"""


def test_a_writer_killed_half_way_leaves_no_file_at_all(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "export.jsonl"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(out)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "writing\n"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=10)
        if child.stdout is not None:
            child.stdout.close()
    assert list(folder.iterdir()) == []


def test_a_failure_half_way_keeps_the_previous_file_and_leaves_nothing_else(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "export.jsonl"
    out.write_bytes(b"the previous export\n")

    def failing() -> Iterator[bytes]:
        yield b"new"
        raise RuntimeError("the store went away")

    with pytest.raises(RuntimeError):
        write_atomically(out, failing())
    assert out.read_bytes() == b"the previous export\n"
    assert [p.name for p in folder.iterdir()] == ["export.jsonl"]


@pytest.mark.parametrize(
    ("out", "problem"),
    [
        ("missing/export.jsonl", "directory {tmp}/missing does not exist"),
        (".", "it is a directory"),
    ],
)
def test_an_output_that_cannot_be_written_is_named_as_given(
    tmp_path: Path, out: str, problem: str
) -> None:
    target = tmp_path / out
    with pytest.raises(InvalidInput) as raised:
        write_atomically(target, iter([b"x"]))
    assert str(raised.value) == f"cannot write {target}: " + problem.format(tmp=tmp_path)


@pytest.mark.parametrize(
    "command",
    [["audit", "export"], ["export", "claimreview"], ["export", "csv"]],
    ids=["audit export", "claimreview", "csv"],
)
def test_every_export_refuses_a_missing_directory_naming_the_file_asked_for(
    desk: Desk, claim_id: str, tmp_path: Path, command: list[str]
) -> None:
    out = tmp_path / "nowhere" / "out.file"
    line = assert_one_line_error(desk.run(*command, "--out", str(out)), 2)
    assert line == f"claims: cannot write {out}: directory {out.parent} does not exist"
