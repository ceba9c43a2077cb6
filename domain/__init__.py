"""The pure domain of the claim ledger: aggregates, their events, rules and values."""
