"""The audit building blocks on their own: canonical encoding, hash chain, verifier,
anchors, moments, activity helpers, field diffs and the export file format."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from claims.activity import aggregate_kind, event_name, plain
from claims.audit.chain import (
    FIRST_FORMAT,
    GENESIS,
    canonical_event,
    event_hash,
    fold_root,
    split_state,
)
from claims.audit.export import FORMAT, export_lines, verify_export_file
from claims.audit.verify import Anchor, ChainedEvent, verify_chain
from claims.field_diff import changed_fields, flatten
from claims.moments import parse_moment
from claims.storage.ids import aggregate_key
from domain.errors import InvalidInput

A = "a" * 32
B = "b" * 32
TOPIC = "domain.claim:Claim.NoteAdded"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sealed(spec: list[tuple[int, str, int, dict[str, Any]]]) -> list[ChainedEvent]:
    """Events (position, aggregate, version, payload) with hashes computed here, by hand."""
    heads: dict[str, str] = {}
    events = []
    for position, aggregate, version, payload in spec:
        timestamp = f"2024-05-16T10:00:{position:02d}+00:00"
        canonical = json.dumps(
            {
                "actor": "maria",
                "aggregate_id": aggregate,
                "payload": payload,
                "timestamp": timestamp,
                "type": TOPIC,
                "version": version,
            },
            sort_keys=True,
            separators=(",", ":"),
        ).encode()
        previous = GENESIS if version == 1 else heads[aggregate]
        heads[aggregate] = sha256(previous.encode() + b"\n" + canonical)
        events.append(
            ChainedEvent(
                position, aggregate, version, TOPIC, timestamp, "maria", payload, heads[aggregate]
            )
        )
    return events


def root_of(events: list[ChainedEvent]) -> str:
    root = GENESIS
    for e in events:
        root = sha256((root + str(e.stored_hash)).encode())
    return root


def two_claims() -> list[ChainedEvent]:
    return sealed(
        [
            (1, A, 1, {"text": "one"}),
            (2, B, 1, {"text": "two"}),
            (3, A, 2, {"text": "three"}),
            (5, A, 3, {"text": "five"}),
            (6, B, 2, {"text": "six"}),
        ]
    )


def replaced(event: ChainedEvent, **changes: Any) -> ChainedEvent:
    fields = {name: getattr(event, name) for name in ChainedEvent.__slots__}
    fields.update(changes)
    return ChainedEvent(**fields)


# --- canonical encoding and hashes ---


def test_the_format_1_canonical_encoding_is_sorted_compact_json_at_every_depth() -> None:
    encoded = canonical_event(
        TOPIC,
        A,
        2,
        "t",
        "maria",
        {"z": 1, "a": {"y": [2, 1], "b": None}},
        chain_format=FIRST_FORMAT,
    )

    assert encoded == (
        b'{"actor":"maria","aggregate_id":"' + A.encode() + b'","payload":{"a":{"b":null,'
        b'"y":[2,1]},"z":1},"timestamp":"t","type":"' + TOPIC.encode() + b'","version":2}'
    )


def test_the_canonical_encoding_does_not_depend_on_the_order_keys_were_given_in() -> None:
    one = canonical_event(TOPIC, A, 1, None, None, {"a": 1, "b": 2}, chain_format=FIRST_FORMAT)
    other = canonical_event(TOPIC, A, 1, None, None, {"b": 2, "a": 1}, chain_format=FIRST_FORMAT)

    assert one == other


def test_an_event_hash_is_sha256_of_the_previous_hash_a_newline_and_the_encoding() -> None:
    canonical = canonical_event(TOPIC, A, 1, "t", "maria", {}, chain_format=FIRST_FORMAT)

    assert event_hash(GENESIS, canonical) == sha256(GENESIS.encode() + b"\n" + canonical)
    assert event_hash("1" * 64, canonical) != event_hash(GENESIS, canonical)


def test_the_store_root_folds_each_event_hash_onto_the_previous_root() -> None:
    assert fold_root(GENESIS, "f" * 64) == sha256((GENESIS + "f" * 64).encode())
    assert GENESIS == "0" * 64


def test_splitting_a_stored_state_unwraps_the_timestamp_and_keeps_the_rest_as_stored() -> None:
    wrapped_id = {"_type_": "uuid_hex", "_data_": A}
    state = {
        "timestamp": {"_type_": "datetime_iso", "_data_": "2024-05-16T10:00:00+00:00"},
        "originator_topic": "domain.claim:Claim",
        "original_id": wrapped_id,
        "actor": "maria",
        "event_hash": "e" * 64,
    }

    timestamp, actor, payload = split_state(state)

    assert (timestamp, actor) == ("2024-05-16T10:00:00+00:00", "maria")
    assert payload == {"originator_topic": "domain.claim:Claim", "original_id": wrapped_id}


def test_splitting_a_state_without_a_usable_timestamp_or_actor_gives_none() -> None:
    assert split_state({"actor": 7, "timestamp": 3, "x": 1}) == (None, None, {"x": 1})
    assert split_state({}) == (None, None, {})


def test_aggregate_keys_are_32_lower_case_hex_digits_however_the_id_is_written() -> None:
    claim_id = UUID("5D5C3D7C-EFC4-5CD6-9000-E7A702ED0595")

    assert aggregate_key(claim_id) == "5d5c3d7cefc45cd69000e7a702ed0595"
    assert aggregate_key("5D5C3D7C-EFC4-5CD6-9000-E7A702ED0595") == aggregate_key(claim_id)


# --- the verifier over events ---


def test_an_untouched_chain_verifies_with_the_root_of_its_event_hashes() -> None:
    events = two_claims()

    result = verify_chain(events)

    assert result.intact
    assert (result.events, result.aggregates, result.position) == (5, 2, 6)
    assert result.root == root_of(events)
    assert result.first_break is None


def test_an_empty_log_verifies_with_the_genesis_root_at_position_zero() -> None:
    result = verify_chain([])

    assert result.intact
    assert (result.events, result.aggregates, result.root, result.position) == (0, 0, GENESIS, 0)


def test_an_altered_payload_breaks_at_that_event() -> None:
    events = two_claims()
    events[2] = replaced(events[2], payload={"text": "THREE"})

    result = verify_chain(events)

    assert not result.intact
    assert result.first_break is not None
    assert (result.first_break.position, result.first_break.aggregate_id) == (3, A)
    assert result.first_break.version == 2
    assert "altered" in result.first_break.problem
    assert result.events == 2  # the intact events before it


@pytest.mark.parametrize(
    "change",
    [
        {"actor": "mallory"},
        {"timestamp": "2024-05-17T10:00:03+00:00"},
        {"topic": "domain.claim:Claim.Dismissed"},
        {"aggregate_id": "c" * 32, "version": 1},
    ],
    ids=["actor", "timestamp", "type", "moved-to-another-aggregate"],
)
def test_every_part_of_the_canonical_encoding_is_covered_by_the_hash(
    change: dict[str, Any],
) -> None:
    events = two_claims()
    events[2] = replaced(events[2], **change)

    result = verify_chain(events)

    assert result.first_break is not None
    assert result.first_break.position == 3
    assert "altered" in result.first_break.problem


def test_an_event_without_a_hash_is_reported_as_carrying_none() -> None:
    events = two_claims()
    events[3] = replaced(events[3], stored_hash=None)

    result = verify_chain(events)

    assert result.first_break is not None
    assert result.first_break.position == 5
    assert result.first_break.problem == "it carries no hash"


def test_a_missing_event_breaks_at_the_next_event_of_that_aggregate() -> None:
    events = two_claims()
    del events[2]  # A's version 2

    result = verify_chain(events)

    assert result.first_break is not None
    assert (result.first_break.position, result.first_break.version) == (5, 3)
    assert result.first_break.problem == (
        "version 3 follows version 1: events missing or reordered"
    )


def test_events_of_one_aggregate_out_of_order_break_at_the_first_one_early() -> None:
    events = two_claims()
    events[2], events[3] = events[3], events[2]

    result = verify_chain(events)

    assert result.first_break is not None
    assert (result.first_break.position, result.first_break.version) == (5, 3)
    assert "missing or reordered" in result.first_break.problem


def test_a_later_version_without_its_first_is_reported_as_following_version_zero() -> None:
    events = two_claims()[2:]

    result = verify_chain(events)

    assert result.first_break is not None
    assert result.first_break.problem == "version 2 follows version 0: events missing or reordered"


def test_an_anchor_at_a_position_of_the_log_matches_the_root_there() -> None:
    events = two_claims()
    anchor = Anchor(root_of(events[:3]), 3)

    result = verify_chain(events, anchor=anchor)

    assert result.intact
    assert result.anchor == anchor
    assert result.anchor_problem is None


def test_an_anchor_whose_root_differs_reports_a_rewrite() -> None:
    events = two_claims()

    result = verify_chain(events, anchor=Anchor("1" * 64, 3))

    assert not result.intact
    assert result.first_break is None
    assert result.anchor_problem == ("the log up to position 3 was rewritten since it was anchored")


@pytest.mark.parametrize("position", [4, 7], ids=["a-gap", "beyond-the-end"])
def test_an_anchor_at_a_position_with_no_event_reports_rewritten_or_cut(position: int) -> None:
    events = two_claims()

    result = verify_chain(events, anchor=Anchor(root_of(events), position))

    assert not result.intact
    assert result.anchor_problem == (
        f"the log has no event at anchored position {position}: rewritten or cut"
    )


# --- anchors ---


def test_an_anchor_parses_from_root_at_position_and_prints_back_the_same() -> None:
    text = f"{'ab' * 32}@12"

    anchor = Anchor.parse(text)

    assert (anchor.root, anchor.position) == ("ab" * 32, 12)
    assert str(anchor) == text


def test_an_anchor_may_be_upper_case_or_surrounded_by_blanks() -> None:
    assert Anchor.parse(f"  {'AB' * 32}@7\n") == Anchor("ab" * 32, 7)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "@",
        "ab" * 32,
        f"{'ab' * 32}@",
        f"{'ab' * 32}@-1",
        f"{'ab' * 32}@1.5",
        f"{'a' * 63}@1",
        f"{'a' * 65}@1",
        f"{'g' * 64}@1",
        f"1@{'ab' * 32}",
        f"{'ab' * 32}@1@2",
    ],
)
def test_anything_but_64_hex_digits_at_a_position_is_not_an_anchor(text: str) -> None:
    with pytest.raises(InvalidInput, match="is not an anchor"):
        Anchor.parse(text)


# --- moments, names, plain values ---


def test_a_date_is_midnight_utc_of_that_day() -> None:
    assert parse_moment("2024-05-16") == datetime(2024, 5, 16, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "2024-05-16T10:30:00",
        "2024-05-16 10:30:00",
        "2024-05-16T10:30:00Z",
        "2024-05-16T10:30:00+00:00",
        "2024-05-16T12:30:00+02:00",
        "2024-05-16T05:30:00-05:00",
    ],
)
def test_a_date_time_is_the_same_instant_in_any_zone_and_utc_without_one(text: str) -> None:
    moment = parse_moment(text)

    assert moment.tzinfo is not None
    assert moment == datetime(2024, 5, 16, 10, 30, tzinfo=UTC)


def test_a_zone_given_is_kept_not_replaced() -> None:
    moment = parse_moment("2024-05-16T12:30:00+02:00")

    assert moment.utcoffset() == timedelta(hours=2)
    assert moment.tzinfo == timezone(timedelta(hours=2))


@pytest.mark.parametrize("text", ["", "yesterday", "2024-13-01", "16/05/2024", "2024-05-16T25:00"])
def test_a_moment_that_is_not_iso_8601_is_invalid_input_naming_the_option(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"^--since .* is not an ISO-8601 date or date-time$"):
        parse_moment(text, what="--since")


def test_event_names_and_aggregate_kinds_come_from_the_topic() -> None:
    assert event_name("domain.claim:Claim.VerdictRecorded") == "VerdictRecorded"
    assert aggregate_kind("domain.claim:Claim.VerdictRecorded") == "claim"
    assert event_name("domain.article:Article.Registered") == "Registered"
    assert aggregate_kind("domain.article:Article.Registered") == "article"


def test_plain_values_lose_the_transcoder_wrappers_at_every_depth() -> None:
    stored = {
        "original_id": {"_type_": "uuid_hex", "_data_": A},
        "published": {"_type_": "date_iso", "_data_": "2024-05-16"},
        "nested": [{"_type_": "uuid_hex", "_data_": B}, 3, None],
        "mapping": {"_type_": "x", "_data_": 1, "extra": 2},
        "text": "as is",
    }

    assert plain(stored) == {
        "original_id": str(UUID(A)),
        "published": "2024-05-16",
        "nested": [str(UUID(B)), 3, None],
        "mapping": {"_type_": "x", "_data_": 1, "extra": 2},
        "text": "as is",
    }


# --- field diffs ---


def test_flattening_names_nested_fields_by_dotted_paths_and_entries_by_their_id() -> None:
    value = {
        "status": "open",
        "verdict": {"rating": "false", "review": "pending"},
        "evidence": [{"id": "e1", "url": "u"}, {"id": "e2", "url": "v"}],
        "notes": [{"text": "n"}],
        "span": [3, 9],
        "corrections": [],
    }

    assert flatten(value) == {
        "status": "open",
        "verdict.rating": "false",
        "verdict.review": "pending",
        "evidence.e1.id": "e1",
        "evidence.e1.url": "u",
        "evidence.e2.id": "e2",
        "evidence.e2.url": "v",
        "notes.0.text": "n",
        "span": [3, 9],
    }


def test_flattening_ignores_version_and_last_change_only_at_the_top() -> None:
    value = {"version": 3, "last_change": "t", "verdict": {"version": 1}}

    assert flatten(value) == {"verdict.version": 1}


def test_changed_fields_are_before_and_after_of_each_differing_path_in_a_stable_order() -> None:
    before = {"status": "open", "assignee": None, "verdict": None, "version": 1}
    after = {"status": "in-review", "assignee": None, "verdict": {"rating": "false"}, "version": 2}

    assert changed_fields(before, after) == [
        ("status", "open", "in-review"),
        ("verdict.rating", None, "false"),
    ]
    assert changed_fields(after, after) == []


# --- the export file ---


def write_export(path: Path, events: list[ChainedEvent], scope: str = "all") -> Path:
    path.write_bytes(b"".join(export_lines(events, scope=scope)))
    return path


def test_an_export_is_a_header_line_then_one_json_line_per_event(tmp_path: Path) -> None:
    events = two_claims()

    lines = write_export(tmp_path / "e.jsonl", events).read_text("utf-8").splitlines()

    assert json.loads(lines[0]) == {"format": FORMAT, "scope": "all"}
    assert [json.loads(line)["position"] for line in lines[1:]] == [1, 2, 3, 5, 6]
    assert set(json.loads(lines[1])) == {
        "position",
        "chain_format",
        "type",
        "aggregate_id",
        "version",
        "timestamp",
        "actor",
        "payload",
        "previous_hash",
        "event_hash",
    }


def test_an_export_verifies_from_the_file_to_the_same_root(tmp_path: Path) -> None:
    events = two_claims()

    result = verify_export_file(write_export(tmp_path / "e.jsonl", events))

    assert result.intact
    assert (result.root, result.position, result.events) == (root_of(events), 6, 5)


def test_blank_lines_in_an_export_are_ignored(tmp_path: Path) -> None:
    path = write_export(tmp_path / "e.jsonl", two_claims())
    path.write_bytes(b"\n" + path.read_bytes().replace(b"\n", b"\n  \n"))

    assert verify_export_file(path).events == 5


def test_an_export_of_a_whole_store_is_checked_against_an_anchor(tmp_path: Path) -> None:
    events = two_claims()
    path = write_export(tmp_path / "e.jsonl", events)

    matching = verify_export_file(path, anchor=Anchor(root_of(events[:3]), 3))
    wrong = verify_export_file(path, anchor=Anchor("2" * 64, 3))

    assert matching.intact
    assert not wrong.intact
    assert wrong.anchor_problem is not None
    assert "rewritten" in wrong.anchor_problem


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\n  \n", "the file is empty"),
        (b"not json\n", "line 1 is not JSON (or not UTF-8)"),
        (b"\xff\xfe{}\n", "line 1 is not JSON (or not UTF-8)"),
        (b"[1, 2]\n", "line 1 is not a JSON object"),
        (b'{"format": "something-else/1"}\n', f"line 1 is not a {FORMAT} header"),
        (f'{{"format": "{FORMAT}", "scope": "all"}}\n{{"position": 1}}\n'.encode(), "line 2"),
        (f'{{"format": "{FORMAT}", "scope": "all"}}\n\n[]\n'.encode(), "line 3"),
    ],
    ids=[
        "empty",
        "blank",
        "not-json",
        "not-utf8",
        "not-an-object",
        "other-format",
        "not-an-event",
        "event-not-object",
    ],
)
def test_a_file_that_is_not_an_export_is_invalid_input_naming_the_line(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "e.jsonl"
    path.write_bytes(content)

    with pytest.raises(InvalidInput, match=re.escape(message)) as raised:
        verify_export_file(path)

    assert str(raised.value).startswith(f"{path}: ")
    assert "\n" not in str(raised.value)


def test_a_missing_export_file_is_invalid_input(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.jsonl"

    with pytest.raises(InvalidInput, match=f"cannot read {path}: No such file or directory"):
        verify_export_file(path)
