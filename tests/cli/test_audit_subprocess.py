"""The auditor's flow end to end through real processes, on the demo's SQLite file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.audit.support import SqliteTable
from tests.cli.support import describe, run_process

pytestmark = pytest.mark.slow


def test_an_auditor_anchors_exports_verifies_offline_and_catches_a_rewritten_rating(
    workdir: Path, tmp_path: Path
) -> None:
    db = str(workdir / "desk.db")

    def claims(*args: str, database: str = db) -> tuple[int, str, str]:
        process = run_process(["--db", database, *args], workdir, via="script")
        return process.returncode, process.stdout, process.stderr

    demo = run_process(["--db", db, "demo"], workdir)
    assert demo.returncode == 0, describe(demo)
    code, anchor_out, err = claims("audit", "anchor")
    assert (code, err) == (0, ""), anchor_out
    anchor = anchor_out.strip()
    assert re.fullmatch(r"[0-9a-f]{64}@\d+", anchor), anchor
    export = tmp_path / "evidence.jsonl"
    code, out, err = claims("audit", "export", "--out", str(export))
    assert (code, err) == (0, ""), out
    nowhere = str(tmp_path / "no-such-directory" / "x.db")

    code, out, err = claims("audit", "verify", "--file", str(export), database=nowhere)

    assert (code, err) == (0, ""), out
    assert out.startswith("intact: "), out
    assert out.rstrip().endswith(f"root {anchor}"), out
    assert not Path(nowhere).parent.exists()

    table = SqliteTable(db)
    verdict = next(row for row in table.rows() if row.type == "VerdictRecorded")
    rewritten = "false" if verdict.state["rating"] != "false" else "true"
    table.set_state(verdict.position, {**verdict.state, "rating": rewritten})

    code, out, err = claims("audit", "verify")
    assert (code, err) == (1, ""), out
    assert out.startswith("BROKEN after "), out
    assert (
        f"event at log position {verdict.position} (aggregate {verdict.aggregate_id}, "
        f"version {verdict.version}): its content does not match its hash (altered)"
    ) in out

    code, out, err = claims("audit", "verify", "--anchor", anchor, "--json")
    assert code == 1, out
    assert json.loads(out)["first_break"]["position"] == verdict.position

    code, out, err = claims("audit", "anchor")
    assert (code, out) == (1, ""), err
    assert err.startswith("claims: not anchoring a broken log: "), err

    # The evidence exported before the rewrite still proves what the rating was.
    code, out, err = claims("audit", "verify", "--file", str(export), "--anchor", anchor)
    assert (code, err) == (0, ""), out
    before = [json.loads(line) for line in export.read_text("utf-8").splitlines()[1:]]
    assert [e["payload"]["rating"] for e in before if e["position"] == verdict.position] == [
        verdict.state["rating"]
    ]
