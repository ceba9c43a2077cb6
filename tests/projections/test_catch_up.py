"""The incremental catch-up: what users list is what they did, exactly once."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from claims.application import ClaimsLedger
from claims.projections import catch_up, list_claims, status, verify
from claims.projections.errors import ProjectionStale
from claims.projections.schema import BY_NAME, FACTCHECK
from domain.errors import InvalidInput
from tests.projections.support import (
    EDITOR,
    FACT_CHECKER,
    PARTNERSHIP_QUOTE,
    TRADE_QUOTE,
    article,
    claim,
    folded_claims,
    ledger_at,
    published,
)


def test_the_fact_check_table_lists_exactly_what_the_ledger_folds(ledger: ClaimsLedger) -> None:
    ledger.catch_up_on_save = False  # one catch-up at the end applies everything
    source = article(ledger)
    trade = claim(ledger, "Trade hit $240bn", quote=TRADE_QUOTE, article_id=source.id)
    ledger.assign(trade, "ana", by=EDITOR)
    ledger.add_evidence(
        trade, url="https://customs.example.org", quote="240.1", stance="supports", by="ana"
    )
    published(ledger, "Exports doubled", rating="mostly-false")
    claim(ledger, "Nobody is targeted", quote=PARTNERSHIP_QUOTE, speaker="Vladimir Putin")

    applied = catch_up(ledger)

    assert applied == ledger.fingerprint()[0]
    assert list_claims(ledger) == folded_claims(ledger)


def test_a_catch_up_with_nothing_new_applies_nothing(ledger: ClaimsLedger) -> None:
    claim(ledger)
    catch_up(ledger)

    assert catch_up(ledger) == 0


def test_the_filters_select_what_a_fold_of_the_aggregates_selects(ledger: ClaimsLedger) -> None:
    source = article(ledger)
    trade = claim(ledger, "Trade hit $240bn", quote=TRADE_QUOTE, article_id=source.id)
    ledger.assign(trade, "ana", by=EDITOR)
    claim(ledger, "Nobody is targeted", quote=PARTNERSHIP_QUOTE, speaker="Vladimir Putin")
    published(ledger, "Exports doubled", rating="mostly-false")
    claim(ledger, "Xi spoke", speaker="XI JINPING")
    catch_up(ledger)

    for filters in (
        {"status": "open"},
        {"status": "published"},
        {"article_id": source.id},
        {"speaker": "putin"},
        {"speaker": "Jinping"},
        {"rating": "mostly-false"},
        {"assignee": "ana"},
        {"assignee": "nobody"},
        {"status": "open", "speaker": "xi"},
    ):
        assert list_claims(ledger, **filters) == folded_claims(ledger, **filters), filters  # type: ignore[arg-type]


def test_bad_filters_are_refused_in_one_line_naming_what_is_valid(ledger: ClaimsLedger) -> None:
    with pytest.raises(InvalidInput, match=r"^status 'finished' is not one of: open, in-review"):
        list_claims(ledger, status="finished")
    with pytest.raises(InvalidInput, match=r"^rating 'pants-on-fire' is not on the default scale"):
        list_claims(ledger, rating="pants-on-fire")


def test_every_command_shows_in_the_read_models_when_it_returns(sqlite_url: str) -> None:
    with ledger_at(sqlite_url) as ledger:
        claim_id = claim(ledger, "Trade hit $240bn")
        assert [r.status for r in list_claims(ledger)] == ["open"]

        ledger.record_verdict(claim_id, rating="false", rationale="no", by=FACT_CHECKER)
        assert [r.rating for r in list_claims(ledger)] == ["false"]
        assert catch_up(ledger) == 0


def test_a_read_of_models_never_built_says_what_to_run_and_builds_nothing(
    store_url: str,
) -> None:
    with ledger_at(store_url) as ledger:
        ledger.catch_up_on_save = False  # a store written before the read models existed
        claim(ledger)
        assert all(not s.version for s in status(ledger))

        with pytest.raises(ProjectionStale, match="claims projections rebuild --all"):
            list_claims(ledger)
        assert all(not s.version for s in status(ledger))


def test_the_next_write_builds_read_models_never_built(store_url: str) -> None:
    with ledger_at(store_url) as ledger:
        ledger.catch_up_on_save = False
        claim(ledger)
        ledger.catch_up_on_save = True

        claim(ledger, "A second claim")

        assert all(s.version == BY_NAME[s.name].version and s.lag == 0 for s in status(ledger))
        assert len(list_claims(ledger)) == 2


def test_a_read_of_an_empty_store_is_empty_and_creates_nothing(store_url: str) -> None:
    with ledger_at(store_url) as ledger:
        assert list_claims(ledger) == []
        assert all(not s.version and s.head == 0 for s in status(ledger))


def test_a_read_behind_the_log_answers_and_says_by_how_much(store_url: str) -> None:
    with ledger_at(store_url) as ledger:
        claim(ledger)
        ledger.catch_up_on_save = False
        claim(ledger, "A second claim, not yet applied")
        said: list[str] = []
        ledger.on_stale_read = said.append

        rows = list_claims(ledger)

        assert len(rows) == 1
        [line] = said
        assert "1 event behind the event log" in line
        assert "\n" not in line


def test_concurrent_catch_ups_of_several_writers_apply_every_event_exactly_once(
    shared_url: str,
) -> None:
    with ledger_at(shared_url) as first:
        claim_ids = [claim(first, f"Claim number {n}") for n in range(4)]
        catch_up(first)
    failures: list[BaseException] = []

    def desk(number: int) -> None:
        try:
            with ledger_at(shared_url) as ledger:
                for round_ in range(6):
                    target = claim_ids[(number + round_) % len(claim_ids)]
                    ledger.add_evidence(
                        target,
                        url=f"https://example.org/{number}/{round_}",
                        quote="a source",
                        stance="refutes" if round_ % 2 else "supports",
                        by=f"user{number}",
                    )
                    catch_up(ledger)
        except BaseException as exc:  # reported after the join
            failures.append(exc)

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not failures, failures
    with ledger_at(shared_url) as ledger:
        catch_up(ledger)
        result = verify(ledger)
        assert result.identical, result
        views = [ledger.get_claim(c) for c in claim_ids]
        assert sum(len(v.evidence) for v in views) == 18
        assert list_claims(ledger) == folded_claims(ledger)


def test_a_model_built_by_another_code_version_is_refused_until_rebuilt(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ledger_at(sqlite_url) as ledger:
        claim(ledger)
        catch_up(ledger)
    monkeypatch.setitem(BY_NAME, "factcheck", replace(FACTCHECK, version=FACTCHECK.version + 1))

    with ledger_at(sqlite_url) as ledger:
        claim(ledger, "A second claim")
        rows = {s.name: s for s in status(ledger)}
        assert rows["factcheck"].needs_rebuild
        assert f"the code is version {FACTCHECK.version + 1}" in (rows["factcheck"].reason or "")
        assert rows["queue"].needs_rebuild
        with pytest.raises(ProjectionStale, match="claims projections rebuild factcheck"):
            list_claims(ledger)

        from claims.projections import rebuild

        rebuild(ledger, ["factcheck"])

        assert list_claims(ledger) == folded_claims(ledger)
        assert not any(s.needs_rebuild for s in status(ledger))


def test_every_write_command_leaves_the_read_models_current(ledger: ClaimsLedger) -> None:
    claim_id = claim(ledger, "Written and listed at once")

    ledger.add_note(claim_id, "seen", by=EDITOR)

    assert catch_up(ledger) == 0
    assert [row.id for row in list_claims(ledger)] == [claim_id]
    assert all(s.lag == 0 for s in status(ledger))
