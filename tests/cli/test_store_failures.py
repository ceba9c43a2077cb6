"""Honest outcomes: a store held past the lock timeout is exit 1 in one line,
decided by the error's type, and the store is unchanged."""

from __future__ import annotations

import sqlite3

import pytest

from claims.cli.errors import REFUSED, STORE_BUSY, classify
from tests.application.support import claim, ledger_at
from tests.cli.support import invoke


def _stored(url: str) -> int:
    with ledger_at(url) as ledger:
        return ledger.fingerprint()[0]


@pytest.mark.postgres
def test_a_write_blocked_by_a_held_events_lock_is_store_busy_exit_1(postgres_url: str) -> None:
    import psycopg

    with ledger_at(postgres_url) as ledger:
        claim_id = str(claim(ledger))
    before = _stored(postgres_url)
    with psycopg.connect(postgres_url) as holder:
        holder.execute("LOCK TABLE claims_events IN EXCLUSIVE MODE")

        result = invoke(["--db", postgres_url, "note", claim_id, "blocked"])

    assert result.exit_code == REFUSED, result.output
    assert result.stderr.splitlines() == [f"claims: {STORE_BUSY}"]
    assert _stored(postgres_url) == before


def test_a_write_blocked_by_a_held_sqlite_lock_is_store_busy_exit_1(sqlite_url: str) -> None:
    with ledger_at(sqlite_url) as ledger:
        claim_id = str(claim(ledger))
    before = _stored(sqlite_url)
    holder = sqlite3.connect(sqlite_url, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")

        result = invoke(["--db", sqlite_url, "--as", "tom", "note", claim_id, "blocked"])
    finally:
        holder.close()

    assert result.exit_code == REFUSED, result.output
    [line] = result.stderr.splitlines()
    assert "busy" in line
    assert _stored(sqlite_url) == before


def _wrapped(driver_error: Exception) -> Exception:
    """A driver's error as the library raises it: wrapped, the driver's as cause."""
    from eventsourcing.persistence import OperationalError

    wrapped = OperationalError("wrapped")
    wrapped.__cause__ = driver_error
    return wrapped


def test_busy_is_decided_by_the_error_type_not_its_text() -> None:
    import psycopg
    from eventsourcing.persistence import OperationalError

    assert classify(_wrapped(psycopg.errors.LockNotAvailable("anything"))) == (REFUSED, STORE_BUSY)
    code, message = classify(OperationalError("database is locked"))
    assert message != STORE_BUSY
    assert code == 2


def test_a_lost_connection_is_a_refusal_not_bad_input() -> None:
    import psycopg

    code, message = classify(_wrapped(psycopg.OperationalError("server closed the connection")))

    assert code == REFUSED
    assert message.startswith("lost the connection to the event store")
