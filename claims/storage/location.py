"""Where the events live: CLAIMS_DB or --db, read here, becomes the library's settings.

The kind of store (a SQLite file, a PostgreSQL database, memory) is decided here, once.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from claims.errors import StoreUnavailable

if TYPE_CHECKING:
    import psycopg

# The environment variable naming the store (the CLI reads it as --db's default).
STORE_VARIABLE = "CLAIMS_DB"
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
    # Every other libpq parameter of a PostgreSQL URL (sslmode, sslrootcert, ...).
    parameters: tuple[tuple[str, str], ...] = ()

    @property
    def display(self) -> str:
        """A name for messages that never shows a password."""
        if self.kind == "postgres":
            query = "&".join(f"{k}={v}" for k, v in self.parameters if "pass" not in k)
            where = f"{self.host}:{self.port}" if self.host else ""
            return f"postgresql://{self.user}@{where}/{self.dbname}" + (
                f"?{query}" if query else ""
            )
        return self.target

    @property
    def file(self) -> Path | None:
        """The SQLite file the events live in; None for PostgreSQL and memory."""
        return Path(self.target) if self.kind == "sqlite" else None

    @property
    def shared(self) -> bool:
        """Whether other processes can open this store too (not memory)."""
        return self.kind != "memory"

    @property
    def proves_identity(self) -> bool:
        """Whether the store proves who runs a command (PostgreSQL authenticates
        roles; a SQLite file takes whatever the OS account running it writes)."""
        return self.kind == "postgres"

    def connect_kwargs(self) -> dict[str, str]:
        """Keyword arguments for psycopg.connect: every parameter of the URL."""
        found = {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "password": self.password,
            "dbname": self.dbname,
            **dict(self.parameters),
        }
        return {k: v for k, v in found.items() if v}

    def connect(self) -> psycopg.Connection[Any]:
        """A PostgreSQL connection of its own (autocommit), with every parameter of
        the URL, outside the library's pool: for sessions that must outlive a
        transaction (LISTEN, a session lock) or run before the schema exists."""
        import psycopg
        from psycopg.conninfo import make_conninfo

        conninfo = make_conninfo("", **self.connect_kwargs())
        timeout = int(POSTGRES_CONNECT_TIMEOUT_SECONDS)
        return psycopg.connect(conninfo, connect_timeout=timeout, autocommit=True)

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
        from claims.storage.postgres_factory import PARAMETERS, TOPIC

        return {
            "PERSISTENCE_MODULE": TOPIC,
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": self.port,
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_CONNECT_TIMEOUT": POSTGRES_CONNECT_TIMEOUT_SECONDS,
            PARAMETERS: json.dumps(dict(self.parameters)),
            "POSTGRES_LOCK_TIMEOUT": POSTGRES_LOCK_TIMEOUT_SECONDS,
            "CREATE_TABLE": "y" if create_table else "n",
        }


def locate_store(value: str | None = None) -> StoreLocation:
    """Parse --db / CLAIMS_DB: a postgresql:// URL, ':memory:', or a SQLite file path."""
    raw = value if value is not None else os.environ.get(STORE_VARIABLE, DEFAULT_DB)
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


# Parameters the library's settings carry by name; libpq takes the rest as they are.
_NAMED = ("host", "port", "user", "password", "dbname")


def _postgres_location(url: str) -> StoreLocation:
    """Read a URL as libpq does (psycopg's parser), so every form and parameter
    `psql` accepts works here too: a socket directory as host, `?sslmode=`..."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        found = {k: str(v) for k, v in conninfo_to_dict(url).items() if v is not None}
    except psycopg.Error as exc:
        detail = " ".join(str(exc).split())
        msg = f"the PostgreSQL URL is not valid: {detail}"
        raise StoreUnavailable(msg) from None
    if not found.get("dbname"):
        msg = "a PostgreSQL URL needs a database: postgresql://user@host:5432/db"
        raise StoreUnavailable(msg)
    port = found.get("port", "5432")
    if not port.isdigit() or not 0 < int(port) < 65536:
        msg = "the PostgreSQL URL has an invalid port"
        raise StoreUnavailable(msg)
    return StoreLocation(
        kind="postgres",
        target=url,
        host=found.get("host", ""),
        port=port,
        user=found.get("user") or os.environ.get("USER", "postgres"),
        password=found.get("password", ""),
        dbname=found["dbname"],
        parameters=tuple(sorted((k, v) for k, v in found.items() if k not in _NAMED)),
    )
