"""Batch rebuilds: same tables every time, atomic swaps, resumable after a failure."""

from __future__ import annotations

from typing import Any

import pytest

from claims.application import ClaimsLedger
from claims.projections import applying, catch_up, list_claims, rebuild, status
from claims.projections.engine import Batch
from claims.projections.schema import BY_NAME, MODELS
from claims.projections.verification import verify
from domain.claim import Claim
from tests.projections.support import (
    EDITOR,
    FACT_CHECKER,
    TRADE_QUOTE,
    article,
    claim,
    folded_claims,
    ledger_at,
    published,
    tables,
)


class Injected(Exception):
    """The failure a test injects."""


def desk_with_history(ledger: ClaimsLedger, claims: int = 12) -> list[Any]:
    source = article(ledger)
    ids = [claim(ledger, "Trade hit $240bn", quote=TRADE_QUOTE, article_id=source.id)]
    for n in range(claims - 1):
        ids.append(claim(ledger, f"Claim {n} about exports", speaker=f"Minister {n % 3}"))
    for n, claim_id in enumerate(ids):
        ledger.add_evidence(
            claim_id,
            url=f"https://stats.example.org/{n}",
            quote="the series",
            stance=("supports", "refutes", "context")[n % 3],
            by=FACT_CHECKER,
        )
        if n % 2:
            ledger.assign(claim_id, "ana", by=EDITOR)
        if n % 3 == 0:
            ledger.record_verdict(claim_id, rating="false", rationale="no", by=FACT_CHECKER)
            ledger.approve_verdict(claim_id, by=EDITOR)
            ledger.publish(claim_id, by=EDITOR)
    return ids


def test_a_rebuild_run_twice_gives_the_same_tables(ledger: ClaimsLedger) -> None:
    desk_with_history(ledger)
    first = rebuild(ledger, batch_size=9)
    once = tables(ledger)

    second = rebuild(ledger, batch_size=1000)

    assert tables(ledger) == once
    assert first.swapped
    assert second.swapped
    assert second.events == first.events == ledger.fingerprint()[0]


def test_a_rebuild_equals_the_incremental_read_models(ledger: ClaimsLedger) -> None:
    for claim_id in desk_with_history(ledger):
        catch_up(ledger)
        ledger.add_note(claim_id, "checked again", by=EDITOR)
    catch_up(ledger)
    incremental = tables(ledger)

    rebuild(ledger, batch_size=4)

    assert tables(ledger) == incremental


def test_two_worker_processes_build_what_one_builds(sqlite_url: str) -> None:
    with ledger_at(sqlite_url) as ledger:
        desk_with_history(ledger, claims=30)
        rebuild(ledger, workers=1, batch_size=10)
        one = tables(ledger)

        result = rebuild(ledger, workers=2, batch_size=10)

        assert result.workers == 2
        assert tables(ledger) == one


@pytest.mark.postgres
def test_two_worker_processes_build_what_one_builds_on_postgres(postgres_url: str) -> None:
    with ledger_at(postgres_url) as ledger:
        desk_with_history(ledger, claims=20)
        rebuild(ledger, workers=1, batch_size=10)
        one = tables(ledger)

        rebuild(ledger, workers=2, batch_size=10)

        assert tables(ledger) == one


def test_a_failure_between_two_rebuild_batches_leaves_the_live_models_and_a_rerun_finishes(
    ledger: ClaimsLedger,
) -> None:
    desk_with_history(ledger)
    catch_up(ledger)
    before = tables(ledger)
    listed = list_claims(ledger)

    def fail_after_two(events: int) -> None:
        if events > 20:
            raise Injected

    with pytest.raises(Injected):
        rebuild(ledger, batch_size=10, after_batch=fail_after_two)

    assert tables(ledger) == before
    assert list_claims(ledger) == listed
    assert verify(ledger, catch_up_first=False).identical
    half_way = {s.name: s.rebuild_position for s in status(ledger)}
    assert all(position == 0 for position in half_way.values()), half_way

    rerun = rebuild(ledger, batch_size=10)

    assert rerun.resumed_from == 0
    assert rerun.events < ledger.fingerprint()[0]
    assert tables(ledger) == before
    assert not any(s.rebuild_position is not None for s in status(ledger))


def test_a_failure_between_two_catch_up_batches_leaves_every_model_consistent(
    ledger: ClaimsLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger.catch_up_on_save = False  # leave the notes below for the catch-up under test
    ids = desk_with_history(ledger, claims=4)
    catch_up(ledger)
    for claim_id in ids:
        ledger.add_note(claim_id, "another look", by=EDITOR)
        ledger.assign(claim_id, "li", by=EDITOR)
    monkeypatch.setattr(applying, "CATCH_UP_PAGE", 3)
    flushes = {"count": 0}
    real_flush = Batch.flush

    def flaky_flush(self: Batch, cur: Any) -> None:
        flushes["count"] += 1
        if flushes["count"] == 2:
            raise Injected
        real_flush(self, cur)

    monkeypatch.setattr(Batch, "flush", flaky_flush)
    with pytest.raises(Injected):
        catch_up(ledger)

    assert verify(ledger, catch_up_first=False).identical
    assert [s.lag for s in status(ledger)] == [5] * len(MODELS)
    assert catch_up(ledger) == 5
    assert verify(ledger).identical
    assert list_claims(ledger) == folded_claims(ledger)


def test_readers_see_the_old_view_until_the_swap(ledger: ClaimsLedger) -> None:
    desk_with_history(ledger)
    catch_up(ledger)
    listed = list_claims(ledger)
    seen: list[int] = []

    def read_half_way(events: int) -> None:
        seen.append(len(list_claims(ledger)))

    rebuild(ledger, batch_size=5, after_batch=read_half_way)

    assert seen
    assert set(seen) == {len(listed)}
    assert list_claims(ledger) == listed


def test_rebuilding_a_derived_model_rebuilds_the_claim_state_it_derives_from(
    ledger: ClaimsLedger,
) -> None:
    desk_with_history(ledger, claims=3)

    result = rebuild(ledger, ["queue"])

    assert result.models[0] == "factcheck"
    assert "queue" in result.models
    again = rebuild(ledger, ["queue"])
    assert again.models == ("factcheck", "queue")


def test_a_rebuild_applies_the_upcasters_of_old_events(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ledger_at(sqlite_url) as ledger:
        old = claim(ledger, "An old claim")
        ledger.record_verdict(old, rating="false", rationale="first shape", by=FACT_CHECKER)

    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["rationale"] = f"{state['rationale']} (upcast to v2)"

    monkeypatch.setattr(Claim.VerdictRecorded, "class_version", 2, raising=False)
    monkeypatch.setattr(
        Claim.VerdictRecorded, "upcast_v1_v2", staticmethod(upcast_v1_v2), raising=False
    )
    with ledger_at(sqlite_url) as ledger:
        new = claim(ledger, "A new claim")
        ledger.record_verdict(new, rating="true", rationale="second shape", by=FACT_CHECKER)

        rebuild(ledger)

        rows = {r.id: r for r in list_claims(ledger)}
        assert rows[old].rating == "false"
        from claims.projections import factcheck_rows
        from claims.projections.queries import CSV_COLUMNS

        rationale = {
            row[CSV_COLUMNS.index("id")]: row[CSV_COLUMNS.index("rationale")]
            for row in factcheck_rows(ledger)
        }
        assert rationale[str(old)] == "first shape (upcast to v2)"
        assert rationale[str(new)] == "second shape"
        view = ledger.get_claim(old)
        assert view.verdict is not None
        assert view.verdict.rationale == rationale[str(old)]


def test_a_rebuild_of_an_unknown_model_is_refused(ledger: ClaimsLedger) -> None:
    from domain.errors import InvalidInput

    with pytest.raises(InvalidInput, match="no read model named 'claimz'"):
        rebuild(ledger, ["claimz"])


def test_status_reports_position_head_lag_and_versions(ledger: ClaimsLedger) -> None:
    ledger.catch_up_on_save = False  # so that a lag can be seen
    published(ledger)
    catch_up(ledger)
    claim(ledger, "One more")

    rows = status(ledger)

    assert [r.name for r in rows] == [
        "factcheck",
        "articles",
        "queue",
        "claimreview",
        "decisions",
        "appearances",
    ]
    head = ledger.fingerprint()[1]
    for row in rows:
        assert row.head == head
        assert row.lag == 1
        assert row.position == head - 1
        assert row.version == row.code_version == BY_NAME[row.name].version
        assert not row.needs_rebuild
