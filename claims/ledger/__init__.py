"""The ledger's use cases, one desk a file, on a shared core (see `claims.application`)."""
