"""The ledger's reads return what the library's readers return.

`claims show --version` loads through the library's repository with a projector of
its own (no per-event Protocol check); `claims audit verify` reads the log with
`log_rows(...).pages()`.
"""

from __future__ import annotations

from claims.application import ClaimsLedger
from claims.storage.log import LogRow, log_rows
from claims.views import ClaimView
from domain.claim import Claim
from tests.audit.support import long_workflow


def test_every_version_of_a_claim_is_the_one_the_librarys_repository_rebuilds(
    ledger: ClaimsLedger,
) -> None:
    workflow = long_workflow(ledger)
    latest = ledger.get_claim(workflow.main)

    for version in range(1, latest.version + 1):
        rebuilt: Claim = ledger.repository.get(workflow.main, version=version)
        assert ledger.get_claim(workflow.main, version=version) == ClaimView.of(
            rebuilt, ledger.scale
        )
    assert latest == ClaimView.of(ledger.repository.get(workflow.main), ledger.scale)


def test_the_pages_of_the_log_hold_the_rows_that_iterating_it_gives(ledger: ClaimsLedger) -> None:
    workflow = long_workflow(ledger)

    for rows in (
        log_rows(ledger.store),
        log_rows(ledger.store, aggregate_id=workflow.main.hex),
    ):
        paged = [
            LogRow(position, aggregate_id, version, topic, _bytes(state))
            for page in rows.pages()
            for position, aggregate_id, version, topic, state in page
        ]
        assert paged == list(rows)
        assert all(page for page in rows.pages())  # never an empty page


def _bytes(state: bytes | str) -> bytes:
    return state.encode("utf-8") if isinstance(state, str) else state
