"""Chain formats in a store: each new event is encoded once on save, into the bytes the
library writes, in chain format 2; a store sealed before keeps verifying, and events
added to it chain on in format 2; a byte changed in a format-2 row is caught."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from eventsourcing.persistence import Mapper

from claims.application import ClaimsLedger
from claims.audit.chain import FIRST_FORMAT, JCS_FORMAT, read_stored_hash
from claims.audit.export import verify_export_file
from claims.audit.verify import Anchor, Verification, events_of_rows, verify_chain
from claims.storage.log import log_rows
from domain.claim import Claim
from tests.application.support import ledger_at
from tests.application.test_event_evolution import FIXTURE_ANCHOR, TRADE, put_old_store
from tests.audit.support import event_table, rows_of


def general(ledger: ClaimsLedger, anchor: Anchor | None = None) -> Verification:
    """The store through the verifier's general path (rows read into a list first)."""
    return verify_chain(list(events_of_rows(list(log_rows(ledger.store)))), anchor=anchor)


def formats(ledger: ClaimsLedger) -> list[int]:
    """The chain format of every stored event, in log order."""
    return [
        read_stored_hash(orjson.loads(row.state)["event_hash"])[0] for row in log_rows(ledger.store)
    ]


def test_each_new_event_is_encoded_once_on_save(
    ledger: ClaimsLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    transcoder = ledger.mapper.transcoder
    encoded: list[dict[str, Any]] = []

    def counting(state: Any) -> bytes:
        encoded.append(state)
        result: bytes = type(transcoder).encode(transcoder, state)
        return result

    monkeypatch.setattr(transcoder, "encode", counting)
    claim = Claim.register(text="Saved in one go", quote="q", by="maria")
    claim.assign("maria", by="tom")
    claim.add_note("Both at once.", by="tom")
    pending = list(claim.pending_events)

    ledger.save(claim)

    assert len(encoded) == len(pending) == 3
    assert [state["event_hash"] for state in encoded] != [e.event_hash for e in pending]


def test_new_events_are_stored_as_the_librarys_own_mapper_writes_them_in_format_2(
    ledger: ClaimsLedger,
) -> None:
    claim = Claim.register(text="Saved in one go", quote="q", by="maria")
    claim.assign("maria", by="tom")
    claim.add_note("Ünïcode and \u2028 and 😀.", by="tom")
    pending = list(claim.pending_events)

    ledger.save(claim)

    library = Mapper(transcoder=ledger.mapper.transcoder)
    stored = ledger.recorder.select_events(claim.id)
    assert [bytes(s.state) for s in stored] == [library.to_stored_event(e).state for e in pending]
    assert formats(ledger) == [JCS_FORMAT] * 3


@pytest.fixture
def old_store(shared_url: str, tmp_path: Path) -> Iterator[ClaimsLedger]:
    """Today's code on tests/data/store-v1.sqlite, every event of it in format 1."""
    put_old_store(shared_url, tmp_path)
    with ledger_at(shared_url) as ledger:
        yield ledger


def test_a_store_sealed_in_format_1_verifies_and_chains_on_in_format_2(
    old_store: ClaimsLedger, tmp_path: Path
) -> None:
    assert set(formats(old_store)) == {FIRST_FORMAT}
    assert old_store.verify_store(FIXTURE_ANCHOR).intact

    old_store.add_note(TRADE, "A note added after chain format 2.", by="tom")
    new = old_store.register_claim(text="A claim of format 2", quote="q", by="maria").id
    old_store.add_note(new, "And its note.", by="tom")

    assert formats(old_store)[36:] == [JCS_FORMAT] * 3
    assert set(formats(old_store)[:36]) == {FIRST_FORMAT}
    mixed = old_store.verify_store(FIXTURE_ANCHOR)
    assert mixed.intact
    assert mixed.anchor_problem is None
    assert general(old_store, FIXTURE_ANCHOR) == mixed
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"".join(old_store.export_audit()))
    assert verify_export_file(path, anchor=FIXTURE_ANCHOR) == mixed
    trade = [json.loads(line) for line in path.read_bytes().splitlines()[1:]]
    assert [r["chain_format"] for r in trade if r["aggregate_id"] == TRADE.hex][-2:] == [1, 2]


def test_a_byte_changed_in_a_format_2_row_of_a_mixed_store_is_caught(
    old_store: ClaimsLedger, shared_url: str
) -> None:
    old_store.add_note(TRADE, "A note added after chain format 2.", by="tom")
    old_store.add_note(TRADE, "And one after it.", by="tom")
    table = event_table(shared_url)
    rows = rows_of(table, TRADE)
    noted = rows[-2]
    assert read_stored_hash(noted.state["event_hash"])[0] == JCS_FORMAT

    table.set_state(noted.position, json.dumps(noted.state).replace("after", "aftEr").encode())

    result = old_store.verify_store()
    assert result.first_break is not None
    assert (result.first_break.position, result.first_break.version) == (
        noted.position,
        noted.version,
    )
    assert "altered" in result.first_break.problem
    assert general(old_store) == result


@pytest.mark.parametrize(
    ("relabel", "problem"),
    [
        (lambda value: value.removeprefix("v2:"), "altered"),
        (lambda value: "v3:" + value.removeprefix("v2:"), "chain format 3, unknown"),
    ],
    ids=["as-format-1", "as-an-unknown-format"],
)
def test_a_format_2_row_relabelled_to_another_format_is_caught(
    old_store: ClaimsLedger, shared_url: str, relabel: Any, problem: str
) -> None:
    old_store.add_note(TRADE, "A note added after chain format 2.", by="tom")
    table = event_table(shared_url)
    noted = rows_of(table, TRADE)[-1]

    table.set_state(
        noted.position, {**noted.state, "event_hash": relabel(noted.state["event_hash"])}
    )

    result = old_store.verify_store()
    assert result.first_break is not None
    assert result.first_break.position == noted.position
    assert problem in result.first_break.problem
    assert general(old_store) == result
