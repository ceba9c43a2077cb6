"""find_claim: a full id or a unique prefix of 8+ hex characters, however it is typed."""

from __future__ import annotations

import pytest

from claims.application import ClaimsLedger
from domain.errors import InvalidInput, NotFound
from domain.ids import claim_id_for
from tests.application.support import article, claim

# Found offline by registering f"claim {i}" texts until two ids shared 8 hex digits.
TWINS = ("claim 31996", "claim 37669")
TWIN_PREFIX = "aa4c3808"


def test_the_twin_texts_really_share_an_eight_character_id_prefix() -> None:
    first, second = (claim_id_for(text) for text in TWINS)

    assert first != second
    assert first.hex[:8] == second.hex[:8] == TWIN_PREFIX
    assert first.hex[8] != second.hex[8]


def test_a_claim_is_found_by_its_full_id_in_every_spelling(ledger: ClaimsLedger) -> None:
    claim_id = claim(ledger)

    spellings = [
        str(claim_id),
        claim_id.hex,
        str(claim_id).upper(),
        claim_id.hex.upper(),
        f"  {claim_id}\n",
    ]

    assert [ledger.find_claim(spelling) for spelling in spellings] == [claim_id] * 5


def test_a_claim_is_found_by_a_prefix_of_eight_or_more_hex_characters(
    ledger: ClaimsLedger,
) -> None:
    claim_id = claim(ledger)
    claim(ledger, "Some other claim")

    prefixes = [
        claim_id.hex[:8],
        claim_id.hex[:8].upper(),
        claim_id.hex[:12],
        str(claim_id)[:13],  # with its first dash
        str(claim_id)[:20].upper(),
        claim_id.hex[:31],
    ]

    assert [ledger.find_claim(prefix) for prefix in prefixes] == [claim_id] * len(prefixes)


def test_fewer_than_eight_or_non_hex_characters_are_invalid(ledger: ClaimsLedger) -> None:
    claim_id = claim(ledger)
    malformed = [
        "",
        claim_id.hex[:7],
        claim_id.hex[:4] + "-" + claim_id.hex[4:7],
        "zzzzzzzz",
        claim_id.hex[:8] + "g",
        claim_id.hex + "0",
        claim_id.hex[:4] + " " + claim_id.hex[4:8],
    ]

    for value in malformed:
        with pytest.raises(InvalidInput, match="8 to 32 hex characters"):
            ledger.find_claim(value)


def test_a_prefix_or_id_no_claim_has_is_not_found(ledger: ClaimsLedger) -> None:
    claim_id = claim(ledger)
    unused = "0" * 8 if not claim_id.hex.startswith("0") else "f" * 8

    with pytest.raises(NotFound, match=f"no claim with id {unused}"):
        ledger.find_claim(unused)
    with pytest.raises(NotFound, match="no claim"):
        ledger.find_claim(claim_id.hex[:-1] + ("0" if claim_id.hex[-1] != "0" else "1"))


def test_an_article_id_is_not_a_claim_id(ledger: ClaimsLedger) -> None:
    source = article(ledger)
    claim_id = claim(ledger)

    with pytest.raises(NotFound, match="no claim"):
        ledger.find_claim(str(source.id))
    with pytest.raises(NotFound, match="no article"):
        ledger.find_article(str(claim_id))


def test_a_prefix_shared_by_two_claims_is_ambiguous_but_longer_prefixes_resolve(
    ledger: ClaimsLedger,
) -> None:
    first = claim(ledger, TWINS[0])
    second = claim(ledger, TWINS[1])

    with pytest.raises(InvalidInput, match=f"prefix {TWIN_PREFIX} is ambiguous"):
        ledger.find_claim(TWIN_PREFIX)
    with pytest.raises(InvalidInput, match="ambiguous"):
        ledger.find_claim(TWIN_PREFIX.upper())

    assert ledger.find_claim(first.hex[:9]) == first
    assert ledger.find_claim(second.hex[:9]) == second
