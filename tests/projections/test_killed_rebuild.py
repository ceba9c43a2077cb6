"""A rebuild killed with SIGKILL half-way: the live view is intact, a rerun completes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from claims.application import ClaimsLedger
from claims.projections import catch_up, list_claims, status
from claims.projections.context import context_of
from claims.projections.schema import WORKERS_TABLE
from claims.projections.verification import verify
from tests.projections.support import EDITOR, FACT_CHECKER, claim, ledger_at, tables

pytestmark = pytest.mark.slow


def claims_cli(db: str, *args: str) -> list[str]:
    """The `claims` command (as its console script runs it) on this store."""
    return [sys.executable, "-m", "claims", "--db", db, *args]


def environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("CLAIMS_")}


def rebuilt_so_far(ledger: ClaimsLedger) -> int:
    """Events the first pass of a rebuild has committed (read in a separate transaction)."""
    dialect = context_of(ledger).dialect
    with dialect.transaction(lock=False) as cur:
        cur.execute(f"SELECT COALESCE(SUM(events), 0) FROM {WORKERS_TABLE}")
        return int(cur.fetchone()[0])


def test_a_rebuild_killed_half_way_leaves_the_live_view_and_a_rerun_completes(
    shared_url: str,
) -> None:
    db = shared_url
    with ledger_at(db) as ledger:
        for n in range(150):
            claim_id = claim(ledger, f"Claim {n}: exports rose by {n} percent")
            ledger.add_evidence(
                claim_id, url="https://stats.example.org", quote="q", stance="refutes", by="ana"
            )
            if n % 2:
                ledger.record_verdict(claim_id, rating="false", rationale="no", by=FACT_CHECKER)
                ledger.approve_verdict(claim_id, by=EDITOR)
        catch_up(ledger)
        listed = list_claims(ledger)
        live = tables(ledger)

    process = subprocess.Popen(
        claims_cli(db, "projections", "rebuild", "--all", "--batch", "4", "--workers", "1"),
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    try:
        with ledger_at(db) as watcher:
            while time.monotonic() < deadline and rebuilt_so_far(watcher) < 40:
                assert process.poll() is None, "the rebuild finished before it could be killed"
                time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL

    with ledger_at(db) as ledger:
        assert list_claims(ledger) == listed
        assert tables(ledger) == live
        assert all(s.rebuild_position is not None for s in status(ledger))

    rerun = subprocess.run(
        claims_cli(db, "projections", "rebuild", "--all", "--json"),
        env=environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)
    assert report["resumed_from"] == 0
    assert report["swapped"] is True
    with ledger_at(db) as ledger:
        assert tables(ledger) == live
        assert verify(ledger).identical
        assert not any(s.rebuild_position is not None for s in status(ledger))
