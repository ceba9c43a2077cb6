"""Portable evidence: events with their hashes as JSON Lines, checkable without a database.

A header line names the file's format and scope, then one line per event. In format
`claims-audit-export/2` (written today) each line carries its event's chain format,
the digest it chains to (`previous_hash`) and its own (`event_hash`), so one line
alone recomputes its hash. Files of `claims-audit-export/1`, written before events
had chain formats, carry neither: all their events are of chain format 1, and they
keep verifying as they always did.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from claims.audit.chain import FIRST_FORMAT, GENESIS
from claims.audit.verify import Anchor, ChainedEvent, Verification, verify_chain
from domain.errors import InvalidInput

FORMAT = "claims-audit-export/2"
# Before chain formats: every line is an event of chain format 1, without one named.
FIRST_EXPORT_FORMAT = "claims-audit-export/1"


def export_lines(events: Iterable[ChainedEvent], *, scope: str) -> Iterator[bytes]:
    """A header line naming the format and scope, then one line per event."""
    yield orjson.dumps({"format": FORMAT, "scope": scope}) + b"\n"
    # Each aggregate's last digest written, which its next event chains to.
    heads: dict[str, object] = {}
    for e in events:
        previous = GENESIS if e.version == 1 else heads.get(e.aggregate_id)
        heads[e.aggregate_id] = e.stored_hash
        yield (
            orjson.dumps(
                {
                    "position": e.position,
                    "chain_format": e.chain_format,
                    "type": e.topic,
                    "aggregate_id": e.aggregate_id,
                    "version": e.version,
                    "timestamp": e.timestamp,
                    "actor": e.actor,
                    "payload": e.payload,
                    "previous_hash": previous,
                    "event_hash": e.stored_hash,
                }
            )
            + b"\n"
        )


def verify_export_file(path: Path, *, anchor: Anchor | None = None) -> Verification:
    """Check an export's chains (and, for a whole-store export, its root) from the file."""
    lines = _lines(path)
    header = _parse(next(lines, None), path, 1)
    if header.get("format") not in (FORMAT, FIRST_EXPORT_FORMAT):
        msg = f"{path}: line 1 is not a {FORMAT} header"
        raise InvalidInput(msg)
    partial = header.get("scope") != "all"
    if partial and anchor is not None:
        msg = f"{path} holds part of the store; an anchor covers the whole log"
        raise InvalidInput(msg)
    chain_formats = header["format"] == FORMAT
    return verify_chain(_events(lines, path, chain_formats), anchor=anchor, partial=partial)


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        msg = f"cannot read {path}: {exc.strerror}"
        raise InvalidInput(msg) from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield number, line


def _parse(numbered: tuple[int, bytes] | None, path: Path, default_line: int) -> dict[str, Any]:
    if numbered is None:
        msg = f"{path}: the file is empty"
        raise InvalidInput(msg)
    number, line = numbered
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError:
        msg = f"{path}: line {number or default_line} is not JSON (or not UTF-8)"
        raise InvalidInput(msg) from None
    if not isinstance(value, dict):
        msg = f"{path}: line {number} is not a JSON object"
        raise InvalidInput(msg)
    return value


def _events(
    lines: Iterator[tuple[int, bytes]], path: Path, chain_formats: bool
) -> Iterator[ChainedEvent]:
    """The file's events; with `chain_formats`, each line names its chain format and
    the digest it chains to, which must be there."""
    for number, line in lines:
        record = _parse((number, line), path, number)
        try:
            if chain_formats:
                chain_format = record["chain_format"]
                if type(chain_format) is not int:
                    raise TypeError
                previous_hash = record["previous_hash"]
            else:
                chain_format, previous_hash = FIRST_FORMAT, None
            yield ChainedEvent(
                position=int(record["position"]),
                aggregate_id=str(record["aggregate_id"]),
                version=int(record["version"]),
                topic=str(record["type"]),
                timestamp=record["timestamp"],
                actor=record["actor"],
                payload=dict(record["payload"]),
                stored_hash=record.get("event_hash"),
                chain_format=chain_format,
                previous_hash=previous_hash,
            )
        except (KeyError, TypeError, ValueError):
            msg = f"{path}: line {number} is not an exported event"
            raise InvalidInput(msg) from None
