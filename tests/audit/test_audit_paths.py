"""The verifier's two paths agree: the fast walk over the store's own rows
(`verify_store`) and the general walk over `ChainedEvent`s (a list, an export file)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from claims.application import ClaimsLedger
from claims.audit.export import verify_export_file
from claims.audit.verify import Anchor, Verification, events_of_rows, verify_chain
from claims.storage.log import log_rows
from tests.application.support import ledger_at
from tests.audit.support import (
    EventTable,
    Workflow,
    event_table,
    long_workflow,
    rows_of,
)


def general(ledger: ClaimsLedger, anchor: Anchor | None = None) -> Verification:
    """The same store through the general path: rows first read into a list."""
    rows = list(log_rows(ledger.store))
    return verify_chain(list(events_of_rows(rows)), anchor=anchor)


def exported(ledger: ClaimsLedger, path: Path, anchor: Anchor | None = None) -> Verification:
    path.write_bytes(b"".join(ledger.export_audit()))
    return verify_export_file(path, anchor=anchor)


def test_both_paths_and_an_export_give_the_same_verification_on_every_store(
    ledger: ClaimsLedger, tmp_path: Path
) -> None:
    long_workflow(ledger)
    fast = ledger.verify_store()
    earlier = Anchor(general(ledger).root, fast.position)
    ledger.register_claim(text="One more claim", quote="q", by="maria")

    for anchor in (None, earlier, Anchor("3" * 64, 2), Anchor(fast.root, 10_000)):
        expected = ledger.verify_store(anchor)
        assert general(ledger, anchor) == expected, anchor
        assert exported(ledger, tmp_path / "e.jsonl", anchor) == expected, anchor
    assert ledger.verify_store(earlier).intact


def test_the_rows_read_are_the_stored_events_in_log_order(ledger: ClaimsLedger) -> None:
    workflow = long_workflow(ledger)

    rows = list(log_rows(ledger.store))
    only_main = list(log_rows(ledger.store, aggregate_id=workflow.main.hex))
    window = list(log_rows(ledger.store, after=rows[2].position, upto=rows[6].position))

    assert [r.position for r in rows] == [
        n.id for n in ledger.recorder.select_notifications(None, 100)
    ]
    assert [r.version for r in only_main] == list(range(1, len(only_main) + 1))
    assert {r.aggregate_id for r in only_main} == {workflow.main.hex}
    assert window == rows[3:7]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def rewritable(
    request: pytest.FixtureRequest,
) -> Iterator[tuple[ClaimsLedger, Workflow, EventTable]]:
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    url = str(request.getfixturevalue(fixture))
    with ledger_at(url) as ledger:
        yield ledger, long_workflow(ledger), event_table(url)


def test_both_paths_report_the_same_first_break_for_every_kind_of_rewrite(
    rewritable: tuple[ClaimsLedger, Workflow, EventTable],
) -> None:
    ledger, workflow, table = rewritable
    rows = rows_of(table, workflow.main)
    anchor = Anchor(ledger.verify_store().root, rows[-1].position)

    def agree() -> Verification:
        fast = ledger.verify_store(anchor)
        assert general(ledger, anchor) == fast
        assert not fast.intact
        return fast

    original = rows[8].state
    table.set_state(rows[8].position, {**original, "rating": "true"})
    assert agree().first_break is not None
    table.set_state(rows[8].position, original)

    table.set_state(rows[3].position, {k: v for k, v in rows[3].state.items() if k != "event_hash"})
    assert "no hash" in str(agree().first_break)
    table.set_state(rows[3].position, rows[3].state)

    table.swap(rows[1].position, rows[2].position)
    assert "reordered" in str(agree().first_break)
    table.swap(rows[1].position, rows[2].position)

    assert ledger.verify_store(anchor).intact
    table.delete(rows[-1].position)
    cut = agree()
    assert cut.first_break is None
    assert cut.anchor_problem is not None
