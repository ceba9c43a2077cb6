"""`decoded_events` gives exactly the domain events the library's mapper gives.

`claims show --version/--as-of` and `claims history` decode a claim's events with
orjson instead of the mapper; whatever the fast decoding cannot take goes through
the mapper, errors included.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import MapperDeserialisationError

from claims.application import ClaimsLedger
from claims.audit.replay import decoded_events
from claims.storage.log import stored_events
from tests.application.support import ledger_at
from tests.audit.support import SqliteTable, long_workflow, rows_of


def _by_mapper(ledger: ClaimsLedger, aggregate_id: UUID, lte: int | None = None) -> list[Any]:
    return [
        ledger.mapper.to_domain_event(stored)
        for stored in stored_events(ledger.store, aggregate_id, lte=lte)
    ]


def _same_events(ours: list[Any], theirs: list[Any]) -> None:
    assert [type(e) for e in ours] == [type(e) for e in theirs]
    for mine, library in zip(ours, theirs, strict=True):
        assert list(vars(mine).items()) == list(vars(library).items())
        assert [type(v) for v in vars(mine).values()] == [type(v) for v in vars(library).values()]


def test_every_event_of_claims_and_articles_decodes_as_the_mapper_decodes_it(
    ledger: ClaimsLedger,
) -> None:
    workflow = long_workflow(ledger)

    for aggregate_id in (workflow.main, workflow.other, workflow.article_id, uuid4()):
        for lte in (None, 1, 7):
            ours = list(decoded_events(ledger.mapper, ledger.store, aggregate_id, lte=lte))
            _same_events(ours, _by_mapper(ledger, aggregate_id, lte))


@pytest.fixture
def sqlite_ledger(sqlite_url: str) -> Iterator[ClaimsLedger]:
    with ledger_at(sqlite_url) as ledger:
        yield ledger


def test_nested_and_unusual_values_decode_as_the_mapper_decodes_them(
    sqlite_ledger: ClaimsLedger, sqlite_url: str
) -> None:
    ledger = sqlite_ledger
    workflow = long_workflow(ledger)
    table = SqliteTable(sqlite_url)
    registered = rows_of(table, workflow.main)[0]
    nested = {
        **registered.state,
        "features": [{"_type_": "uuid_hex", "_data_": uuid4().hex}, [1, {"a": None}], 2.5],
        "speaker": {"_type_": "date_iso", "_data_": "2024-05-16", "extra": 1},
    }
    table.set_state(registered.position, json.dumps(nested).encode("utf-8"))

    ours = list(decoded_events(ledger.mapper, ledger.store, workflow.main))

    _same_events(ours, _by_mapper(ledger, workflow.main))


@pytest.mark.parametrize(
    "number",
    [
        b"123456789012345678901234567890",  # beyond 64 bits: orjson would make it a float
        b"-9223372036854775809",
        b"18446744073709551615",
        b"9223372036854775807",
        b"NaN",
        b"-Infinity",
        b"1e400",
    ],
)
def test_numbers_orjson_reads_differently_decode_as_the_mapper_decodes_them(
    sqlite_ledger: ClaimsLedger, sqlite_url: str, number: bytes
) -> None:
    ledger = sqlite_ledger
    workflow = long_workflow(ledger)
    table = SqliteTable(sqlite_url)
    registered = rows_of(table, workflow.main)[0]
    state = json.dumps({**registered.state, "checkworthiness": "@"}).encode("utf-8")
    table.set_state(registered.position, state.replace(b'"@"', number))

    ours = list(decoded_events(ledger.mapper, ledger.store, workflow.main))

    _same_events(ours, _by_mapper(ledger, workflow.main))


@pytest.mark.parametrize(
    "state",
    [
        b'{"_type_": "uuid_hex", "_data_": "00000000000000000000000000000000"}',
        b'{"timestamp": {"_type_": "no_such_type", "_data_": "x"}}',
        b'{"timestamp": {"_type_": "datetime_iso", "_data_": "not a time"}}',
        b"not json",
        b"[1, 2]",
    ],
)
def test_a_state_the_mapper_refuses_is_refused_with_the_mappers_error(
    sqlite_ledger: ClaimsLedger, sqlite_url: str, state: bytes
) -> None:
    ledger = sqlite_ledger
    workflow = long_workflow(ledger)
    table = SqliteTable(sqlite_url)
    first = rows_of(table, workflow.other)[0]
    table.set_state(first.position, state)

    with pytest.raises(Exception) as by_mapper:  # noqa: PT011  (whatever the library raises)
        _by_mapper(ledger, workflow.other)
    with pytest.raises(type(by_mapper.value)):
        list(decoded_events(ledger.mapper, ledger.store, workflow.other))
    assert isinstance(by_mapper.value, MapperDeserialisationError | TypeError | AttributeError)
