"""`claims audit export` and `claims audit verify --file`: evidence checked without a database."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from claims.activity import ActivityFilter
from claims.audit.export import FORMAT
from tests.application.support import EDITOR, ledger_at
from tests.audit.support import WORKFLOW_STEPS, Workflow, long_workflow
from tests.cli.support import assert_one_line_error, invoke

EVENTS = 1 + len(WORKFLOW_STEPS) + 3


def claims(db: str, *args: str) -> Result:
    return invoke(["--db", db, *args])


def ok(db: str, *args: str) -> str:
    result = claims(db, *args)
    assert result.exit_code == 0, result.output
    assert result.stderr == "", result.output
    return result.stdout


def offline(tmp_path: Path) -> str:
    """A store path in a directory that does not exist: opening it would fail."""
    return str(tmp_path / "no-such-directory" / "claims.db")


def verify_file(tmp_path: Path, path: Path, *options: str) -> Result:
    return claims(offline(tmp_path), "audit", "verify", "--file", str(path), *options)


def lines_of(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def write_lines(path: Path, records: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")


@dataclass(frozen=True)
class Exported:
    db: str
    workflow: Workflow
    path: Path
    anchor: str


@pytest.fixture
def exported(db: str, tmp_path: Path) -> Exported:
    """The long workflow on SQLite, anchored and exported whole."""
    with ledger_at(db) as ledger:
        workflow = long_workflow(ledger)
    anchor = ok(db, "audit", "anchor").strip()
    path = tmp_path / "evidence.jsonl"
    assert ok(db, "audit", "export", "--out", str(path)) == f"exported {EVENTS} events to {path}\n"
    return Exported(db, workflow, path, anchor)


def main_lines(exported: Exported) -> list[int]:
    """Indexes (in the file's lines) of the main claim's events."""
    records = lines_of(exported.path)
    return [i for i, r in enumerate(records) if r.get("aggregate_id") == exported.workflow.main.hex]


def refused(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert result.stderr == "", result.output
    [line] = result.stdout.splitlines()
    return line


# --- round trips ---


def test_an_export_verifies_from_the_file_to_the_same_root_as_the_anchor(
    exported: Exported, tmp_path: Path
) -> None:
    result = verify_file(tmp_path, exported.path)

    assert result.exit_code == 0, result.output
    assert result.stdout == f"intact: {EVENTS} events of 3 aggregates; root {exported.anchor}\n"
    assert not Path(offline(tmp_path)).parent.exists()


def test_an_export_verifies_against_the_anchor_without_opening_any_store(
    exported: Exported, tmp_path: Path
) -> None:
    result = invoke(
        ["audit", "verify", "--file", str(exported.path), "--anchor", exported.anchor],
        {"CLAIMS_DB": offline(tmp_path)},
    )

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == (
        f"anchor {exported.anchor}: matches: the log up to it was not rewritten"
    )
    assert not Path(offline(tmp_path)).parent.exists()


def test_an_export_is_a_header_and_every_event_with_its_stored_hash(exported: Exported) -> None:
    records = lines_of(exported.path)

    assert records[0] == {"format": FORMAT, "scope": "all"}
    assert [r["position"] for r in records[1:]] == list(range(1, EVENTS + 1))
    with ledger_at(exported.db) as ledger:
        activity = [e.as_json() for e in ledger.activity(ActivityFilter())]
    assert [(r["type"].rsplit(".", 1)[-1], r["actor"], r["version"]) for r in records[1:]] == [
        (a["type"], a["actor"], a["version"]) for a in activity
    ]
    assert all(len(r["event_hash"]) == 64 for r in records[1:])


def test_exporting_again_replaces_the_file_and_leaves_no_partial_file(
    exported: Exported, tmp_path: Path
) -> None:
    with ledger_at(exported.db) as ledger:
        ledger.add_note(exported.workflow.main, "After the first export.", by=EDITOR)

    ok(exported.db, "audit", "export", "--out", str(exported.path))

    assert len(lines_of(exported.path)) == EVENTS + 2
    assert [p.name for p in tmp_path.iterdir() if "evidence" in p.name] == ["evidence.jsonl"]
    result = verify_file(tmp_path, exported.path, "--anchor", exported.anchor)
    assert result.exit_code == 0, result.output


def test_an_export_of_one_claim_holds_only_its_events_and_verifies(
    exported: Exported, tmp_path: Path
) -> None:
    path = tmp_path / "one.jsonl"
    main = exported.workflow.main

    stdout = ok(exported.db, "audit", "export", "--claim", main.hex[:10], "--out", str(path))

    records = lines_of(path)
    assert stdout == f"exported {len(WORKFLOW_STEPS)} events to {path}\n"
    assert records[0] == {"format": FORMAT, "scope": f"claim {main}"}
    assert {r["aggregate_id"] for r in records[1:]} == {main.hex}
    assert [r["version"] for r in records[1:]] == list(range(1, len(WORKFLOW_STEPS) + 1))
    result = verify_file(tmp_path, path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"intact: {len(WORKFLOW_STEPS)} events of 1 aggregates; ")


def test_an_export_of_an_unknown_claim_is_bad_input_and_writes_nothing(
    exported: Exported, tmp_path: Path
) -> None:
    path = tmp_path / "none.jsonl"

    line = assert_one_line_error(
        claims(exported.db, "audit", "export", "--claim", "0123abcd", "--out", str(path)), 2
    )

    assert line == "claims: no claim with id 0123abcd"
    assert not path.exists()
    assert not path.with_name("none.jsonl.partial").exists()


@pytest.mark.postgres
def test_a_postgresql_export_verifies_to_the_same_root_as_its_anchor(
    postgres_url: str, tmp_path: Path
) -> None:
    with ledger_at(postgres_url) as ledger:
        long_workflow(ledger)
    anchor = ok(postgres_url, "audit", "anchor").strip()
    path = tmp_path / "pg.jsonl"
    ok(postgres_url, "audit", "export", "--out", str(path))

    result = verify_file(tmp_path, path, "--anchor", anchor)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].endswith(f"root {anchor}")


# --- edited exports ---


def test_an_export_with_a_payload_changed_fails_naming_that_event(
    exported: Exported, tmp_path: Path
) -> None:
    records = lines_of(exported.path)
    verdict = main_lines(exported)[8]
    records[verdict]["payload"]["rating"] = "true"
    write_lines(exported.path, records)

    line = refused(verify_file(tmp_path, exported.path))

    assert line.endswith(
        f"event at log position {records[verdict]['position']} "
        f"(aggregate {exported.workflow.main.hex}, version 9): "
        "its content does not match its hash (altered)"
    ), line


def test_an_export_with_an_event_line_deleted_fails_as_missing(
    exported: Exported, tmp_path: Path
) -> None:
    records = lines_of(exported.path)
    main = main_lines(exported)
    following = records[main[4]]
    del records[main[3]]
    write_lines(exported.path, records)

    line = refused(verify_file(tmp_path, exported.path))

    assert line.endswith(
        f"event at log position {following['position']} "
        f"(aggregate {exported.workflow.main.hex}, version 5): "
        "version 5 follows version 3: events missing or reordered"
    ), line


def test_an_export_with_two_lines_of_a_claim_swapped_fails_as_reordered(
    exported: Exported, tmp_path: Path
) -> None:
    records = lines_of(exported.path)
    first, second = main_lines(exported)[10:12]
    records[first], records[second] = records[second], records[first]
    write_lines(exported.path, records)

    line = refused(verify_file(tmp_path, exported.path))

    assert "version 12 follows version 10: events missing or reordered" in line


def test_an_export_with_a_hash_dropped_fails_as_carrying_none(
    exported: Exported, tmp_path: Path
) -> None:
    records = lines_of(exported.path)
    del records[1]["event_hash"]
    write_lines(exported.path, records)

    assert refused(verify_file(tmp_path, exported.path)).endswith(": it carries no hash")


def test_an_export_with_its_last_event_cut_fails_only_against_the_anchor(
    exported: Exported, tmp_path: Path
) -> None:
    """Like the store itself: a cut end is visible only to an anchor taken before."""
    records = lines_of(exported.path)
    write_lines(exported.path, records[:-1])

    plain = verify_file(tmp_path, exported.path)
    anchored = verify_file(tmp_path, exported.path, "--anchor", exported.anchor)

    assert plain.exit_code == 0, plain.output
    assert anchored.exit_code == 1, anchored.output
    assert anchored.stdout.splitlines()[1].endswith("rewritten or cut")


# --- files that are not exports ---


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "the file is empty"),
        (b"this is not json\n", "line 1 is not JSON (or not UTF-8)"),
        (b'{"format": "claims-audit-export/1", "scope": "all"}\n\xff\xfe\n', "line 2 is not JSON"),
        (b'{"format": "claims-audit-export/1", "scope": "all"}\n[]\n', "line 2 is not a JSON"),
        (b'{"format": "claims-audit-export/1", "scope": "all"}\n{"a": 1}\n', "line 2 is not an"),
    ],
    ids=["empty", "not-json", "not-utf8", "not-an-object", "not-an-event"],
)
def test_a_file_that_is_not_an_export_is_bad_input_on_one_line(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_bytes(content)

    line = assert_one_line_error(verify_file(tmp_path, path), 2)

    assert line.startswith(f"claims: {path}: {problem}"), line


def test_an_export_without_its_header_line_is_bad_input(exported: Exported, tmp_path: Path) -> None:
    records = lines_of(exported.path)
    write_lines(exported.path, records[1:])

    line = assert_one_line_error(verify_file(tmp_path, exported.path), 2)

    assert line == f"claims: {exported.path}: line 1 is not a {FORMAT} header"


def test_a_missing_export_file_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "absent.jsonl"

    line = assert_one_line_error(verify_file(tmp_path, path), 2)

    assert line == f"claims: cannot read {path}: No such file or directory"


def test_an_export_into_a_missing_directory_is_bad_input_and_leaves_no_file(
    exported: Exported, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "evidence.jsonl"
    before = sorted(tmp_path.rglob("*"))

    line = assert_one_line_error(claims(exported.db, "audit", "export", "--out", str(target)), 2)

    assert line == f"claims: cannot write {target}: directory {target.parent} does not exist"
    assert str(target.parent) in line
    assert sorted(tmp_path.rglob("*")) == before


def test_an_export_with_lines_of_two_claims_swapped_is_broken_by_log_order(
    exported: Exported, tmp_path: Path
) -> None:
    records = lines_of(exported.path)
    main_first = main_lines(exported)[0]
    other_first = next(
        i for i, r in enumerate(records) if r.get("aggregate_id") == exported.workflow.other.hex
    )
    records[main_first], records[other_first] = records[other_first], records[main_first]
    write_lines(exported.path, records)

    result = verify_file(tmp_path, exported.path, "--anchor", exported.anchor)

    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("BROKEN"), result.output
    assert "lines reordered" in result.stdout, result.output
