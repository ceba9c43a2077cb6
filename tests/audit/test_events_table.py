"""The one events-table SQL: the same statement shape for SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from claims.application import ClaimsLedger
from claims.storage.events import events_table
from claims.storage.location import locate_store

SQLITE = events_table("sqlite", "claims")
POSTGRES = events_table("postgres", "claims")
assert SQLITE is not None
assert POSTGRES is not None


def test_each_store_orders_by_its_own_log_position_with_its_own_parameter_mark() -> None:
    where, params = SQLITE.after(10, 20)
    assert where == "rowid > ? AND rowid <= ?"
    assert params == [10, 20]
    assert SQLITE.rows(where, "?") == (
        "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events "
        "WHERE rowid > ? AND rowid <= ? ORDER BY rowid LIMIT ?"
    )
    assert POSTGRES.after(10, None) == ("notification_id > %s", [10])
    assert POSTGRES.rows("notification_id > %s", 5000).endswith(
        "FROM public.claims_events WHERE notification_id > %s ORDER BY notification_id LIMIT 5000"
    )


def test_an_id_prefix_bounds_stored_ids_as_each_store_keeps_them() -> None:
    assert SQLITE.aggregate_bound("0bfe46ba") == "0bfe46ba"
    assert POSTGRES.aggregate_bound("0bfe46ba") == "0bfe46ba-0000-0000-0000-000000000000"


def test_an_equality_lookup_takes_only_a_whole_id() -> None:
    whole = "0bfe46ba771952bb8e9f8805249105fd"
    assert POSTGRES.aggregate_id(whole) == "0bfe46ba-7719-52bb-8e9f-8805249105fd"
    with pytest.raises(ValueError, match="32 hex digits, not 8"):
        POSTGRES.aggregate_id("0bfe46ba")


def test_the_store_names_its_table_as_the_library_named_the_recorders(store_url: str) -> None:
    ledger = ClaimsLedger.open(locate_store(store_url))
    try:
        table = ledger.store.events_table
        recorder: Any = ledger.recorder
    finally:
        ledger.close()
    if store_url == ":memory:":
        assert table is None
        return
    assert table == (POSTGRES if store_url.startswith("postgresql:") else SQLITE)
    assert table.table == recorder.events_table_name
    if store_url.startswith("postgresql:"):
        assert table.schema == recorder.datastore.schema
        assert table.channel == recorder.channel_name


def test_each_store_names_its_table_once() -> None:
    assert SQLITE.name == "stored_events"
    assert POSTGRES.name == "public.claims_events"
    assert events_table("memory", "claims") is None
