"""A store written before two events changed shape still loads, replays, rebuilds,
verifies and exports: `Claim.EvidenceAdded` gained `accessed_on` and
`Claim.MarkedDuplicate`'s `original_id` became `duplicate_of` (both at class
version 2). The old store is `tests/data/store-v1.sqlite` (see `evolution_store`),
copied into PostgreSQL as stored for the PostgreSQL runs."""

from __future__ import annotations

import inspect
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import orjson
import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder, Mapper
from eventsourcing.utils import get_topic
from hypothesis import HealthCheck, given, settings

from claims.application import ClaimsLedger
from claims.audit.export import verify_export_file
from claims.audit.verify import Anchor
from claims.copying import copy_store
from claims.projections import rebuild, status, verify
from claims.projections.context import context_of, generation_names, model
from claims.projections.schema import MODELS
from claims.projections.tracking import read
from claims.upcasting import current_version
from domain.article import Article
from domain.claim import Claim
from domain.ids import claim_id_for
from domain.scale_book import ScaleBook
from tests.application.evolution_store import write_commands
from tests.application.support import ledger_at
from tests.projections.support import tables
from tests.projections.test_properties import PREAMBLE, Command, Desk, commands

FIXTURE = Path(__file__).parent.parent / "data" / "store-v1.sqlite"
# What `claims audit anchor` printed for the fixture when it was made: its stored
# bytes, and so this root, never change.
FIXTURE_ANCHOR = Anchor.parse("a1022fabed10f24aee2a7dd0215b0b7339a1fac74578d601980b62f08a3354e5@36")
EVIDENCE_ADDED = get_topic(Claim.EvidenceAdded)
MARKED_DUPLICATE = get_topic(Claim.MarkedDuplicate)
# The claims of the fixture, by the texts `write_commands` registered them with.
TRADE = UUID("7d25db8f-0c6a-5c50-aac8-cbb92ca91822")
TRADE_AGAIN = UUID("5b0a46ed-ee42-5113-b8e0-2c3bc5608341")
EXPORTS = UUID("8f162676-d44c-53ea-8c0a-8bba597b377c")
COMPONENTS = UUID("0d7f6176-3287-5fd6-8764-507ebb20f504")
OPEN_CLAIM = "Exports of machinery rose 38 percent in the first quarter"
_TIME = re.compile(r"\d{4}-\d\d-\d\dT[0-9:.]+(?:Z|[+-]\d\d:\d\d)?")


def put_old_store(url: str, tmp_path: Path) -> None:
    """The fixture at `url`: the file itself for SQLite, its events copied as stored
    (`claims copy-to`) and the read models built for PostgreSQL."""
    if "://" not in url:
        shutil.copyfile(FIXTURE, url)
        return
    source = str(tmp_path / "old.sqlite")
    shutil.copyfile(FIXTURE, source)
    with ledger_at(source) as old, ledger_at(url) as copy:
        copy_store(old, copy)
        rebuild(copy)


@pytest.fixture
def old_store(shared_url: str, tmp_path: Path) -> Iterator[ClaimsLedger]:
    """A ledger of today's code on the store kept from before the change."""
    put_old_store(shared_url, tmp_path)
    with ledger_at(shared_url) as ledger:
        yield ledger


def stored_rows(ledger: ClaimsLedger, topic: str) -> list[tuple[str, int, dict[str, Any]]]:
    """(aggregate id hex, version, stored state) of every event of a type, as stored."""
    rows = []
    start = 0
    while True:
        page = ledger.recorder.select_notifications(
            start, 100, topics=[topic], inclusive_of_start=False
        )
        rows.extend(
            (UUID(str(n.originator_id)).hex, n.originator_version, orjson.loads(n.state))
            for n in page
        )
        if len(page) < 100:
            return rows
        start = page[-1].id


def _without_times(value: Any) -> Any:
    """Read-model rows with every time the events were written at replaced (and a
    ClaimReview's own dates, the days it was published and changed): two stores
    written by the same commands differ only in when they were written."""
    if isinstance(value, dict):
        return {k: _without_times(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_without_times(v) for v in value]
    if isinstance(value, str) and value.startswith('{"@context"'):
        document = orjson.loads(value)
        document.update(datePublished="<day>", dateModified="<day>")
        return _TIME.sub("<time>", orjson.dumps(document).decode())
    if isinstance(value, str):
        return _TIME.sub("<time>", value)
    return value


# --- the fixture is what it claims to be ---


def test_the_fixture_holds_both_changed_events_in_their_old_shape_only() -> None:
    # Read-only and immutable: no -wal or -shm file appears beside the fixture.
    with closing(sqlite3.connect(f"{FIXTURE.as_uri()}?mode=ro&immutable=1", uri=True)) as db:
        rows = db.execute(
            "SELECT topic, state FROM stored_events WHERE topic IN (?, ?)",
            (EVIDENCE_ADDED, MARKED_DUPLICATE),
        ).fetchall()
    states = {topic: [orjson.loads(s) for t, s in rows if t == topic] for topic, _ in rows}

    assert len(states[EVIDENCE_ADDED]) == 5
    assert len(states[MARKED_DUPLICATE]) == 3
    for state in [*states[EVIDENCE_ADDED], *states[MARKED_DUPLICATE]]:
        assert "class_version" not in state
        assert "accessed_on" not in state
        assert "duplicate_of" not in state
    assert all("original_id" in s for s in states[MARKED_DUPLICATE])
    assert FIXTURE.stat().st_size < 1_000_000


def test_every_event_class_at_version_n_can_upcast_from_each_earlier_version() -> None:
    for aggregate in (Claim, Article, ScaleBook):
        for event_class in vars(aggregate).values():
            if not (isinstance(event_class, type) and issubclass(event_class, Aggregate.Event)):
                continue
            for k in range(1, current_version(event_class)):
                upcaster = inspect.getattr_static(event_class, f"upcast_v{k}_v{k + 1}", None)
                assert isinstance(upcaster, staticmethod), (event_class, k)
    assert current_version(Claim.EvidenceAdded) == 2
    assert current_version(Claim.MarkedDuplicate) == 2


# --- the domain path: replay, history, as-of ---


def test_old_events_replay_in_the_new_shape_with_either_transcoder(
    old_store: ClaimsLedger,
) -> None:
    library_transcoder = JSONTranscoder()
    old_store.register_transcodings(library_transcoder)
    library_mapper: Mapper[UUID] = Mapper(transcoder=library_transcoder)
    for aggregate_id in (TRADE, TRADE_AGAIN, EXPORTS):
        fast = list(old_store.events.get(aggregate_id))
        stored = old_store.recorder.select_events(aggregate_id)
        library = [library_mapper.to_domain_event(s) for s in stored]
        assert [vars(e) for e in fast] == [vars(e) for e in library]
    evidence = [e for e in fast if isinstance(e, Claim.EvidenceAdded)]
    assert evidence
    assert all(e.accessed_on is None for e in evidence)
    marked = [e for e in fast if isinstance(e, Claim.MarkedDuplicate)]
    assert [e.duplicate_of for e in marked] == [TRADE, COMPONENTS]
    assert not any(hasattr(e, "original_id") for e in marked)

    trade = old_store.get_claim(TRADE)
    assert [(e.id, e.accessed_on) for e in trade.evidence] == [
        ("e1", None),
        ("e2", None),
        ("e3", None),
    ]
    assert old_store.get_claim(TRADE_AGAIN).duplicate_of == TRADE
    assert old_store.get_claim(EXPORTS).duplicate_of == COMPONENTS
    repository_claim: Claim = old_store.repository.get(EXPORTS)
    assert repository_claim.duplicate_of == COMPONENTS


def test_history_and_the_audit_log_show_old_events_under_the_new_names(
    old_store: ClaimsLedger,
) -> None:
    from claims.activity import ActivityFilter

    history = [e.as_json() for e in old_store.history(TRADE_AGAIN)]
    assert history[1]["type"] == "MarkedDuplicate"
    assert history[1]["payload"] == {"duplicate_of": str(TRADE)}
    added = next(e.as_json() for e in old_store.history(TRADE) if e.type == "EvidenceAdded")
    assert added["payload"]["accessed_on"] is None

    logged = [
        e.as_json()
        for e in old_store.activity(ActivityFilter(types=frozenset({"MarkedDuplicate"})))
    ]
    assert [e["payload"] for e in logged] == [
        {"duplicate_of": str(TRADE)},
        {"duplicate_of": str(TRADE)},
        {"duplicate_of": str(COMPONENTS)},
    ]


# --- the projections path: decoder, rebuild, verify ---


def test_the_projections_decoder_upcasts_old_stored_states(old_store: ClaimsLedger) -> None:
    decoder = context_of(old_store).decoder
    [(hex_id, version, state), *_] = stored_rows(old_store, MARKED_DUPLICATE)
    raw = orjson.dumps(state)

    upcast = decoder.upcast(MARKED_DUPLICATE, raw, hex_id, version)

    assert upcast["duplicate_of"] == {"_type_": "uuid_hex", "_data_": TRADE.hex}
    assert "original_id" not in upcast
    assert upcast["timestamp"] == state["timestamp"]
    assert upcast["event_hash"] == state["event_hash"]
    [(hex_id, version, state), *_] = stored_rows(old_store, EVIDENCE_ADDED)
    evidence = decoder.upcast(EVIDENCE_ADDED, orjson.dumps(state), hex_id, version)
    assert evidence == {**state, "accessed_on": None}


def rows_of_models(ledger: ClaimsLedger, names: set[str]) -> dict[str, list[tuple[Any, ...]]]:
    """`tables(ledger)`, for these models only (another's live tables may be of an
    older schema)."""
    ctx = context_of(ledger)
    out: dict[str, list[tuple[Any, ...]]] = {}
    with ctx.dialect.transaction(lock=False) as cur:
        states = read(cur, ctx.dialect, lock=False)
        for m in MODELS:
            if m.name not in names:
                continue
            physical = generation_names(model(m.name), states[m.name].generation)
            for table in m.tables:
                cur.execute(f"SELECT {', '.join(table.stored_names)} FROM {physical[table.key]}")
                out[table.key] = sorted(cur.fetchall(), key=lambda row: str(row[0]))
    return out


def test_a_rebuild_of_an_old_store_gives_the_rows_the_old_code_built(
    old_store: ClaimsLedger,
) -> None:
    # Models whose code changed since the fixture was made are rebuilt for that
    # reason; the others must come out exactly as the old code built them.
    unchanged = {m.name for m in status(old_store) if m.version == m.code_version}
    built_before_the_change = rows_of_models(old_store, unchanged)

    rebuild(old_store)

    assert rows_of_models(old_store, unchanged) == built_before_the_change
    assert verify(old_store).identical
    duplicates = {row.id for row in old_store.list_claims(status="duplicate")}
    assert duplicates == {TRADE_AGAIN, EXPORTS}


# --- the hash chain: old events verify as stored, new ones as stored in the new shape ---


def test_an_old_store_verifies_as_stored_and_so_do_new_events_in_the_new_shape(
    old_store: ClaimsLedger, tmp_path: Path
) -> None:
    before = old_store.verify_store(FIXTURE_ANCHOR)
    assert before.intact, before
    assert (before.root, before.position) == (FIXTURE_ANCHOR.root, FIXTURE_ANCHOR.position)

    claim_id = claim_id_for(OPEN_CLAIM)
    old_store.add_evidence(
        claim_id,
        url="https://example.com/ministry",
        quote="Machinery exports, Q1: +38%.",
        stance="supports",
        accessed_on=date(2024, 5, 20),
        by="ana",
    )
    old_store.mark_duplicate(claim_id, original_id=TRADE, by="tom")

    after = old_store.verify_store(FIXTURE_ANCHOR)
    assert after.intact, after
    assert after.events == FIXTURE_ANCHOR.position + 2
    [*_, (_, _, evidence)] = stored_rows(old_store, EVIDENCE_ADDED)
    assert evidence["class_version"] == 2
    assert evidence["accessed_on"] == {"_type_": "date_iso", "_data_": "2024-05-20"}
    [*_, (_, _, marked)] = stored_rows(old_store, MARKED_DUPLICATE)
    assert marked["class_version"] == 2
    assert marked["duplicate_of"] == {"_type_": "uuid_hex", "_data_": TRADE.hex}
    assert old_store.get_claim(claim_id).evidence[0].accessed_on == date(2024, 5, 20)

    export = tmp_path / "export.jsonl"
    export.write_bytes(b"".join(old_store.export_audit()))
    exported = verify_export_file(export, anchor=FIXTURE_ANCHOR)
    assert exported.intact, exported
    assert exported.root == after.root
    lines = [orjson.loads(line) for line in export.read_bytes().splitlines()[1:]]
    assert {
        # Who entered an event for someone else is stamped beside it (claims.trust).
        # So is the id of the command that wrote it (claims.commands).
        tuple(sorted(set(line["payload"]) - {"entered_by", "command_id"}))
        for line in lines
        if line["type"] == MARKED_DUPLICATE
    } == {
        ("original_id",),
        ("class_version", "duplicate_of"),
    }


# --- the property: same commands, same rows, however old the events ---


@pytest.fixture
def another_postgres_url(postgres_server: str) -> Iterator[str]:
    from tests.conftest import fresh_database

    with fresh_database(postgres_server) as url:
        yield url


def test_an_old_store_and_a_new_one_written_by_the_same_commands_have_the_same_rows(
    old_store: ClaimsLedger, shared_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    new_url = (
        str(tmp_path / "new.db")
        if "://" not in shared_url
        else str(request.getfixturevalue("another_postgres_url"))
    )
    with ledger_at(new_url) as new_store:
        write_commands(new_store)
        new_rows = tables(new_store)
        rebuild(new_store)
        assert tables(new_store) == new_rows
    rebuild(old_store)

    old_rows = tables(old_store)

    assert _in_any_order(old_rows) == _in_any_order(new_rows)
    assert sum(len(rows) for rows in old_rows.values()) > 10


def _in_any_order(tables: dict[str, Any]) -> dict[str, Any]:
    """Rows without times, and without their log positions (every table's second
    column): the old store was written by code that stored an ingested article after
    its claims' appearances, today's stores it first, so the logs run in other orders."""
    return {
        name: sorted(
            (row[:1] + row[2:] for row in _without_times(rows)), key=lambda row: str(row[0])
        )
        for name, rows in tables.items()
    }


# --- the property over any commands: events aged to version 1 read the same ---


def age_to_version_1(path: str) -> int:
    """Rewrite a SQLite store's changed events into their version-1 shape, as the old
    code would have stored them (their hashes no longer hold: only reads are compared)."""
    aged = 0
    with closing(sqlite3.connect(path)) as db, db:
        rows = db.execute(
            "SELECT rowid, topic, state FROM stored_events WHERE topic IN (?, ?)",
            (EVIDENCE_ADDED, MARKED_DUPLICATE),
        ).fetchall()
        for rowid, topic, raw in rows:
            state = orjson.loads(raw)
            del state["class_version"]
            if topic == EVIDENCE_ADDED:
                assert state.pop("accessed_on") is None
            else:
                state["original_id"] = state.pop("duplicate_of")
            db.execute(
                "UPDATE stored_events SET state = ? WHERE rowid = ?", (orjson.dumps(state), rowid)
            )
            aged += 1
    return aged


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(script=commands)
def test_any_commands_read_the_same_from_events_stored_in_the_old_shape(
    script: list[Command],
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        new, old = f"{directory}/new.db", f"{directory}/old.db"
        with ledger_at(new) as ledger:
            desk = Desk(ledger)
            for command in [*PREAMBLE, *script]:
                desk.run(command)
        shutil.copyfile(new, old)
        age_to_version_1(old)

        with ledger_at(new) as new_store, ledger_at(old) as old_store:
            # The old store's live read models were folded from the new shape.
            assert verify(old_store).identical
            rebuild(old_store, batch_size=3)
            assert tables(old_store) == tables(new_store)
            claim_ids = [UUID(str(r[0])) for r in tables(new_store)["factcheck"]]
            assert [old_store.get_claim(c) for c in claim_ids] == [
                new_store.get_claim(c) for c in claim_ids
            ]
            assert [old_store.history(c) for c in claim_ids] == [
                new_store.history(c) for c in claim_ids
            ]
