"""Exactly-once commands: a connection lost at any step of a save stores the
command's events once, and the command succeeds.

The faults are injected into the real drivers during the recorder's insert only:
before the insert runs, after it ran but before the commit (the server rolls it
back), and after the commit but before the reply reaches us (the events are
stored; the client cannot know). The library retries the insert on PostgreSQL;
on SQLite the ledger does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import pytest

from claims.application import ClaimsLedger
from claims.commands import COMMAND_KEY, command_of
from claims.errors import StoreDisconnected
from tests.application.support import EDITOR, claim, ledger_at
from tests.audit.support import SqliteTable

STEPS = ["before the insert", "after the insert, before the commit", "after the commit"]


class Fault:
    """Fires once, while armed (during the recorder's insert)."""

    def __init__(self) -> None:
        self.armed = False
        self.fired = 0

    def take(self) -> bool:
        if self.armed and not self.fired:
            self.fired += 1
            return True
        return False


@contextmanager
def _during_inserts(ledger: ClaimsLedger, fault: Fault) -> Iterator[None]:
    recorder: Any = ledger.recorder
    original = recorder.insert_events

    def insert_events(*args: Any, **kwargs: Any) -> Any:
        fault.armed = True
        try:
            return original(*args, **kwargs)
        finally:
            fault.armed = False

    recorder.insert_events = insert_events
    try:
        yield
    finally:
        del recorder.insert_events


@contextmanager
def sqlite_fault(ledger: ClaimsLedger, step: str, fault: Fault) -> Iterator[None]:
    from eventsourcing.sqlite import SQLiteConnection

    recorder: Any = ledger.recorder
    original_insert = recorder._insert_events
    original_commit = SQLiteConnection.commit

    def insert(*args: Any, **kwargs: Any) -> Any:
        if step == STEPS[0] and fault.take():
            raise sqlite3.OperationalError("disk I/O error")
        return original_insert(*args, **kwargs)

    def commit(self: Any) -> None:
        if step == STEPS[1] and fault.take():
            self._sqlite_conn.rollback()
            raise sqlite3.OperationalError("disk I/O error")
        original_commit(self)
        if step == STEPS[2] and fault.take():
            raise sqlite3.OperationalError("disk I/O error")

    recorder._insert_events = insert
    SQLiteConnection.commit = commit  # type: ignore[method-assign]
    try:
        with _during_inserts(ledger, fault):
            yield
    finally:
        SQLiteConnection.commit = original_commit  # type: ignore[method-assign]
        del recorder._insert_events


@contextmanager
def postgres_fault(ledger: ClaimsLedger, step: str, fault: Fault) -> Iterator[None]:
    import psycopg

    recorder: Any = ledger.recorder
    original_insert = recorder._insert_stored_events
    original_exit = psycopg.Transaction.__exit__
    lost = "server closed the connection unexpectedly"

    def insert(*args: Any, **kwargs: Any) -> Any:
        if step == STEPS[0] and fault.take():
            raise psycopg.OperationalError(lost)
        return original_insert(*args, **kwargs)

    def exit_(self: Any, *exc_info: Any) -> bool:
        if step == STEPS[1] and exc_info[0] is None and fault.take():
            self._conn.close()  # the server rolls back what it was not told to commit
            raise psycopg.OperationalError(lost)
        result = original_exit(self, *exc_info)
        if step == STEPS[2] and exc_info[0] is None and fault.take():
            self._conn.close()
            raise psycopg.OperationalError(lost)
        return result

    recorder._insert_stored_events = insert
    psycopg.Transaction.__exit__ = exit_  # type: ignore[method-assign]
    try:
        with _during_inserts(ledger, fault):
            yield
    finally:
        psycopg.Transaction.__exit__ = original_exit  # type: ignore[method-assign]
        del recorder._insert_stored_events


def _inject(url: str) -> Callable[[ClaimsLedger, str, Fault], Any]:
    return postgres_fault if url.startswith("postgresql://") else sqlite_fault


def _commands_of(ledger: ClaimsLedger, claim_id: UUID) -> list[str | None]:
    return [command_of(e) for e in ledger.repository.event_store.get(claim_id)]


@pytest.mark.parametrize("step", STEPS)
def test_a_change_whose_save_loses_its_connection_is_stored_exactly_once(
    shared_url: str, step: str
) -> None:
    with ledger_at(shared_url) as ledger:
        claim_id = claim(ledger)
        fault = Fault()
        with _inject(shared_url)(ledger, step, fault):
            view = ledger.add_note(claim_id, "checked with the customs office", by=EDITOR)

        assert fault.fired == 1
        stored = ledger.get_claim(claim_id)
        assert [n.text for n in stored.notes] == ["checked with the customs office"]
        assert stored.version == view.version == 2
        commands = _commands_of(ledger, claim_id)
        assert len(commands) == 2
        assert len(set(commands)) == 2, "registration and note are two commands"
        assert ledger.verify_store().intact


@pytest.mark.parametrize("step", STEPS)
def test_a_registration_whose_save_loses_its_connection_succeeds_once(
    shared_url: str, step: str
) -> None:
    with ledger_at(shared_url) as ledger:
        fault = Fault()
        with _inject(shared_url)(ledger, step, fault):
            view = ledger.register_claim(text="Imports fell by a third", quote="q", by=EDITOR)

        assert fault.fired == 1
        assert ledger.get_claim(view.id).version == 1
        assert [r.id for r in ledger.list_claims()] == [view.id]


def test_every_event_of_one_command_carries_its_id_and_the_hash_covers_it(
    sqlite_url: str,
) -> None:
    with ledger_at(sqlite_url) as ledger:
        claim_id = claim(ledger)
        ledger.add_note(claim_id, "one", by=EDITOR)
        first, second = _commands_of(ledger, claim_id)
        assert first is not None
        assert second is not None
        assert first != second
        assert ledger.verify_store().intact

    table = SqliteTable(sqlite_url)
    position, row = next((r.position, r) for r in table.rows() if r.version == 2)
    table.set_state(position, {**row.state, COMMAND_KEY: "0" * 32})
    with ledger_at(sqlite_url) as ledger:
        assert not ledger.verify_store().intact


def test_events_stored_before_command_ids_read_as_none() -> None:
    from domain.claim import Claim

    old = object.__new__(Claim.NoteAdded)
    object.__setattr__(old, "__dict__", {"text": "x", "actor": "tom"})

    assert command_of(old) is None
    assert not hasattr(old, COMMAND_KEY)


def test_a_connection_that_stays_lost_is_one_refusal_saying_the_outcome_is_unknown(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ledger_at(sqlite_url) as ledger:
        claim_id = claim(ledger)
        recorder: Any = ledger.recorder
        monkeypatch.setattr(type(ledger), "reconnect_pause_seconds", 0.0)

        def never(*args: Any, **kwargs: Any) -> Any:
            raise sqlite3.OperationalError("disk I/O error")

        recorder._insert_events = never
        with pytest.raises(StoreDisconnected, match=r"whether command .* was stored is unknown"):
            ledger.add_note(claim_id, "lost", by=EDITOR)
        del recorder._insert_events
        assert ledger.get_claim(claim_id).version == 1
