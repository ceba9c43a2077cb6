"""Behaviours pinned after review: anchoring stripped quotes, lock handling on both stores."""

from __future__ import annotations

import contextlib
import sqlite3
import time

import psycopg
import pytest

from claims.application import ClaimsLedger
from claims.errors import StoreBusy
from claims.storage.location import locate_store
from tests.application.support import FACT_CHECKER, TRADE_QUOTE, article, claim, ledger_at


def test_a_quote_with_surrounding_spaces_is_anchored_as_stored(ledger: ClaimsLedger) -> None:
    source = article(ledger)

    view = ledger.register_claim(
        text="Trade totaled $240 billion",
        quote=f"  {TRADE_QUOTE} \n",
        article_id=source.id,
        by=FACT_CHECKER,
    )

    assert view.quote == TRADE_QUOTE
    assert view.span is not None
    start, end = view.span
    assert ledger.article_text(source.id)[start:end] == view.quote


def test_a_sqlite_writer_locked_out_past_the_timeout_gets_store_busy(sqlite_url: str) -> None:
    with ledger_at(sqlite_url) as setup:
        claim_id = claim(setup)
    impatient = ClaimsLedger(locate_store(sqlite_url), env={"SQLITE_LOCK_TIMEOUT": "1"})
    with contextlib.closing(sqlite3.connect(sqlite_url, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")  # a colleague holds the write lock
        try:
            before = impatient.fingerprint()
            with pytest.raises(StoreBusy, match="busy"):
                impatient.add_note(claim_id, "waiting in vain", by=FACT_CHECKER)
        finally:
            other.execute("ROLLBACK")
    assert impatient.fingerprint() == before
    impatient.close()


@pytest.mark.postgres
def test_opening_an_existing_postgres_store_does_not_wait_for_the_schema_lock(
    postgres_url: str,
) -> None:
    ClaimsLedger.open(locate_store(postgres_url)).close()  # creates the schema
    with psycopg.connect(postgres_url, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (0x636C61696D73,))
        started = time.monotonic()

        opened = ClaimsLedger.open(locate_store(postgres_url))

        assert time.monotonic() - started < 5
        opened.close()


def test_a_failing_read_model_catch_up_does_not_fail_a_stored_command(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import claims.projections

    def broken(_ledger: object) -> int:
        msg = "disk full"
        raise OSError(msg)

    with ledger_at(sqlite_url) as ledger:
        claim_id = claim(ledger)
        before = ledger.fingerprint()[0]
        monkeypatch.setattr(claims.projections, "catch_up", broken)

        view = ledger.add_note(claim_id, "kept although the read models lag", by=FACT_CHECKER)

        assert view.notes[-1].text == "kept although the read models lag"
        assert ledger.fingerprint()[0] == before + 1
    assert "stored; the read models will show it a little later: disk full" in caplog.text
