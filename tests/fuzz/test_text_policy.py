"""The text policy, property by property: what typed text may hold, how the terminal
shows what was stored, and SQLite and PostgreSQL accepting exactly the same texts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.cli_slots import STORED_SLOTS, Slot, fill, fresh_claim_text, prepare
from tests.fuzz.strategies import (
    BIDI_CONTROLS,
    FORBIDDEN_CONTROLS,
    clean_text,
    dirty_text,
    forbidden_in,
    with_inserted,
)
from tests.fuzz.support import FuzzDesk, fuzz_desk, fuzz_settings

# Names are held to login characters already (domain/names.py); these are the rest.
TYPED_TEXT_SLOTS = [slot for slot in STORED_SLOTS if slot.param != "user"]


@pytest.fixture
def sqlite_desk(sqlite_url: str, workdir: Path) -> Iterator[FuzzDesk]:
    with fuzz_desk(sqlite_url, workdir) as opened:
        yield opened


@pytest.fixture
def postgres_desk(postgres_url: str, workdir: Path) -> Iterator[FuzzDesk]:
    with fuzz_desk(postgres_url, workdir) as opened:
        yield opened


def outcome(desk: FuzzDesk, slot: Slot, text: str) -> tuple[int, Any]:
    """Run the slot's command with `text`: its exit code, and then the stored value
    (None when refused) or the refusal's line."""
    claim = str(prepare(desk.ledger, slot.needs))
    values = {"claim": claim, "fresh": fresh_claim_text(), "db": desk.db}
    result = desk.attempt(fill(slot.args, text, values), user=slot.user)
    if result.exit_code != 0:
        return result.exit_code, result.stderr.strip()
    if slot.command == "add":
        claim = result.stdout.split()[-1]
    assert slot.stored is not None
    return 0, slot.stored(desk.json("show", claim))


def for_every_slot(slots: list[Slot], examples: int, texts: Any, check: Any) -> None:
    """Run `check(slot, text)` on `examples` drawn texts for each slot."""
    for slot in slots:
        run_examples(slot, examples, texts, check)


def run_examples(slot: Slot, examples: int, texts: Any, check: Any) -> None:
    @fuzz_settings(examples, shrink=False)
    @given(text=texts)
    def each(text: str) -> None:
        check(slot, text)

    each()


def test_typed_text_with_a_control_character_is_refused_naming_it(sqlite_desk: FuzzDesk) -> None:
    def refused(slot: Slot, text: str) -> None:
        code, line = outcome(sqlite_desk, slot, text)
        assert code == 2, (slot.name, text)
        named = {f"U+{ord(c):04X}" for c in forbidden_in(text)}
        assert any(code_point in line for code_point in named), line

    for_every_slot(TYPED_TEXT_SLOTS, 2, dirty_text(), refused)


@st.composite
def note_with_marks(draw: st.DrawFn) -> tuple[str, str]:
    """A note holding bidi controls, tabs or newlines, and the same note without them."""
    plain = "Checked the customs figures twice"
    marked = draw(with_inserted(plain, st.sampled_from([*BIDI_CONTROLS, "\n", "\t"])))
    return marked, plain


def test_the_terminal_never_gets_a_raw_control_or_a_forged_line(sqlite_desk: FuzzDesk) -> None:
    desk = sqlite_desk
    unsafe = set(FORBIDDEN_CONTROLS) | set(BIDI_CONTROLS) | {"\t"}

    @fuzz_settings(5, shrink=False)
    @given(pair=note_with_marks())
    def show(pair: tuple[str, str]) -> None:
        marked, plain = pair
        claims = []
        for note in (marked, plain):
            claim = str(prepare(desk.ledger, "open"))
            desk.ok("note", claim, note)
            claims.append(claim)
        shown = [desk.ok("show", claim).stdout for claim in claims]
        history = desk.ok("history", claims[0]).stdout
        assert not unsafe & set(shown[0] + history), shown[0]
        assert len(shown[0].splitlines()) == len(shown[1].splitlines()), shown[0]

    show()


@pytest.mark.postgres
def test_sqlite_and_postgresql_accept_the_same_texts(
    sqlite_desk: FuzzDesk, postgres_desk: FuzzDesk
) -> None:
    def alike(slot: Slot, text: str) -> None:
        stored = outcome(sqlite_desk, slot, text)
        assert outcome(postgres_desk, slot, text) == stored, slot.name
        if stored[0] == 0:
            for desk in (sqlite_desk, postgres_desk):
                desk.accepted.append(stored[1])

    # --as: on PostgreSQL the actor is the connected role, on SQLite the name given.
    for_every_slot([s for s in STORED_SLOTS if s.name != "claims user"], 2, clean_text, alike)
    for desk in (sqlite_desk, postgres_desk):
        desk.round_trip()


@pytest.mark.postgres
def test_sqlite_and_postgresql_refuse_the_same_nul(
    sqlite_desk: FuzzDesk, postgres_desk: FuzzDesk
) -> None:
    def alike(slot: Slot, text: str) -> None:
        sqlite_code, _ = outcome(sqlite_desk, slot, text)
        postgres_code, _ = outcome(postgres_desk, slot, text)
        assert sqlite_code == postgres_code, slot.name
        for desk in (sqlite_desk, postgres_desk):
            desk.ok("list")  # and neither store is left unable to list

    for_every_slot(TYPED_TEXT_SLOTS, 1, dirty_text(st.just("\x00")), alike)
