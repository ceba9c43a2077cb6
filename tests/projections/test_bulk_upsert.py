"""Upserting many rows at once (on PostgreSQL through COPY and one INSERT ... ON
CONFLICT) gives what upserting them one by one gives: new rows inserted, known ones
replaced, and the last row of a key repeated in the batch wins."""

from __future__ import annotations

from claims.projections.context import context_of
from claims.projections.schema import APPEARANCES
from tests.projections.support import ledger_at

_TABLE = "rm_bulk_upsert_test"


def test_a_bulk_upsert_inserts_replaces_and_keeps_the_last_row_of_a_key(shared_url: str) -> None:
    with ledger_at(shared_url) as ledger:
        dialect = context_of(ledger).dialect
        before = [(f"k{n}", n, "old-article", "old-claim") for n in range(0, 600, 2)]
        after = [(f"k{n}", n, f"a{n}", f"c{n}") for n in range(500)]
        after.append(("k7", 7, "a7-last", "c7-last"))
        with dialect.transaction(lock=True) as cur:
            dialect.create_table(cur, APPEARANCES, _TABLE)
            dialect.upsert(cur, _TABLE, APPEARANCES, before)
        with dialect.transaction(lock=True) as cur:
            dialect.upsert(cur, _TABLE, APPEARANCES, after)
            dialect.upsert(cur, _TABLE, APPEARANCES, [("k1", 1, "again", "again")] * 300)
            cur.execute(f"SELECT id, position, article_id, claim_id FROM {_TABLE}")
            rows = {row[0]: tuple(row) for row in cur.fetchall()}

        expected = {row[0]: row for row in before} | {row[0]: row for row in after}
        expected["k1"] = ("k1", 1, "again", "again")
        assert rows == expected
