"""The store a ledger is open on: built once from its location and the recorder.

Everything that differs between SQLite, PostgreSQL and memory, short of the SQL
words of the read models, is answered here: transactions and locks
(`connections`), the events table (`events`), and what the store is.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from claims.storage.connections import (
    BUSY,
    Connections,
    MemoryConnections,
    PostgresConnections,
    SQLiteConnections,
)
from claims.storage.events import POSTGRES_SCHEMA, EventsTable, events_table

if TYPE_CHECKING:
    from pathlib import Path

    from eventsourcing.persistence import ApplicationRecorder

    from claims.storage.location import StoreLocation


class Store:
    """One store, open: its location, its recorder, its events table, its transactions."""

    def __init__(
        self, location: StoreLocation, recorder: ApplicationRecorder, application_name: str
    ) -> None:
        self.location = location
        self.kind = location.kind
        self.recorder = recorder
        # None for the in-memory store, which keeps no table.
        # The schema the library's recorder was given (POSTGRES_SCHEMA may come from
        # the environment), so our SQL reads the very table the library writes.
        schema = getattr(getattr(recorder, "datastore", None), "schema", None)
        self.events_table: EventsTable | None = events_table(
            location.kind, application_name, schema or POSTGRES_SCHEMA
        )
        self._connections = _connections(location, recorder, self)

    # --- what the store is ---

    @property
    def events(self) -> EventsTable:
        """The events table (TypeError on the in-memory store, which has none)."""
        found = self.events_table
        if found is None:
            msg = "this store keeps no events table"
            raise TypeError(msg)
        return found

    @property
    def param(self) -> str:
        """The parameter mark of the store's SQL."""
        return self._connections.param

    @property
    def shared(self) -> bool:
        """Whether other processes can open this store too (not memory)."""
        return self.location.shared

    @property
    def proves_identity(self) -> bool:
        return self.location.proves_identity

    @property
    def file(self) -> Path | None:
        """A SQLite store's file (None for PostgreSQL and memory)."""
        return self.location.file

    def worker_settings(self, env: Mapping[str, str]) -> dict[str, str]:
        """The store's settings in `env` (an application's), for a worker process to
        open the same store: no DDL, and on PostgreSQL one connection."""
        keep = ("PERSISTENCE_MODULE", "SQLITE_", "POSTGRES_")
        found = {k: v for k, v in dict(env).items() if k.startswith(keep)}
        found["CREATE_TABLE"] = "n"
        if self.kind == "postgres":
            found.update(POSTGRES_POOL_SIZE="1", POSTGRES_MAX_OVERFLOW="1")
        return found

    def same_database(self, other: Store) -> bool:
        """Whether two stores are the same database, however their locations were
        spelled (a SQLite file by its inode, a PostgreSQL database by its cluster's
        system identifier and its name)."""
        if self.kind != other.kind or self.events_table is None:
            return False
        if self.kind == "sqlite":
            try:
                return os.path.samefile(self._identity()[0], other._identity()[0])
            except OSError:
                return False
        return self._identity() == other._identity()

    def _identity(self) -> tuple[Any, ...]:
        """What the database itself says it is: SQLite's main file; PostgreSQL's
        cluster and database name."""
        statement = (
            "SELECT file, '' FROM pragma_database_list WHERE name = 'main'"
            if self.kind == "sqlite"
            else "SELECT (SELECT system_identifier FROM pg_control_system()), current_database()"
        )
        with self.transaction() as cur:
            cur.execute(statement)
            return tuple(cur.fetchone())

    # --- transactions and locks ---

    @contextmanager
    def transaction(
        self, *, lock: bool = False, busy: str = BUSY, durable: bool = True
    ) -> Iterator[Any]:
        """A cursor (plain tuple rows) in a transaction, committed on success. With
        `lock` it is a writer's: on SQLite the database's write lock is taken at once,
        on PostgreSQL lock waits time out. A lock not had in time: StoreBusy(`busy`).
        Not `durable`: on PostgreSQL the commit returns before its WAL is flushed (for
        what can be rebuilt from the log; a server crash may lose the transaction)."""
        with self._connections.transaction(lock=lock, busy=busy, durable=durable) as cur:
            yield cur

    @contextmanager
    def pinned(self) -> Iterator[None]:
        """Run every transaction of this thread on one connection (temporary tables)."""
        with self._connections.pinned():
            yield

    def table_exists(self, cur: Any, name: str) -> bool:
        return self._connections.table_exists(cur, name)

    def serialise(self, cur: Any, key: int) -> None:
        """Hold every other transaction that serialises on `key` until this one ends
        (a PostgreSQL advisory lock; SQLite's write lock does so already)."""
        self._connections.serialise(cur, key)


def _connections(location: StoreLocation, recorder: Any, owner: object) -> Connections:
    if location.kind == "sqlite":
        return SQLiteConnections(recorder)
    if location.kind == "postgres":
        return PostgresConnections(recorder)
    return MemoryConnections(owner)
