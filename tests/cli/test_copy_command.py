"""`claims copy-to TARGET` moves a desk: every event copied and verified, the target's
read models built; refusals are one line and leave both stores as they were."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.application.support import ledger_at
from tests.audit.support import SqliteTable
from tests.cli.conftest import Desk
from tests.cli.support import assert_one_line_error, fingerprint, invoke, run_process


def test_copy_to_a_new_sqlite_file_says_what_it_copied_and_that_positions_hold(
    desk: Desk, published: str, tmp_path: Path
) -> None:
    target = str(tmp_path / "copy.db")
    anchor = desk.ok("audit", "anchor").stdout.strip()

    result = desk.ok("copy-to", target)

    events = fingerprint(desk.db)[0]
    assert result.stdout == (
        f"copied {events} events to {target}; it holds {events}, verified: root {anchor}\n"
        "log positions are the same in both stores: published anchors hold there\n"
    )
    assert Desk(target).json("show", published) == desk.json("show", published)
    assert Desk(target).ok("audit", "verify", "--anchor", anchor).stdout.startswith("intact")


def test_copy_to_json_reports_a_second_run_that_had_nothing_left(
    desk: Desk, claim_id: str, tmp_path: Path
) -> None:
    target = str(tmp_path / "copy.db")
    desk.ok("copy-to", target)

    report = desk.json("copy-to", target)

    assert (report["copied"], report["resumed_from"]) == (0, report["events"])
    assert report["positions_kept"] is True


def test_copy_to_this_store_or_memory_is_bad_input(desk: Desk, claim_id: str) -> None:
    before = fingerprint(desk.db)

    same = assert_one_line_error(desk.run("copy-to", desk.db), 2)
    memory = assert_one_line_error(desk.run("copy-to", ":memory:"), 2)

    assert same == f"claims: the target {desk.db} is this store"
    assert memory == "claims: the target must be a SQLite file or a PostgreSQL database"
    assert fingerprint(desk.db) == before


def test_copy_to_another_desks_store_is_refused(desk: Desk, claim_id: str, tmp_path: Path) -> None:
    other = Desk(str(tmp_path / "other.db"))
    other.register("Another desk's claim about tariffs", "tariffs")
    before = (fingerprint(desk.db), fingerprint(other.db))

    line = assert_one_line_error(desk.run("copy-to", other.db), 1)

    assert line == (
        "claims: the target store holds 1 events that are not the start of this store's log; "
        "copy into an empty store"
    )
    assert (fingerprint(desk.db), fingerprint(other.db)) == before


@pytest.mark.postgres
def test_a_desk_moved_to_postgresql_lists_and_verifies_as_before(
    desk: Desk, published: str, postgres_url: str, tmp_path: Path
) -> None:
    def claims(db: str, *args: str) -> subprocess.CompletedProcess[str]:
        # The copy's reads need no --as (PostgreSQL would take only the connecting role).
        return run_process(["--db", db, *args], tmp_path)

    copied = claims(desk.db, "copy-to", postgres_url, "--json")
    listed = claims(postgres_url, "list", "--json")
    verified = claims(postgres_url, "audit", "verify")

    assert copied.returncode == 0, copied.stderr
    assert json.loads(copied.stdout)["positions_kept"] is True
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == desk.json("list")
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith(f"intact: {fingerprint(desk.db)[0]} events")


def test_a_store_emptied_by_hand_gets_read_models_of_the_copied_desk(
    desk: Desk, published: str, tmp_path: Path
) -> None:
    other = Desk(str(tmp_path / "other.db"))
    for n in range(3):
        other.register(f"Another desk's claim number {n}", "claim")
    with contextlib.closing(sqlite3.connect(other.db)) as connection, connection:
        connection.execute("DELETE FROM stored_events")

    desk.ok("copy-to", other.db)

    assert other.json("list") == desk.json("list")


def test_a_refused_copy_into_a_new_file_leaves_no_file(
    desk: Desk, claim_id: str, tmp_path: Path
) -> None:
    table = SqliteTable(desk.db)
    row = table.rows()[0]
    table.set_state(row.position, {**row.state, "actor": "mallory"})
    target = tmp_path / "never.db"

    line = assert_one_line_error(desk.run("copy-to", str(target)), 1)

    assert line.startswith("claims: this store does not verify, so it is not copied")
    assert not target.exists()


@pytest.mark.postgres
def test_the_same_postgresql_database_spelled_another_way_is_this_store(
    postgres_url: str, tmp_path: Path
) -> None:
    with ledger_at(postgres_url) as ledger:
        ledger.register_claim(text="A claim on PostgreSQL", quote="q", by="postgres")
    before = fingerprint(postgres_url)
    other_spelling = postgres_url.replace("127.0.0.1", "localhost")
    assert other_spelling != postgres_url

    line = assert_one_line_error(invoke(["--db", postgres_url, "copy-to", other_spelling]), 2)

    assert line.startswith("claims: the target postgresql://")
    assert line.endswith(" is this store")
    assert fingerprint(postgres_url) == before


def test_a_copy_cut_short_warns_whoever_opens_it_until_a_run_finishes_it(
    desk: Desk, published: str, tmp_path: Path
) -> None:
    from claims.application import ClaimsLedger
    from claims.copying import copy_store
    from claims.storage.location import locate_store

    target = str(tmp_path / "half.db")
    source, copy = ClaimsLedger.open(locate_store(desk.db)), ClaimsLedger.open(locate_store(target))

    def cut_short(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with contextlib.suppress(KeyboardInterrupt):
        copy_store(source, copy, batch=2, progress=cut_short, source_name=desk.db)
    source.close()
    copy.close()

    half = Desk(target).run("scale")
    assert half.exit_code == 0, half.output
    assert half.stderr == (
        f"claims: warning: this store is an unfinished copy of {desk.db}; "
        "run 'claims copy-to' there again to finish it\n"
    )
    desk.ok("copy-to", target)
    assert Desk(target).ok("list").stderr == ""
