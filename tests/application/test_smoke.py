from claims.application import ClaimsLedger


def test_registered_claim_can_be_read_back_by_its_short_prefix(ledger: ClaimsLedger) -> None:
    view = ledger.register_claim(text="Trade totaled $240 billion in 2023", quote="q", by="alice")

    found = ledger.find_claim(view.id.hex[:8])

    assert found == view.id
    assert ledger.get_claim(found).text == "Trade totaled $240 billion in 2023"
