"""Store selection is configuration: CLAIMS_DB or --db becomes eventsourcing settings."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from claims.errors import StoreUnavailable

DEFAULT_DB = "claims.db"
MEMORY = ":memory:"

# A desk's writers queue on SQLite's single write lock; give a busy colleague
# this many seconds before reporting "store busy" instead of failing at once.
SQLITE_LOCK_TIMEOUT_SECONDS = "10"
POSTGRES_CONNECT_TIMEOUT_SECONDS = "5"
# A write waits this long for the events table's lock per attempt (the library
# tries 10 times) before reporting "store busy" instead of waiting forever.
POSTGRES_LOCK_TIMEOUT_SECONDS = "1"


@dataclass(frozen=True)
class StoreLocation:
    """Where the events live: a SQLite file, a PostgreSQL database, or memory (tests)."""

    kind: Literal["sqlite", "postgres", "memory"]
    target: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""
    dbname: str = ""

    @property
    def display(self) -> str:
        """A name for messages that never shows a password."""
        if self.kind == "postgres":
            return f"postgresql://{self.user}@{self.host}:{self.port}/{self.dbname}"
        return self.target

    def settings(self, *, create_table: bool = True) -> dict[str, str]:
        if self.kind == "memory":
            return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
        if self.kind == "sqlite":
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": self.target,
                "SQLITE_LOCK_TIMEOUT": SQLITE_LOCK_TIMEOUT_SECONDS,
                "CREATE_TABLE": "y" if create_table else "n",
            }
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": self.port,
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_CONNECT_TIMEOUT": POSTGRES_CONNECT_TIMEOUT_SECONDS,
            "POSTGRES_LOCK_TIMEOUT": POSTGRES_LOCK_TIMEOUT_SECONDS,
            "CREATE_TABLE": "y" if create_table else "n",
        }


def locate_store(value: str | None = None) -> StoreLocation:
    """Parse --db / CLAIMS_DB: a postgresql:// URL, ':memory:', or a SQLite file path."""
    raw = value if value is not None else os.environ.get("CLAIMS_DB", DEFAULT_DB)
    if not raw.strip():
        msg = "the database setting is empty: give a file path or a postgresql:// URL"
        raise StoreUnavailable(msg)
    if raw == MEMORY:
        return StoreLocation(kind="memory", target=MEMORY)
    if raw.startswith(("postgresql://", "postgres://")):
        return _postgres_location(raw)
    if "://" in raw:
        msg = f"database {raw!r} is neither a file path nor a postgresql:// URL"
        raise StoreUnavailable(msg)
    path = Path(raw).expanduser()
    if not path.parent.is_dir():
        msg = f"cannot create database {raw!r}: directory {str(path.parent)!r} does not exist"
        raise StoreUnavailable(msg)
    if path.is_dir():
        msg = f"database path {raw!r} is a directory, not a file"
        raise StoreUnavailable(msg)
    return StoreLocation(kind="sqlite", target=str(path))


def _postgres_location(url: str) -> StoreLocation:
    parts = urlsplit(url)
    dbname = parts.path.lstrip("/")
    if not parts.hostname or not dbname:
        msg = "a PostgreSQL URL needs a host and a database: postgresql://user@host:5432/db"
        raise StoreUnavailable(msg)
    try:
        port = str(parts.port or 5432)
    except ValueError:
        msg = "the PostgreSQL URL has an invalid port"
        raise StoreUnavailable(msg) from None
    return StoreLocation(
        kind="postgres",
        target=url,
        host=parts.hostname,
        port=port,
        user=unquote(parts.username or os.environ.get("USER", "postgres")),
        password=unquote(parts.password or ""),
        dbname=dbname,
    )
