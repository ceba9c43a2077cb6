"""Choosing and opening a store: every way it can fail is one clear StoreUnavailable."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from claims.application import ClaimsLedger
from claims.errors import StoreUnavailable
from claims.storage.location import DEFAULT_DB, MEMORY, StoreLocation, locate_store
from tests.application.support import claim, ledger_at

# --- locate_store: parsing only, no store is touched ---


def test_a_postgresql_url_gives_user_password_host_port_and_database() -> None:
    location = locate_store("postgresql://desk:s%40cret@db.example.org:6543/newsroom")

    assert location.kind == "postgres"
    assert (location.user, location.password) == ("desk", "s@cret")
    assert (location.host, location.port, location.dbname) == ("db.example.org", "6543", "newsroom")
    settings = location.settings()
    assert (
        settings["PERSISTENCE_MODULE"] == "claims.storage.postgres_factory:PostgresWithParameters"
    )
    assert settings["POSTGRES_HOST"] == "db.example.org"
    assert settings["POSTGRES_PORT"] == "6543"
    assert settings["POSTGRES_DBNAME"] == "newsroom"
    assert settings["POSTGRES_USER"] == "desk"
    assert settings["POSTGRES_PASSWORD"] == "s@cret"
    assert settings["CREATE_TABLE"] == "y"
    assert location.settings(create_table=False)["CREATE_TABLE"] == "n"


def test_a_postgres_scheme_url_without_port_or_password_uses_the_defaults() -> None:
    location = locate_store("postgres://desk@127.0.0.1/newsroom")

    assert location.kind == "postgres"
    assert (location.user, location.password) == ("desk", "")
    assert (location.host, location.port, location.dbname) == ("127.0.0.1", "5432", "newsroom")


def test_a_postgresql_url_without_a_user_takes_the_login_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("USER", "carla")
    assert locate_store("postgresql://127.0.0.1:5432/newsroom").user == "carla"

    monkeypatch.delenv("USER")
    assert locate_store("postgresql://127.0.0.1:5432/newsroom").user == "postgres"


def test_every_libpq_parameter_of_a_url_is_kept_and_a_socket_directory_is_a_host() -> None:
    location = locate_store(
        "postgresql://desk@db.example.org/newsroom?sslmode=verify-full&sslrootcert=ca.pem"
    )
    assert location.parameters == (("sslmode", "verify-full"), ("sslrootcert", "ca.pem"))
    assert location.display == (
        "postgresql://desk@db.example.org:5432/newsroom?sslmode=verify-full&sslrootcert=ca.pem"
    )
    socket = locate_store("postgresql:///newsroom?host=/var/run/postgresql&user=desk")
    assert (socket.host, socket.user, socket.dbname) == ("/var/run/postgresql", "desk", "newsroom")


@pytest.mark.postgres
def test_the_ledger_connects_with_the_url_parameters(postgres_url: str) -> None:
    url = f"{postgres_url}?application_name=claims-desk-7"
    with ledger_at(url) as ledger, ledger.store.transaction() as cursor:
        cursor.execute("SELECT current_setting('application_name')")
        assert cursor.fetchone()[0] == "claims-desk-7"


@pytest.mark.postgres
def test_sslmode_require_is_not_dropped_from_the_url(postgres_url: str) -> None:
    """The local test server has no TLS: a URL that requires it must fail, as psql does."""
    with pytest.raises(StoreUnavailable, match="SSL was required"):
        ClaimsLedger.open(locate_store(f"{postgres_url}?sslmode=require"))


def test_the_display_name_of_a_store_never_shows_the_password() -> None:
    location = locate_store("postgresql://desk:hunter2@db.example.org:6543/newsroom")

    assert location.display == "postgresql://desk@db.example.org:6543/newsroom"
    assert "hunter2" not in location.display
    assert "hunter2" not in repr(location.display)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://desk@db.example.org/newsroom", "neither a file path nor a postgresql:// URL"),
        ("sqlite:///tmp/claims.db", "neither a file path nor a postgresql:// URL"),
        ("postgresql://db.example.org:5432/", "needs a database"),
        ("postgresql://desk@db.example.org:port/newsroom", "invalid port"),
        (
            "postgresql://desk@db.example.org/newsroom?bogus=1",
            'invalid URI query parameter: "bogus"',
        ),
        ("postgresql://desk@db.example.org:99999/newsroom", "invalid port"),
    ],
)
def test_a_url_that_names_no_usable_store_is_unavailable(url: str, message: str) -> None:
    with pytest.raises(StoreUnavailable, match=message):
        locate_store(url)


def test_memory_and_sqlite_paths_are_recognised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLAIMS_DB", raising=False)
    assert locate_store(MEMORY) == StoreLocation(kind="memory", target=MEMORY)
    assert locate_store(MEMORY).settings() == {"PERSISTENCE_MODULE": "eventsourcing.popo"}

    sqlite = locate_store(str(tmp_path / "desk.db"))
    assert (sqlite.kind, sqlite.target, sqlite.display) == (
        "sqlite",
        str(tmp_path / "desk.db"),
        str(tmp_path / "desk.db"),
    )
    assert sqlite.settings()["SQLITE_DBNAME"] == str(tmp_path / "desk.db")
    assert locate_store(None).target == DEFAULT_DB

    monkeypatch.setenv("CLAIMS_DB", str(tmp_path / "from-env.db"))
    assert locate_store(None).target == str(tmp_path / "from-env.db")
    assert locate_store(MEMORY).kind == "memory"


def test_a_sqlite_path_in_a_missing_directory_is_unavailable(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dir" / "claims.db"

    with pytest.raises(StoreUnavailable, match=r"directory .*no-such-dir' does not exist"):
        locate_store(str(missing))

    assert not missing.parent.exists()


def test_a_sqlite_path_that_is_a_directory_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="is a directory, not a file"):
        locate_store(str(tmp_path))


# --- ClaimsLedger.open: the store itself refuses ---


def test_an_unreachable_postgresql_fails_fast_with_one_line_and_no_password() -> None:
    location = locate_store("postgresql://desk:hunter2@127.0.0.1:1/newsroom")
    started = time.monotonic()

    with pytest.raises(StoreUnavailable) as unavailable:
        ClaimsLedger.open(location)

    message = str(unavailable.value)
    assert time.monotonic() - started < 3
    assert message.startswith("cannot reach PostgreSQL at postgresql://desk@127.0.0.1:1/newsroom")
    assert "\n" not in message
    assert "hunter2" not in message


@pytest.mark.postgres
def test_a_missing_postgresql_database_is_unavailable(postgres_url: str) -> None:
    parts = urlsplit(postgres_url)
    missing = urlunsplit(parts._replace(path="/claims_no_such_database"))

    with pytest.raises(StoreUnavailable, match='database "claims_no_such_database" does not exist'):
        ClaimsLedger.open(locate_store(missing))


def test_a_file_that_is_not_a_sqlite_database_is_unavailable(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("these are not the events you are looking for\n" * 100)

    with pytest.raises(StoreUnavailable, match="file is not a database") as unavailable:
        ClaimsLedger.open(locate_store(str(path)))

    assert str(unavailable.value).startswith(f"cannot open the event store at {path}:")
    assert "\n" not in str(unavailable.value)


def test_a_sqlite_file_in_a_read_only_filesystem_is_unavailable() -> None:
    # /proc refuses new files to every user, root included.
    if not Path("/proc/self").is_dir():
        pytest.skip("needs Linux /proc as a read-only place")

    with pytest.raises(StoreUnavailable, match="unable to open database file"):
        ClaimsLedger.open(locate_store("/proc/claims.db"))


def test_a_sqlite_file_in_a_read_only_directory_is_unavailable(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        probe = locked / "probe"
        try:
            probe.touch()
        except PermissionError:
            pass
        else:
            probe.unlink()
            pytest.skip(
                f"uid {os.geteuid()} writes into a mode-0500 directory (root ignores "
                "permissions); the read-only /proc test covers an unwritable location"
            )

        with pytest.raises(StoreUnavailable, match="unable to open database file"):
            ClaimsLedger.open(locate_store(str(locked / "claims.db")))
    finally:
        locked.chmod(0o700)


def test_what_one_ledger_stores_another_opened_later_reads(shared_url: str) -> None:
    with ledger_at(shared_url) as first:
        claim_id = claim(first, "Stored for later")

    with ledger_at(shared_url) as later:
        assert later.get_claim(claim_id).text == "Stored for later"
        assert later.find_claim(claim_id.hex[:8]) == claim_id


def test_a_new_sqlite_file_another_process_holds_locked_is_opened_once_it_is_free(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claims.storage import opening

    real = opening._construct
    refusals = iter([True, True])

    def busy_twice(location: StoreLocation, construct: Any, *, create_table: bool) -> object:
        if next(refusals, False):  # what SQLite answers while another opener holds it
            msg = f"cannot open the event store at {location.display}: database is locked"
            raise StoreUnavailable(msg)
        return real(location, construct, create_table=create_table)

    monkeypatch.setattr(opening, "_construct", busy_twice)

    ledger = ClaimsLedger.open(locate_store(sqlite_url))
    try:
        assert next(refusals, "used up") == "used up"
        claim(ledger)
    finally:
        ledger.close()


def test_a_sqlite_store_that_cannot_be_opened_for_another_reason_fails_at_once(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claims.storage import opening

    attempts: list[float] = []

    def unreadable(location: StoreLocation, construct: Any, *, create_table: bool) -> object:
        attempts.append(time.monotonic())
        msg = f"cannot open the event store at {location.display}: file is not a database"
        raise StoreUnavailable(msg)

    monkeypatch.setattr(opening, "_construct", unreadable)

    with pytest.raises(StoreUnavailable, match="file is not a database"):
        ClaimsLedger.open(locate_store(sqlite_url))
    assert len(attempts) == 1
