"""Chain formats on their own: format 2's canonical bytes are RFC 8785's, an exported
line recomputes its hash alone, chains may pass from format 1 to 2, a file exported
before formats existed still verifies, and an event RFC 8785 cannot express is sealed
in format 1."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import orjson
import pytest
import rfc8785
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    UUIDAsHex,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.audit.chain import (
    FIRST_FORMAT,
    GENESIS,
    JCS_FORMAT,
    canonical_event,
    event_hash,
    fold_root,
    read_stored_hash,
    stored_hash,
)
from claims.audit.export import export_lines, verify_export_file
from claims.audit.jcs import CanonicalizationError, canonical_json
from claims.audit.sealing import SealingMapper, seal_pending
from claims.audit.verify import Anchor, ChainedEvent, events_of_rows, verify_chain
from claims.storage.log import LogRow
from domain.errors import InvalidInput

A = "a" * 32
B = "b" * 32
TOPIC = "domain.claim:Claim.NoteAdded"
# The members of an exported line of format 2 that are not in its hashed object.
OUTSIDE_THE_HASH = ("position", "previous_hash", "event_hash")
OLD_EXPORT = Path(__file__).parent.parent / "data" / "export-v1.jsonl"
# What `claims audit anchor` printed for tests/data/store-v1.sqlite, whose export
# (written before chain formats, `claims-audit-export/1`) is OLD_EXPORT.
OLD_ANCHOR = Anchor.parse("a1022fabed10f24aee2a7dd0215b0b7339a1fac74578d601980b62f08a3354e5@36")

SAFE = 2**53 - 1
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-SAFE, max_value=SAFE)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
# Keys and text that stress RFC 8785: escapes, non-ASCII, and characters past U+FFFF,
# which sort by UTF-16 code units, not code points.
tricky_text = st.text(
    st.sampled_from(["a", "é", "\x00", "\x1f", "\x7f", '"', "\\", "\u2028", "\ufb33", "😀", "\n"])
)
keys = st.text() | tricky_text
json_values = st.recursive(
    scalars | tricky_text | st.integers(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4),
    max_leaves=20,
)
payloads = st.dictionaries(keys, json_values, max_size=6)
# What RFC 8785 can express: every payload a store holds but for huge integers.
expressible = st.dictionaries(
    keys,
    st.recursive(
        scalars | tricky_text,
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4)
        ),
        max_leaves=20,
    ),
    max_size=6,
)


def rfc8785_or_error(value: Any) -> bytes | type[Exception]:
    try:
        return rfc8785.dumps(value)
    except CanonicalizationError as error:
        return type(error)


def canonical_or_error(value: Any) -> bytes | type[Exception]:
    try:
        return canonical_json(value)
    except CanonicalizationError as error:
        return type(error)


# --- format 2 is RFC 8785 ---


@settings(max_examples=400)
@given(json_values)
def test_canonical_json_writes_exactly_what_rfc8785_writes_or_refuses_what_it_refuses(
    value: Any,
) -> None:
    assert canonical_or_error(value) == rfc8785_or_error(value)


@given(payloads, st.integers(min_value=1, max_value=10**6), st.none() | st.text())
def test_a_format_2_canonical_event_is_rfc8785_of_the_event_with_its_format(
    payload: dict[str, Any], version: int, actor: str | None
) -> None:
    timestamp = "2024-05-16T10:00:00.123456+00:00"
    expected = rfc8785_or_error(
        {
            "chain_format": 2,
            "type": TOPIC,
            "aggregate_id": A,
            "version": version,
            "timestamp": timestamp,
            "actor": actor,
            "payload": payload,
        }
    )
    try:
        encoded: bytes | type[Exception] = canonical_event(
            TOPIC, A, version, timestamp, actor, payload, chain_format=JCS_FORMAT
        )
    except CanonicalizationError as error:
        encoded = type(error)

    assert encoded == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.0, b"1"),
        (-0.0, b"0"),
        (1e21, b"1e+21"),
        (1e-7, b"1e-7"),
        (0.8, b"0.8"),
        (SAFE, b"9007199254740991"),
        ({"é": "ü\x1f\u2028"}, '{"é":"ü\\u001f\u2028"}'.encode()),
        # U+1F600 is the surrogates D83D DE00, below U+FB33 in UTF-16 order.
        ({"\ufb33": 1, "😀": 2}, '{"😀":2,"\ufb33":1}'.encode()),
    ],
    ids=["integral-float", "minus-zero", "large-float", "small-float", "fraction", "2^53-1",
         "non-ascii-and-escapes", "keys-by-utf16"],
)  # fmt: skip
def test_the_rfc8785_details_numbers_text_and_key_order(value: Any, expected: bytes) -> None:
    assert canonical_json(value) == expected == rfc8785.dumps(value)


@pytest.mark.parametrize("number", [2**53, -(2**53), 2**63])
def test_an_integer_beyond_2_to_the_53_has_no_format_2_encoding(number: int) -> None:
    with pytest.raises(CanonicalizationError):
        canonical_event(TOPIC, A, 1, None, None, {"n": number}, chain_format=JCS_FORMAT)

    assert canonical_event(TOPIC, A, 1, None, None, {"n": number}, chain_format=FIRST_FORMAT)


def test_the_stored_hash_names_its_format_from_2_on() -> None:
    digest = "c" * 64

    assert stored_hash(FIRST_FORMAT, digest) == digest
    assert stored_hash(JCS_FORMAT, digest) == "v2:" + digest
    assert read_stored_hash("v2:" + digest) == (2, digest)
    assert read_stored_hash(digest) == (1, digest)
    assert read_stored_hash("v7:" + digest) == (7, digest)
    assert read_stored_hash(None) == (1, None)


# --- chains of both formats ---


def sealed(spec: list[tuple[int, str, int, int, dict[str, Any]]]) -> list[ChainedEvent]:
    """Events (position, aggregate, version, chain format, payload), hashes computed here."""
    heads: dict[str, str] = {}
    events = []
    for position, aggregate, version, chain_format, payload in spec:
        timestamp = f"2024-05-16T10:00:{position:02d}+00:00"
        canonical = canonical_event(
            TOPIC, aggregate, version, timestamp, "maria", payload, chain_format=chain_format
        )
        previous = GENESIS if version == 1 else heads[aggregate]
        heads[aggregate] = event_hash(previous, canonical)
        events.append(
            ChainedEvent(
                position,
                aggregate,
                version,
                TOPIC,
                timestamp,
                "maria",
                payload,
                heads[aggregate],
                chain_format,
            )
        )
    return events


def mixed() -> list[ChainedEvent]:
    """A's chain passes from format 1 to format 2; B is all format 2."""
    return sealed(
        [
            (1, A, 1, FIRST_FORMAT, {"text": "one", "score": 0.8}),
            (2, B, 1, JCS_FORMAT, {"text": "twö", "score": 1.0}),
            (3, A, 2, FIRST_FORMAT, {"text": "three"}),
            (5, A, 3, JCS_FORMAT, {"text": "five", "😀": {"\ufb33": [1, 2.5]}}),
            (6, B, 2, JCS_FORMAT, {"text": "six"}),
        ]
    )


def test_a_chain_passing_from_format_1_to_format_2_verifies_to_the_root_of_its_digests() -> None:
    events = mixed()

    result = verify_chain(events)

    assert result.intact
    root = GENESIS
    for e in events:
        root = fold_root(root, str(e.stored_hash))
    assert (result.root, result.events, result.aggregates) == (root, 5, 2)


@pytest.mark.parametrize(
    "change",
    [
        {"payload": {"text": "fivE", "😀": {"\ufb33": [1, 2.5]}}},
        {"payload": {"text": "five", "😀": {"\ufb33": [1, 2.50001]}}},
        {"chain_format": FIRST_FORMAT},
        {"actor": "tom"},
    ],
    ids=["one-byte-of-text", "a-float", "relabelled-format-1", "actor"],
)
def test_any_change_to_a_format_2_event_breaks_at_that_event(change: dict[str, Any]) -> None:
    events = mixed()
    fields = {name: getattr(events[3], name) for name in ChainedEvent.__slots__}
    events[3] = ChainedEvent(**{**fields, **change})

    result = verify_chain(events)

    assert result.first_break is not None
    assert result.first_break.position == 5
    assert "altered" in result.first_break.problem


def test_an_event_of_a_format_this_version_does_not_know_is_named_as_such() -> None:
    events = mixed()
    fields = {name: getattr(events[3], name) for name in ChainedEvent.__slots__}
    events[3] = ChainedEvent(**{**fields, "chain_format": 3})

    result = verify_chain(events)

    assert result.first_break is not None
    assert result.first_break.position == 5
    assert "chain format 3, unknown to this version" in result.first_break.problem


# --- exports ---


@settings(max_examples=50)
@given(st.lists(st.tuples(st.sampled_from([A, B]), expressible), min_size=1, max_size=6))
def test_each_exported_line_alone_recomputes_its_hash_with_any_rfc8785_library(
    writes: list[tuple[str, dict[str, Any]]],
) -> None:
    versions: dict[str, int] = {}
    spec = []
    for position, (aggregate, payload) in enumerate(writes, start=1):
        versions[aggregate] = versions.get(aggregate, 0) + 1
        spec.append((position, aggregate, versions[aggregate], JCS_FORMAT, payload))

    lines = list(export_lines(sealed(spec), scope="all"))

    for line in lines[1:]:
        record = json.loads(line)  # the standard library, as an outsider would
        assert record["chain_format"] == JCS_FORMAT
        hashed = {k: v for k, v in record.items() if k not in OUTSIDE_THE_HASH}
        recomputed = hashlib.sha256(
            record["previous_hash"].encode("ascii") + b"\n" + rfc8785.dumps(hashed)
        ).hexdigest()
        assert recomputed == record["event_hash"]


def test_a_new_export_names_each_events_format_and_verifies_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "e.jsonl"
    path.write_bytes(b"".join(export_lines(mixed(), scope="all")))

    records = [orjson.loads(line) for line in path.read_bytes().splitlines()]

    assert records[0] == {"format": "claims-audit-export/2", "scope": "all"}
    assert [r["chain_format"] for r in records[1:]] == [1, 2, 1, 2, 2]
    assert records[3]["previous_hash"] == records[1]["event_hash"]
    assert records[1]["previous_hash"] == GENESIS
    assert verify_export_file(path).root == verify_chain(mixed()).root


def test_an_exported_line_whose_previous_hash_was_changed_breaks_there(tmp_path: Path) -> None:
    lines = list(export_lines(mixed(), scope="all"))
    record = orjson.loads(lines[4])
    record["previous_hash"] = "d" * 64
    lines[4] = orjson.dumps(record) + b"\n"
    path = tmp_path / "e.jsonl"
    path.write_bytes(b"".join(lines))

    result = verify_export_file(path)

    assert result.first_break is not None
    assert result.first_break.position == 5
    assert "previous hash" in result.first_break.problem


def test_a_new_export_line_without_its_chain_format_is_not_an_exported_event(
    tmp_path: Path,
) -> None:
    lines = list(export_lines(mixed(), scope="all"))
    record = orjson.loads(lines[2])
    del record["chain_format"]
    lines[2] = orjson.dumps(record) + b"\n"
    path = tmp_path / "e.jsonl"
    path.write_bytes(b"".join(lines))

    with pytest.raises(InvalidInput, match="line 3 is not an exported event"):
        verify_export_file(path)


def test_an_export_written_before_chain_formats_still_verifies_against_its_anchor() -> None:
    assert OLD_EXPORT.read_bytes().startswith(b'{"format":"claims-audit-export/1"')

    result = verify_export_file(OLD_EXPORT, anchor=OLD_ANCHOR)

    assert result.intact
    assert (result.events, f"{result.root}@{result.position}") == (36, str(OLD_ANCHOR))


def test_an_export_written_before_chain_formats_with_one_byte_changed_is_broken(
    tmp_path: Path,
) -> None:
    old = OLD_EXPORT.read_bytes()
    path = tmp_path / "old.jsonl"
    path.write_bytes(old.replace(b'"checkworthiness":0.8', b'"checkworthiness":0.9', 1))

    result = verify_export_file(path)

    assert result.first_break is not None
    assert "altered" in result.first_break.problem


# --- sealing ---


class Tally(Aggregate):
    class Counted(Aggregate.Event):
        amount: int

    @event(Counted)
    def count(self, amount: int) -> None:
        self.amount = amount


def sealing_mapper() -> SealingMapper:
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)
    return SealingMapper(transcoder)


def test_an_event_rfc8785_cannot_express_is_sealed_in_format_1_and_verifies() -> None:
    mapper = sealing_mapper()
    tally = Tally()
    tally.count(2**60)
    tally.count(7)
    pending = list(tally.pending_events)

    seal_pending([tally], mapper, recorder=None)  # type: ignore[arg-type]
    stored = [mapper.to_stored_event(e) for e in pending]

    formats = [read_stored_hash(orjson.loads(s.state)["event_hash"])[0] for s in stored]
    assert formats == [JCS_FORMAT, FIRST_FORMAT, JCS_FORMAT]
    rows = [
        LogRow(n, s.originator_id.hex, s.originator_version, s.topic, s.state)
        for n, s in enumerate(stored, start=1)
    ]
    assert verify_chain(events_of_rows(rows)).intact


def test_a_format_2_event_changed_to_hold_an_integer_beyond_2_to_the_53_is_broken() -> None:
    mapper = sealing_mapper()
    tally = Tally()
    tally.count(7)
    pending = list(tally.pending_events)
    seal_pending([tally], mapper, recorder=None)  # type: ignore[arg-type]
    stored = [mapper.to_stored_event(e) for e in pending]
    forged = stored[1].state.replace(b'"amount":7', b'"amount":%d' % 2**60)
    rows = [
        LogRow(n, s.originator_id.hex, s.originator_version, s.topic, state)
        for n, (s, state) in enumerate(zip(stored, [stored[0].state, forged], strict=True), 1)
    ]

    result = verify_chain(events_of_rows(rows))

    assert result.first_break is not None
    assert result.first_break.version == 2
    assert "no chain format 2 encoding (altered)" in result.first_break.problem


@pytest.mark.parametrize("respelled", ["v02:", "v1:", "v002:", "V2:", " v2:"])
def test_a_format_label_spelled_any_other_way_is_not_read_as_a_format(respelled: str) -> None:
    digest = "ab" * 32
    assert read_stored_hash(f"v2:{digest}") == (JCS_FORMAT, digest)
    # Read as an unlabelled format-1 value, it cannot equal a recomputed digest.
    assert read_stored_hash(f"{respelled}{digest}") == (FIRST_FORMAT, f"{respelled}{digest}")
