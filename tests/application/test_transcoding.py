"""The ledger's transcoder (`claims.transcoding`) writes the library's bytes and reads
them back as the library's `JSONTranscoder` does.

Every domain event the ledger loads (`repository.get`, `claims show`, `claims
history`) is decoded by it with orjson; whatever orjson reads differently goes
through the library's decoder, errors included.
"""

from __future__ import annotations

import functools
import inspect
import json
import math
from collections.abc import Iterator
from datetime import UTC
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import JSONTranscoder, Mapper, MapperDeserialisationError
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.application import ClaimsLedger
from claims.transcoding import FastJSONTranscoder, stored_form
from domain.article import Article
from domain.claim import Claim
from domain.scale_book import ScaleBook
from domain.team import Team
from tests.application.support import ledger_at
from tests.audit.support import SqliteTable, long_workflow, rows_of


def _library_mapper(ledger: ClaimsLedger) -> Mapper[UUID]:
    """A mapper with the library's own JSONTranscoder and the ledger's transcodings."""
    transcoder = JSONTranscoder()
    ledger.register_transcodings(transcoder)
    return Mapper(transcoder=transcoder)


def _by_library(ledger: ClaimsLedger, aggregate_id: UUID, lte: int | None = None) -> list[Any]:
    mapper = _library_mapper(ledger)
    return [
        mapper.to_domain_event(stored)
        for stored in ledger.recorder.select_events(aggregate_id, lte=lte)
    ]


def _same_events(ours: list[Any], theirs: list[Any]) -> None:
    assert [type(e) for e in ours] == [type(e) for e in theirs]
    for mine, library in zip(ours, theirs, strict=True):
        assert list(vars(mine).items()) == list(vars(library).items())
        assert _typed_repr(vars(mine)) == _typed_repr(vars(library))  # types, nested too


def test_the_ledger_decodes_with_its_own_transcoder(ledger: ClaimsLedger) -> None:
    assert type(ledger.mapper.transcoder) is FastJSONTranscoder


def test_every_event_of_claims_and_articles_decodes_as_the_library_decodes_it(
    ledger: ClaimsLedger,
) -> None:
    workflow = long_workflow(ledger)

    for aggregate_id in (workflow.main, workflow.other, workflow.article_id, uuid4()):
        for lte in (None, 1, 7):
            ours = list(ledger.events.get(aggregate_id, lte=lte))
            _same_events(ours, _by_library(ledger, aggregate_id, lte))


@pytest.fixture
def sqlite_ledger(sqlite_url: str) -> Iterator[ClaimsLedger]:
    with ledger_at(sqlite_url) as ledger:
        yield ledger


def test_nested_and_unusual_values_decode_as_the_library_decodes_them(
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

    ours = list(ledger.events.get(workflow.main))

    _same_events(ours, _by_library(ledger, workflow.main))


@pytest.mark.parametrize(
    "number",
    [
        b"123456789012345678901234567890",  # beyond 64 bits: orjson would make it a float
        b"-9223372036854775809",
        b"[18446744073709551616]",
        b"18446744073709551615",
        b"9223372036854775807",
        b"9.3e18",
        b"NaN",
        b"-Infinity",
        b"1e400",
        b'"\\ud800"',  # a lone surrogate: orjson refuses it
    ],
)
def test_values_orjson_reads_differently_decode_as_the_library_decodes_them(
    sqlite_ledger: ClaimsLedger, sqlite_url: str, number: bytes
) -> None:
    ledger = sqlite_ledger
    workflow = long_workflow(ledger)
    table = SqliteTable(sqlite_url)
    registered = rows_of(table, workflow.main)[0]
    state = json.dumps({**registered.state, "checkworthiness": "@"}).encode("utf-8")
    table.set_state(registered.position, state.replace(b'"@"', number))

    ours = list(ledger.events.get(workflow.main))

    theirs = _by_library(ledger, workflow.main)
    if number in (b"NaN", b"-Infinity", b"1e400"):  # NaN is never equal to itself
        assert repr(vars(ours[0])) == repr(vars(theirs[0]))
        ours, theirs = ours[1:], theirs[1:]
    _same_events(ours, theirs)


@pytest.mark.parametrize(
    "state",
    [
        b'{"_type_": "uuid_hex", "_data_": "00000000000000000000000000000000"}',
        b'{"timestamp": {"_type_": "no_such_type", "_data_": "x"}}',
        b'{"timestamp": {"_type_": "datetime_iso", "_data_": "not a time"}}',
        b'{"timestamp": {"_type_": ["a list"], "_data_": "x"}}',
        b"not json",
        b"[1, 2]",
        b"\xff",
    ],
)
def test_a_state_the_library_refuses_is_refused_with_the_librarys_error(
    sqlite_ledger: ClaimsLedger, sqlite_url: str, state: bytes
) -> None:
    ledger = sqlite_ledger
    workflow = long_workflow(ledger)
    table = SqliteTable(sqlite_url)
    first = rows_of(table, workflow.other)[0]
    table.set_state(first.position, state)

    with pytest.raises(Exception) as by_library:  # noqa: PT011  (whatever the library raises)
        _by_library(ledger, workflow.other)
    with pytest.raises(type(by_library.value)) as by_ledger:
        list(ledger.events.get(workflow.other))
    assert str(by_ledger.value) == str(by_library.value)
    assert isinstance(by_library.value, MapperDeserialisationError | TypeError | AttributeError)


def test_a_text_row_is_refused_as_the_library_refuses_it(
    sqlite_ledger: ClaimsLedger, sqlite_url: str
) -> None:
    import sqlite3

    ledger = sqlite_ledger
    workflow = long_workflow(ledger)
    first = rows_of(SqliteTable(sqlite_url), workflow.other)[0]
    with sqlite3.connect(sqlite_url) as connection:
        connection.execute(
            "UPDATE stored_events SET state = ? WHERE rowid = ?",
            (json.dumps(first.state), first.position),
        )

    with pytest.raises(MapperDeserialisationError) as by_library:
        _by_library(ledger, workflow.other)
    with pytest.raises(MapperDeserialisationError) as by_ledger:
        list(ledger.events.get(workflow.other))
    assert str(by_ledger.value) == str(by_library.value)


# --- every event class, every kind of value: the same bytes, the same events ---


def _event_classes() -> list[type[Any]]:
    return [
        value
        for aggregate in (Claim, Article, ScaleBook, Team)
        for value in vars(aggregate).values()
        if isinstance(value, type) and issubclass(value, Aggregate.Event)
    ]


def _field_names(cls: type[Any]) -> list[str]:
    names: dict[str, None] = {}
    for klass in reversed(cls.__mro__):
        names.update(dict.fromkeys(inspect.get_annotations(klass)))
    return [n for n in names if n not in ("originator_id", "originator_version")]


_scalars = (
    st.none()
    | st.booleans()
    | st.integers()  # unbounded: integers beyond 64 bits too
    | st.floats()  # NaN, infinities, -0.0, tiny and huge ones
    | st.text()
    | st.text(alphabet='äöüßé中文ελληνικάРусский🙂\u2028\x00"\\', max_size=12)
    | st.uuids()
    | st.datetimes(timezones=st.sampled_from([UTC, None]))
    | st.dates()
    | st.decimals(allow_nan=False, allow_infinity=False)
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=6), inner, max_size=4)
        | st.fixed_dictionaries({"_type_": st.sampled_from(["uuid_hex", "nope"]), "_data_": inner})
    ),
    max_leaves=12,
)


@st.composite
def _events(draw: st.DrawFn) -> Any:
    cls = draw(st.sampled_from(_event_classes()))
    state = {name: draw(_values) for name in _field_names(cls)}
    state["originator_id"] = draw(st.uuids())
    state["originator_version"] = draw(st.integers(min_value=1, max_value=10**6))
    event = object.__new__(cls)
    object.__setattr__(event, "__dict__", state)
    return event


@functools.cache
def _transcoders() -> tuple[FastJSONTranscoder, JSONTranscoder]:
    """The ledger's transcoder, and the library's with the ledger's transcodings."""
    ledger = ClaimsLedger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    ours = ledger.mapper.transcoder
    assert isinstance(ours, FastJSONTranscoder)
    return ours, _library_mapper(ledger).transcoder  # type: ignore[return-value]


def _outcome(decode: Any, data: bytes) -> tuple[str, str]:
    """What decoding gives, comparable across decoders: the value's repr with its
    types (NaN is never equal to itself), or the error's type."""
    try:
        value = decode(data)
    except Exception as error:
        return "error", type(error).__name__
    return "value", _typed_repr(value)


def _typed_repr(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_typed_repr(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_typed_repr(v) for v in value) + "]"
    if isinstance(value, float) and math.isnan(value):
        return "float(nan)"
    return f"{type(value).__name__}({value!r})"


@settings(max_examples=400, deadline=None)
@given(_events())
def test_events_of_every_class_encode_to_the_librarys_bytes_and_decode_alike(event: Any) -> None:
    ours, library = _transcoders()
    state = dict(vars(event))

    try:
        expected = library.encode(state)
    except Exception as error:
        with pytest.raises(type(error)):
            ours.encode(state)
        return
    data = ours.encode(state)

    assert data == expected
    assert _outcome(ours.decode, data) == _outcome(library.decode, data)
    # The fold's read: json's, but an integer beyond 64 bits may come out a float of
    # the same value (see `stored_form`).
    folded = _as_orjson_reads(stored_form(data))
    assert _typed_repr(folded) == _typed_repr(_as_orjson_reads(json.loads(data)))


def _as_orjson_reads(value: Any) -> Any:
    """json's reading, with integers beyond 64 bits as the floats orjson makes them."""
    if isinstance(value, dict):
        return {k: _as_orjson_reads(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_orjson_reads(v) for v in value]
    if type(value) is int and not -(2**63) <= value < 2**64:
        return float(value)
    return value


def test_the_values_of_the_property_test_include_every_hard_case() -> None:
    hard = [
        10**30,
        -(10**30),
        2**64,
        math.nan,
        math.inf,
        1e-7,
        "Xi Jinping 习近平 🙂",
        Decimal("1.10"),
        {"_type_": "nope", "_data_": 1},
    ]
    ours, library = _transcoders()
    for value in hard:
        data = library.encode({"value": value, "nested": [{"v": value}]})
        assert ours.encode({"value": value, "nested": [{"v": value}]}) == data
        assert _outcome(ours.decode, data) == _outcome(library.decode, data)
