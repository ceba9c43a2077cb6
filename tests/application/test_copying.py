"""Copying a desk's store into another (SQLite to PostgreSQL, or another SQLite file):
byte for byte, verified to the same root, resumable, never into someone else's store."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.copying import copy_store, unfinished_copy
from claims.errors import ConflictError
from claims.projections import catch_up, list_claims
from tests.application.support import claim, ledger_at
from tests.audit.support import SqliteTable, long_workflow


class Interrupted(Exception):
    """Stands for a process killed between two batches."""


@pytest.fixture
def source(tmp_path: Path) -> str:
    url = str(tmp_path / "source.db")
    with ledger_at(url) as ledger:
        long_workflow(ledger)
        for n in range(7):
            claim(ledger, f"Exports rose by {n} percent")
    return url


def test_a_copy_holds_every_event_byte_for_byte_and_verifies_to_the_same_root(
    source: str, shared_url: str
) -> None:
    with ledger_at(source) as ours, ledger_at(shared_url) as theirs:
        result = copy_store(ours, theirs, batch=4)

        assert (result.copied, result.resumed_from) == (ours.fingerprint()[0], 0)
        anchor = ours.verify_store()
        assert str(result.anchor) == f"{anchor.root}@{anchor.position}"
        assert result.positions_kept
        assert theirs.verify_store().root == anchor.root
        catch_up(theirs)  # a copy builds no read models (`claims copy-to` rebuilds them)
        assert list_claims(theirs) == list_claims(ours)
        some = list_claims(ours)[0].id
        assert theirs.history(some) == ours.history(some)
        assert theirs.get_claim(some) == ours.get_claim(some)


def test_a_copy_cut_short_is_finished_by_a_second_run_without_duplicates(
    source: str, shared_url: str
) -> None:
    reported: list[tuple[int, int]] = []

    def die_after_two_batches(done: int, total: int) -> None:
        reported.append((done, total))
        if done >= 6:
            raise Interrupted

    with ledger_at(source) as ours, ledger_at(shared_url) as theirs:
        with pytest.raises(Interrupted):
            copy_store(ours, theirs, batch=3, progress=die_after_two_batches, source_name="desk")
        assert theirs.fingerprint()[0] == 6
        assert reported == [(3, ours.fingerprint()[0]), (6, ours.fingerprint()[0])]
        assert unfinished_copy(theirs) == "desk"

        result = copy_store(ours, theirs, batch=3)
        assert unfinished_copy(theirs) is None

        assert result.resumed_from == 6
        assert result.copied + 6 == ours.fingerprint()[0] == result.events
        assert theirs.verify_store().root == ours.verify_store().root


def test_events_the_desk_adds_after_a_copy_are_copied_by_the_next_run(
    source: str, shared_url: str
) -> None:
    with ledger_at(source) as ours, ledger_at(shared_url) as theirs:
        copy_store(ours, theirs)
        claim(ours, "Imports fell by a third")

        result = copy_store(ours, theirs)

        assert result.copied == 1
        catch_up(theirs)
        assert list_claims(theirs) == list_claims(ours)


def test_a_store_holding_another_desks_events_is_refused_and_left_alone(
    source: str, shared_url: str
) -> None:
    with ledger_at(shared_url) as theirs:
        claim(theirs, "A claim of another desk")
        before = theirs.fingerprint()
        with ledger_at(source) as ours, pytest.raises(ConflictError, match="not the start"):
            copy_store(ours, theirs)
        assert theirs.fingerprint() == before


def test_a_source_that_does_not_verify_is_not_copied_as_if_it_did(
    source: str, tmp_path: Path
) -> None:
    table = SqliteTable(source)
    row = table.rows()[3]
    table.set_state(row.position, {**row.state, "actor": "mallory"})

    with ledger_at(source) as ours, ledger_at(str(tmp_path / "copy.db")) as theirs:
        with pytest.raises(ConflictError, match="this store does not verify, so it is not copied"):
            copy_store(ours, theirs)
        assert theirs.fingerprint()[0] == 0


def test_copying_an_empty_store_gives_an_empty_store(tmp_path: Path, shared_url: str) -> None:
    with ledger_at(str(tmp_path / "empty.db")) as ours, ledger_at(shared_url) as theirs:
        result = copy_store(ours, theirs)

    assert (result.copied, result.events, result.positions_kept) == (0, 0, True)


def test_a_second_copy_writing_into_the_same_target_is_a_conflict(
    source: str, tmp_path: Path
) -> None:
    target = str(tmp_path / "copy.db")

    def a_colleague_copies_too(done: int, total: int) -> None:
        if done == 3:
            with ledger_at(source) as ours, ledger_at(target) as theirs:
                copy_store(ours, theirs, batch=3)

    with ledger_at(source) as ours, ledger_at(target) as theirs:
        with pytest.raises(ConflictError, match="another copy is writing into the target"):
            copy_store(ours, theirs, batch=3, progress=a_colleague_copies_too)
        assert theirs.verify_store().root == ours.verify_store().root


def test_a_target_holding_more_events_than_this_store_is_refused(
    source: str, tmp_path: Path
) -> None:
    with ledger_at(source) as ours, ledger_at(str(tmp_path / "copy.db")) as theirs:
        copy_store(ours, theirs)
        claim(theirs, "A claim made only in the copy")

        with pytest.raises(ConflictError, match="not the start"):
            copy_store(ours, theirs)


@pytest.mark.postgres
def test_positions_a_postgresql_log_skipped_are_reported_as_differing(
    postgres_url: str, tmp_path: Path
) -> None:
    with ledger_at(postgres_url) as ours, ledger_at(str(tmp_path / "copy.db")) as theirs:
        claim(ours, "Exports rose")
        # Use up a notification id, as an insert that rolled back does.
        with ours.store.transaction(lock=True) as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('public.claims_events', 'notification_id'))"
            )
        claim(ours, "Imports fell")

        result = copy_store(ours, theirs)

        assert (result.events, result.source_position, result.anchor.position) == (2, 3, 2)
        assert not result.positions_kept


def test_a_copy_without_gaps_on_either_side_keeps_positions(source: str, tmp_path: Path) -> None:
    with ledger_at(source) as ours, ledger_at(str(tmp_path / "copy.db")) as theirs:
        assert copy_store(ours, theirs).positions_kept
