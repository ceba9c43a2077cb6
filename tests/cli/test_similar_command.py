"""`claims similar ID` and the candidates `claims ingest` shows: listed, never merged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Desk
from tests.cli.support import assert_one_line_error, describe, run_process

MONDAY = (
    "Exports rise\n\n"
    "Exports rose 12 percent in 2023 to a record $80 billion, the trade ministry said.\n"
)
TUESDAY = (
    "Trade minister speaks\n\n"
    '"Exports increased by 12% in 2023 to a record $80 billion," Trade Minister Ana Silva said.\n'
)


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def ingest(desk: Desk, path: Path) -> dict[str, object]:
    [line] = desk.ok("ingest", str(path), "--published", "2024-05-16", "--json").stdout.splitlines()
    data: dict[str, object] = json.loads(line)
    return data


@pytest.fixture
def two_claims(desk: Desk, tmp_path: Path) -> tuple[str, str]:
    first = ingest(desk, write(tmp_path, "monday.txt", MONDAY))
    second = ingest(desk, write(tmp_path, "tuesday.txt", TUESDAY))
    [a] = first["claims"]  # type: ignore[misc]
    [b] = second["claims"]  # type: ignore[misc]
    return str(a["id"]), str(b["id"])


def test_ingest_registers_a_close_match_and_names_the_candidate(desk: Desk, tmp_path: Path) -> None:
    desk.ok("ingest", str(write(tmp_path, "monday.txt", MONDAY)), "--published", "2024-05-16")
    events = desk.events()

    out = desk.ok(
        "ingest", str(write(tmp_path, "tuesday.txt", TUESDAY)), "--published", "2024-05-16"
    ).stdout

    assert ": 1 new claims, 0 already known" in out
    assert "possible duplicate: " in out
    assert "nothing merged: confirm with `claims duplicate ID --of ORIGINAL`" in out
    assert desk.events() > events


def test_similar_json_lists_the_candidate_with_a_score_and_status(
    desk: Desk, two_claims: tuple[str, str]
) -> None:
    first, second = two_claims

    [candidate] = desk.json("similar", second)

    assert list(candidate) == ["id", "text", "status", "score"]
    assert candidate["id"] == first
    assert candidate["status"] == "open"
    assert candidate["score"] >= 0.7


def test_similar_prints_a_table_and_how_to_confirm(desk: Desk, two_claims: tuple[str, str]) -> None:
    first, second = two_claims

    out = desk.ok("similar", first).stdout

    assert out.splitlines()[0].split() == ["ID", "SCORE", "STATUS", "CLAIM"]
    assert second.replace("-", "")[:8] in out
    assert f"claims duplicate {first.replace('-', '')[:8]} --of ID" in out


def test_similar_of_an_unknown_claim_fails_with_one_line_and_exit_2(desk: Desk) -> None:
    result = desk.run("similar", "00000000")

    line = assert_one_line_error(result, 2)
    assert "00000000" in line


@pytest.mark.slow
def test_similar_runs_as_a_real_process(
    desk: Desk, two_claims: tuple[str, str], tmp_path: Path
) -> None:
    first, second = two_claims

    process = run_process(["--db", desk.db, "similar", first, "--json"], cwd=tmp_path)

    assert process.returncode == 0, describe(process)
    assert [c["id"] for c in json.loads(process.stdout)] == [second]
