"""Audit behaviours pinned after review: empty anchors, unreadable rows, forged wrappers."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from claims.application import ClaimsLedger
from claims.audit.chain import GENESIS
from claims.audit.export import verify_export_file
from claims.audit.verify import Anchor
from domain.errors import InvalidInput, NotFound
from tests.application.support import article, claim, ledger_at


def _rewrite(db: str, rowid: int, state: bytes | str) -> None:
    with contextlib.closing(sqlite3.connect(db)) as connection:
        connection.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (state, rowid))
        connection.commit()


def _state(db: str, rowid: int) -> dict[str, object]:
    with contextlib.closing(sqlite3.connect(db)) as connection:
        (state,) = connection.execute(
            "SELECT state FROM stored_events WHERE rowid = ?", (rowid,)
        ).fetchone()
    decoded: dict[str, object] = json.loads(state)
    return decoded


def test_an_anchor_of_the_empty_store_holds_before_and_after_events(sqlite_url: str) -> None:
    empty = Anchor(GENESIS, 0)
    with ledger_at(sqlite_url) as ledger:
        assert ledger.verify_store(empty).intact
        claim(ledger)
        assert ledger.verify_store(empty).intact


@pytest.mark.parametrize("state", [b"not json at all", b"[1, 2]"])
def test_a_row_that_is_not_an_event_is_reported_as_broken_not_as_a_crash(
    sqlite_url: str, state: bytes
) -> None:
    with ledger_at(sqlite_url) as ledger:
        claim(ledger)
        _rewrite(sqlite_url, 1, state)

        result = ledger.verify_store()

    assert result.first_break is not None
    assert result.first_break.position == 1
    assert "stored state" in result.first_break.problem


@pytest.mark.parametrize(
    "forged",
    [
        lambda ts: ts["_data_"],  # the bare ISO text
        lambda ts: {"_type_": "date_iso", "_data_": ts["_data_"]},  # another wrapper
    ],
)
def test_a_forged_timestamp_wrapper_is_detected(sqlite_url: str, forged: object) -> None:
    with ledger_at(sqlite_url) as ledger:
        claim(ledger)
        state = _state(sqlite_url, 1)
        state["timestamp"] = forged(state["timestamp"])  # type: ignore[operator]
        _rewrite(sqlite_url, 1, json.dumps(state).encode())

        result = ledger.verify_store()

    assert result.first_break is not None
    assert "timestamp" in result.first_break.problem


def test_an_anchor_cannot_be_checked_against_a_one_claim_export(
    sqlite_url: str, tmp_path: Path
) -> None:
    with ledger_at(sqlite_url) as ledger:
        claim_id = claim(ledger)
        anchor = Anchor(ledger.verify_store().root, ledger.verify_store().position)
        path = tmp_path / "one.jsonl"
        path.write_bytes(b"".join(ledger.export_audit(claim_id)))

    with pytest.raises(InvalidInput, match="part of the store"):
        verify_export_file(path, anchor=anchor)


def test_an_export_with_lines_out_of_log_order_is_broken(sqlite_url: str, tmp_path: Path) -> None:
    with ledger_at(sqlite_url) as ledger:
        claim(ledger, "First claim")
        claim(ledger, "Second claim")
        lines = b"".join(ledger.export_audit()).splitlines(keepends=True)
    path = tmp_path / "swapped.jsonl"
    path.write_bytes(lines[0] + lines[2] + lines[1])

    result = verify_export_file(path)

    assert result.first_break is not None
    assert "reordered" in result.first_break.problem


def test_an_export_with_a_claim_beginning_twice_is_broken(sqlite_url: str, tmp_path: Path) -> None:
    with ledger_at(sqlite_url) as ledger:
        claim(ledger, "Only claim")
        lines = b"".join(ledger.export_audit()).splitlines(keepends=True)
    record = json.loads(lines[1])
    record["position"] = 2
    path = tmp_path / "twice.jsonl"
    path.write_bytes(lines[0] + lines[1] + json.dumps(record).encode() + b"\n")

    result = verify_export_file(path)

    assert result.first_break is not None
    assert "second version 1" in result.first_break.problem


def test_as_of_on_an_article_id_is_not_found(ledger: ClaimsLedger) -> None:
    source = article(ledger)

    with pytest.raises(NotFound, match="no claim"):
        ledger.claim_as_of(source.id, datetime.now(tz=UTC))
