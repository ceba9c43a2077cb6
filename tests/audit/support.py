"""Helpers the audit tests share: a long claim workflow, and editing stored rows directly.

The row editors go around the application on purpose: they play the part of someone
with write access to the database who rewrites history.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from claims.application import ClaimsLedger
from domain.claim import Claim
from tests.application.support import EDITOR, FACT_CHECKER, TRADE_QUOTE, article, claim

SOURCE = "https://english.customs.gov.cn/"

# The main claim's events, in order, as (type, actor, status afterwards).
WORKFLOW_STEPS = [
    ("Registered", FACT_CHECKER, "open"),
    ("Assigned", EDITOR, "open"),
    ("EvidenceAdded", FACT_CHECKER, "open"),
    ("EvidenceAdded", FACT_CHECKER, "open"),
    ("EvidenceWithdrawn", FACT_CHECKER, "open"),
    ("Dismissed", EDITOR, "dismissed"),
    ("Reopened", EDITOR, "open"),
    ("NoteAdded", FACT_CHECKER, "open"),
    ("VerdictRecorded", FACT_CHECKER, "in-review"),
    ("VerdictRejected", EDITOR, "rejected"),
    ("VerdictRecorded", FACT_CHECKER, "in-review"),
    ("VerdictApproved", EDITOR, "approved"),
    ("Published", EDITOR, "published"),
    ("Corrected", EDITOR, "published"),
    ("NoteAdded", EDITOR, "published"),
    ("Assigned", EDITOR, "published"),
]


@dataclass(frozen=True)
class Workflow:
    article_id: UUID
    main: UUID  # taken through every step of WORKFLOW_STEPS
    other: UUID  # registered and noted in between, so positions are not contiguous


def long_workflow(ledger: ClaimsLedger) -> Workflow:
    """A claim through evidence, dismissal, rejection, approval, publication, correction."""
    source = article(ledger)
    main = ledger.register_claim(
        text="China-Russia trade totaled $240 billion last year",
        quote=TRADE_QUOTE,
        by=FACT_CHECKER,
        article_id=source.id,
        speaker="Xi Jinping",
        checkworthiness=0.8,
    ).id
    other = claim(ledger, "Putin and Xi met in Beijing")
    ledger.assign(main, FACT_CHECKER, by=EDITOR)
    _, first = ledger.add_evidence(
        main,
        url=SOURCE,
        quote="Trade in 2022: USD 190 billion.",
        stance="supports",
        by=FACT_CHECKER,
    )
    ledger.add_note(other, "Interleaved with the main claim.", by=EDITOR)
    ledger.add_evidence(
        main,
        url=SOURCE,
        quote="Trade in 2023: USD 240.1 billion.",
        stance="refutes",
        note="The newer figure.",
        by=FACT_CHECKER,
    )
    ledger.withdraw_evidence(main, first, reason="Wrong year.", by=FACT_CHECKER)
    ledger.dismiss(main, reason="Not check-worthy.", by=EDITOR)
    ledger.reopen(main, by=EDITOR)
    ledger.add_note(main, "Customs data requested.", by=FACT_CHECKER)
    ledger.record_verdict(main, rating="false", rationale="No such figure.", by=FACT_CHECKER)
    ledger.reject_verdict(main, reason="The customs office says otherwise.", by=EDITOR)
    ledger.assign(other, EDITOR, by=EDITOR)
    ledger.record_verdict(
        main, rating="mostly-true", rationale="Customs data agree.", by=FACT_CHECKER
    )
    ledger.approve_verdict(main, by=EDITOR)
    ledger.publish(main, by=EDITOR)
    ledger.correct(main, rating="true", note="The exact figure is confirmed.", by=EDITOR)
    ledger.add_note(main, "A reader asked for the source.", by=EDITOR)
    ledger.assign(main, "ana", by=EDITOR)
    return Workflow(article_id=source.id, main=main, other=other)


def replay(ledger: ClaimsLedger, claim_id: UUID, count: int) -> Claim:
    """The claim folded from its first `count` stored events, here rather than by the app."""
    aggregate: Any = None
    for domain_event in list(ledger.events.get(claim_id))[:count]:
        aggregate = domain_event.mutate(aggregate)
    assert isinstance(aggregate, Claim)
    return aggregate


# --- the stored rows, read and rewritten without the application ---


@dataclass(frozen=True)
class Row:
    position: int
    aggregate_id: str  # 32 lower-case hex digits
    version: int
    topic: str
    state: dict[str, Any]

    @property
    def type(self) -> str:
        return self.topic.rsplit(".", 1)[-1]


class EventTable(Protocol):
    def rows(self) -> list[Row]: ...
    def set_state(self, position: int, state: dict[str, Any] | bytes) -> None: ...
    def delete(self, position: int) -> None: ...
    def swap(self, first: int, second: int) -> None: ...


def _encoded(state: dict[str, Any] | bytes) -> bytes:
    # json, not orjson: spacing differs from what the app wrote, which must not matter.
    return state if isinstance(state, bytes) else json.dumps(state).encode("utf-8")


@dataclass(frozen=True)
class SqliteTable:
    """`stored_events` of a SQLite file: position is the rowid."""

    path: str

    @contextlib.contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        with contextlib.closing(sqlite3.connect(self.path)) as connection, connection:
            yield connection

    def rows(self) -> list[Row]:
        with self._connection() as connection:
            found = connection.execute(
                "SELECT rowid, originator_id, originator_version, topic, state "
                "FROM stored_events ORDER BY rowid"
            ).fetchall()
        return [Row(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in found]

    def set_state(self, position: int, state: dict[str, Any] | bytes) -> None:
        with self._connection() as connection:
            connection.execute(
                "UPDATE stored_events SET state = ? WHERE rowid = ?", (_encoded(state), position)
            )

    def delete(self, position: int) -> None:
        with self._connection() as connection:
            connection.execute("DELETE FROM stored_events WHERE rowid = ?", (position,))

    def swap(self, first: int, second: int) -> None:
        with self._connection() as connection:
            for old, new in ((first, -1), (second, first), (-1, second)):
                connection.execute("UPDATE stored_events SET rowid = ? WHERE rowid = ?", (new, old))


@dataclass(frozen=True)
class PostgresTable:
    """`claims_events` of a PostgreSQL database: position is the notification_id."""

    url: str

    @contextlib.contextmanager
    def _connection(self) -> Iterator[Any]:
        import psycopg

        with psycopg.connect(self.url) as connection:  # commits on a clean exit
            yield connection

    def rows(self) -> list[Row]:
        with self._connection() as connection:
            found = connection.execute(
                "SELECT notification_id, originator_id, originator_version, topic, state "
                "FROM claims_events ORDER BY notification_id"
            ).fetchall()
        return [Row(r[0], r[1].hex, r[2], r[3], json.loads(bytes(r[4]))) for r in found]

    def set_state(self, position: int, state: dict[str, Any] | bytes) -> None:
        with self._connection() as connection:
            connection.execute(
                "UPDATE claims_events SET state = %s WHERE notification_id = %s",
                (_encoded(state), position),
            )

    def delete(self, position: int) -> None:
        with self._connection() as connection:
            connection.execute("DELETE FROM claims_events WHERE notification_id = %s", (position,))

    def swap(self, first: int, second: int) -> None:
        with self._connection() as connection:
            for old, new in ((first, -1), (second, first), (-1, second)):
                connection.execute(
                    "UPDATE claims_events SET notification_id = %s WHERE notification_id = %s",
                    (new, old),
                )


def event_table(url: str) -> EventTable:
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresTable(url)
    return SqliteTable(url)


def rows_of(table: EventTable, aggregate_id: UUID) -> list[Row]:
    """One aggregate's rows in log order."""
    return [row for row in table.rows() if row.aggregate_id == aggregate_id.hex]
