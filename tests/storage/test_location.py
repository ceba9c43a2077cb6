"""The kind of store is decided once, from its location; a PostgreSQL URL's every
libpq parameter reaches the connections the store makes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from eventsourcing.utils import Environment

from claims.application import ClaimsLedger
from claims.storage.location import MEMORY, locate_store
from claims.storage.postgres_factory import PostgresWithParameters


def _pool_parameters(url: str) -> dict[str, Any]:
    """The parameters the library's pool will connect with (it connects lazily, so
    nothing here reaches a server)."""
    factory = PostgresWithParameters(Environment("claims", locate_store(url).settings()))
    kwargs: dict[str, Any] = factory.datastore.pool.kwargs
    return kwargs


def test_sslmode_require_in_a_url_reaches_the_connections_parameters() -> None:
    url = "postgresql://desk@db.example.org:6543/newsroom?sslmode=require"

    assert locate_store(url).connect_kwargs()["sslmode"] == "require"
    pool = _pool_parameters(url)
    assert (pool["sslmode"], pool["host"], pool["port"]) == ("require", "db.example.org", "6543")


@pytest.mark.parametrize(
    "url",
    [
        "postgresql:///newsroom?host=/var/run/postgresql&user=desk",
        "postgresql://desk@%2Fvar%2Frun%2Fpostgresql/newsroom",
    ],
)
def test_a_socket_directory_url_reaches_the_connections_parameters(url: str) -> None:
    location = locate_store(url)

    assert location.kind == "postgres"
    assert location.connect_kwargs()["host"] == "/var/run/postgresql"
    pool = _pool_parameters(url)
    assert (pool["host"], pool["user"], pool["dbname"]) == (
        "/var/run/postgresql",
        "desk",
        "newsroom",
    )


def test_what_a_store_is_follows_from_its_location_alone(tmp_path: Path) -> None:
    sqlite = locate_store(str(tmp_path / "desk.db"))
    postgres = locate_store("postgresql://desk@db.example.org/newsroom")
    memory = locate_store(MEMORY)

    assert (sqlite.file, sqlite.shared, sqlite.proves_identity) == (
        tmp_path / "desk.db",
        True,
        False,
    )
    assert (postgres.file, postgres.shared, postgres.proves_identity) == (None, True, True)
    assert (memory.file, memory.shared, memory.proves_identity) == (None, False, False)


def test_the_ledger_holds_the_store_its_location_decided(store_url: str) -> None:
    location = locate_store(store_url)
    ledger = ClaimsLedger.open(location)
    try:
        assert ledger.store.location == location
        assert ledger.store.kind == location.kind
        assert ledger.identity_proven == location.proves_identity
        with ledger.store.transaction() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)
    finally:
        ledger.close()
