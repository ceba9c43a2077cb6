"""The `decisions` and `appearances` read models say what the claims' own events say,
for any sequence of commands (incremental == rebuild is `test_properties`' job)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

from claims.application import ClaimsLedger
from claims.projections import catch_up, rebuild
from claims.projections.context import context_of
from claims.projections.schema import APPEARANCES, DECISIONS
from tests.projections.support import folded_claims, ledger_at
from tests.projections.test_properties import PREAMBLE, Command, Desk, commands, store

# What each history entry type is stored as, and the payload fields it keeps.
KINDS = {
    "VerdictRecorded": ("verdict", "rating", None, None),
    "VerdictApproved": ("approved", None, None, None),
    "VerdictRejected": ("rejected", None, None, "reason"),
    "Published": ("published", "rating", None, None),
    "Corrected": ("corrected", "new_rating", "old_rating", "note"),
    "Retracted": ("retracted", None, None, "reason"),
    "Dismissed": ("dismissed", None, None, "reason"),
}


def view_rows(ledger: ClaimsLedger, view: str, columns: str) -> set[tuple[Any, ...]]:
    ctx = context_of(ledger)
    with ctx.dialect.transaction(lock=False) as cur:
        cur.execute(f"SELECT {columns} FROM {view}")
        return set(cur.fetchall())


def expected_decisions(ledger: ClaimsLedger) -> set[tuple[Any, ...]]:
    rows = set()
    for summary in folded_claims(ledger):
        registered_at = ledger.get_claim(summary.id).registered_at.isoformat()
        for entry in ledger.history(summary.id):
            if entry.type not in KINDS:
                continue
            kind, rating, old, note = KINDS[entry.type]
            p = entry.payload
            rows.add(
                (
                    f"{summary.id}/{entry.version}",
                    str(summary.id),
                    kind,
                    entry.timestamp.isoformat(),
                    entry.actor,
                    p[rating] if rating else None,
                    p[old] if old else None,
                    p[note] if note else None,
                    registered_at,
                )
            )
    return rows


def expected_appearances(ledger: ClaimsLedger) -> set[tuple[str, str]]:
    found = set()
    for summary in folded_claims(ledger):
        view = ledger.get_claim(summary.id)
        found.update((str(a.article_id), str(view.id)) for a in view.appearances)
    return found


DECISION_COLUMNS = "id, claim_id, kind, at, actor, rating, old_rating, note, registered_at"


def check(ledger: ClaimsLedger) -> None:
    assert view_rows(ledger, DECISIONS.view, DECISION_COLUMNS) == expected_decisions(ledger)
    assert view_rows(ledger, APPEARANCES.view, "article_id, claim_id") == expected_appearances(
        ledger
    )


def run(kind: str, script: list[Command]) -> None:
    with store(kind) as ledger:
        desk = Desk(ledger)
        for command in [*PREAMBLE, *script]:
            desk.run(command)
            if command.catch_up:
                catch_up(ledger)
        catch_up(ledger)
        check(ledger)
        rebuild(ledger, batch_size=3)
        check(ledger)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(script=commands)
def test_every_decision_and_appearance_is_one_row_as_the_events_say(
    script: list[Command],
) -> None:
    run("memory", script)


def test_decisions_hold_on_every_store(store_url: str) -> None:
    script = [
        Command(name, claim, 0, user, rating, "supports", catch_up=n % 2 == 0)
        for n, (name, claim, user, rating) in enumerate(
            [
                ("appear", 0, "ana", "true"),
                ("verdict", 0, "ana", "false"),
                ("reject", 0, "tom", "true"),
                ("verdict", 0, "ana", "mostly-false"),
                ("approve", 0, "tom", "true"),
                ("publish", 0, "tom", "true"),
                ("correct", 0, "tom", "false"),
                ("correct", 0, "tom", "mixed"),
                ("retract", 0, "tom", "true"),
                ("dismiss", 1, "tom", "true"),
            ]
        )
    ]
    with ledger_at(store_url) as ledger:
        desk = Desk(ledger)
        for command in [*PREAMBLE, *script]:
            desk.run(command)
            if command.catch_up:
                catch_up(ledger)
        catch_up(ledger)
        check(ledger)
        kinds = [row[2] for row in view_rows(ledger, DECISIONS.view, DECISION_COLUMNS)]
        assert sorted(kinds).count("corrected") == 2
