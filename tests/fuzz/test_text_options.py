"""Hostile text in every argument and option of the CLI, on SQLite and PostgreSQL.

Whatever the text: exit 0, 1 or 2, never a traceback; a refusal is one stderr line and
leaves the store as it was; a read never writes; a stored text reads back exactly from
`claims show --json`, the read models, `audit export` and `audit verify --file`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given

from tests.cli.support import command_app
from tests.fuzz.cli_slots import ARTICLE, SLOTS, Slot, fill, fresh_claim_text, prepare
from tests.fuzz.strategies import clean_text
from tests.fuzz.support import FuzzDesk, fuzz_desk, fuzz_settings


def every_option_of_the_cli() -> set[str]:
    """'<command> <parameter>' for every parameter that takes a value."""
    found: set[str] = set()

    def walk(command: object, path: list[str]) -> None:
        for param in getattr(command, "params", []):
            if not getattr(param, "is_flag", False):
                found.add(f"{' '.join(path) or 'claims'} {param.name}")
        for name, sub in (getattr(command, "commands", None) or {}).items():
            walk(sub, [*path, name])

    walk(command_app(), [])
    return found


# Options that change who may act: a fuzzed name would turn the desk under the
# other slots into a team. tests/cli/test_team_commands.py, test_team_roles.py and
# test_newsroom_postgres.py hold them to the contract; their names pass through the
# same member-name rule as --as (domain.names), which the "claims user" slot fuzzes.
TEAM_OPTIONS = {
    "setup admin",
    "team add user",
    "team add role",
    "team roles user",
    "team roles role",
    "team remove user",
    "team list as_of",
    # A process that runs until stopped (tests/projections/test_follower.py).
    "projections follow poll",
    "projections follow batch",
}


def test_every_option_of_the_cli_has_a_slot() -> None:
    assert {slot.name for slot in SLOTS} == every_option_of_the_cli() - TEAM_OPTIONS


@pytest.fixture
def desk(shared_url: str, workdir: Path) -> Iterator[FuzzDesk]:
    with fuzz_desk(shared_url, workdir) as opened:
        yield opened


def shared_claims(desk: FuzzDesk) -> dict[str, str]:
    """Claims and files the read-only slots point at (and an article to ingest)."""
    article = desk.workdir / "article.txt"
    article.write_text(f"Exports\n\n{ARTICLE}\n", encoding="utf-8")
    return {
        "claim": str(prepare(desk.ledger, "with-evidence")),
        "other": str(prepare(desk.ledger, "open")),
        "article": str(article),
        "db": desk.db,
    }


def try_slot(desk: FuzzDesk, slot: Slot, text: str, shared: dict[str, str]) -> None:
    values = dict(shared)
    if slot.writes:
        values["claim"] = str(prepare(desk.ledger, slot.needs))
        values["fresh"] = fresh_claim_text()
    args = fill(slot.args, text, values)
    before = desk.fingerprint()

    result = desk.attempt(args, user=slot.user, global_options=slot.global_options)

    if not slot.writes:
        assert desk.fingerprint() == before, ("a read wrote", args)
    if result.exit_code != 0 or slot.stored is None:
        return
    claim = values["claim"]
    if slot.command == "add":
        claim = result.stdout.split()[-1]  # "registered claim ID"
    view = desk.json("show", claim)
    assert slot.stored(view) == slot.expected(text), (args, view)
    desk.accepted.append(slot.stored(view))


def fuzz_slot(desk: FuzzDesk, slot: Slot, shared: dict[str, str], examples: int) -> None:
    @fuzz_settings(examples, shrink=False)
    @given(text=clean_text)
    def fill_the_slot(text: str) -> None:
        try_slot(desk, slot, text, shared)

    fill_the_slot()


def fuzz_every_slot(desk: FuzzDesk, slots: list[Slot], examples: int) -> None:
    shared = shared_claims(desk)
    for slot in slots:
        fuzz_slot(desk, slot, shared, examples)
    if any(slot.stored for slot in slots):
        assert desk.accepted, "no text was stored: the examples prove nothing read back"
    desk.round_trip()


def test_hostile_text_in_every_option_keeps_the_contract_and_reads_back(
    desk: FuzzDesk,
) -> None:
    """On PostgreSQL the slots that only look text up run here; the ones that store it
    run in test_text_policy.py, side by side with SQLite."""
    if desk.db.startswith("postgresql://"):
        # There --as must name the connected role (tests/cli/test_newsroom_postgres.py).
        looked_up = [s for s in SLOTS if not s.writes and s.name != "claims user"]
        fuzz_every_slot(desk, looked_up, examples=1)
    else:
        fuzz_every_slot(desk, SLOTS, examples=2)
