"""Ids as people type them (a prefix, any case, dashes, spaces; or anything at all):
`find_claim` and `find_article` find the one aggregate the prefix names, or refuse in
one line without touching the store, on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from hypothesis import given
from hypothesis import strategies as st

from claims.application import ClaimsLedger
from domain.errors import InvalidInput, NotFound
from tests.fuzz.strategies import id_reference
from tests.fuzz.support import fuzz_settings

HEX_DIGITS = set("0123456789abcdef")


def typed_prefix(reference: str) -> str | None:
    """The hex prefix a reference stands for, or None when it is not one."""
    cleaned = reference.strip().lower().replace("-", "")
    if 8 <= len(cleaned) <= 32 and set(cleaned) <= HEX_DIGITS:
        return cleaned
    return None


def test_an_id_as_typed_finds_its_aggregate_or_is_refused_in_one_line(
    ledger: ClaimsLedger,
) -> None:
    claims = [
        str(ledger.register_claim(text=f"Exports rose {n} percent", quote="q", by="alice").id)
        for n in range(5)
    ]
    articles = [
        str(
            ledger.register_article(
                title="T", published=date(2024, 5, 1), text=f"Text {n}.", url=None, by="alice"
            )[0].id
        )
        for n in range(3)
    ]
    known = {"claim": claims, "article": articles}
    finders = {"claim": ledger.find_claim, "article": ledger.find_article}

    @fuzz_settings(60)
    @given(reference=id_reference(claims + articles), kind=st.sampled_from(["claim", "article"]))
    def look_up(reference: str, kind: str) -> None:
        before = ledger.fingerprint()
        prefix = typed_prefix(reference)
        named = [i for i in known[kind] if prefix and UUID(i).hex.startswith(prefix)]
        try:
            found: UUID | str = finders[kind](reference)
        except (InvalidInput, NotFound) as refusal:
            found = str(refusal)
        if isinstance(found, str):
            assert len(found.splitlines()) == 1, found
            assert ledger.fingerprint() == before
            assert not named, (reference, named)
            return
        assert [str(found)] == named, reference

    look_up()
