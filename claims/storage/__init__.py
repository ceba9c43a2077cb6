"""The store: the one place that knows which kind of store holds the events.

A location (`location.locate_store`: a SQLite file, a PostgreSQL URL or memory) is
read once; the ledger opens on it (`opening`) and keeps a `store.Store`, which
every other part asks for transactions, locks, the events table's SQL, log pages
and id lookups. Nothing outside this package names a backend or reaches into the
library's connection pools (tests/storage/test_one_wing.py keeps it so).

This module imports nothing, so that naming a submodule stays cheap at start-up.
"""
