"""A PostgreSQL store in a schema of its own (POSTGRES_SCHEMA, which the library reads
from the environment): our SQL reads the table the library writes."""

from __future__ import annotations

import pytest

from claims.application import ClaimsLedger
from claims.projections import catch_up, list_claims
from claims.storage.location import locate_store

pytestmark = pytest.mark.postgres


def test_a_store_in_its_own_schema_is_read_where_the_library_writes(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute("CREATE SCHEMA desk_one")
    monkeypatch.setenv("POSTGRES_SCHEMA", "desk_one")
    ledger = ClaimsLedger.open(locate_store(postgres_url))
    try:
        assert ledger.store.events.name == "desk_one.claims_events"
        registered = ledger.register_claim(text="Exports rose 12 percent", quote="q", by="ana")
        assert ledger.find_claim(str(registered.id)[:8]) == registered.id
        catch_up(ledger)
        assert [c.id for c in list_claims(ledger)] == [registered.id]
        assert ledger.verify_store().intact
    finally:
        ledger.close()
    with psycopg.connect(postgres_url) as connection:
        found = connection.execute("SELECT to_regclass('public.claims_events')").fetchone()
    assert found == (None,)
