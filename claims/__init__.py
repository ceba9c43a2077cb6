"""claims: a claim-verification ledger on an event-sourced store.

Heavy modules (eventsourcing, pydantic, psycopg) are imported by the commands that
need them, so `claims --help` stays fast.
"""
