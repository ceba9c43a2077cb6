"""The generation a rebuild's swap replaces is retired, not dropped in the swap: a
process the rebuild command leaves behind, an idle follower or the next rebuild
drops it, and nothing else is ever dropped."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from claims.application import ClaimsLedger
from claims.projections import catch_up, list_claims, rebuild
from claims.projections.context import context_of
from claims.projections.generations import drop_retired, retired
from claims.projections.schema import MODELS
from claims.projections.tracking import read
from claims.projections.verification import verify
from tests.projections.support import ledger_at, tables
from tests.projections.test_follower import PATIENCE_SECONDS, Follower, followers  # noqa: F401
from tests.projections.test_rebuild import Injected, desk_with_history


def generation_tables(ledger: ClaimsLedger) -> set[str]:
    ctx = context_of(ledger)
    with ctx.dialect.transaction(lock=False) as cur:
        return set(ctx.dialect.read_model_tables(cur))


def live_tables(ledger: ClaimsLedger) -> set[str]:
    ctx = context_of(ledger)
    with ctx.dialect.transaction(lock=False) as cur:
        states = read(cur, ctx.dialect, lock=False)
    return {t.physical(states[m.name].generation) for m in MODELS for t in m.tables}


def retired_tables(ledger: ClaimsLedger) -> list[str]:
    ctx = context_of(ledger)
    with ctx.dialect.transaction(lock=False) as cur:
        return retired(cur, ctx.dialect, read(cur, ctx.dialect, lock=False))


def test_a_swap_leaves_the_old_generation_retired_and_readers_see_the_new(
    ledger: ClaimsLedger,
) -> None:
    desk_with_history(ledger)
    catch_up(ledger)
    old = live_tables(ledger)
    listed = list_claims(ledger)
    rows = tables(ledger)

    rebuild(ledger)

    new = live_tables(ledger)
    assert not old & new
    assert generation_tables(ledger) == old | new
    assert set(retired_tables(ledger)) == old
    assert list_claims(ledger) == listed
    assert tables(ledger) == rows
    assert verify(ledger).identical


def test_the_next_rebuild_drops_what_earlier_swaps_retired(ledger: ClaimsLedger) -> None:
    desk_with_history(ledger)
    catch_up(ledger)
    first = live_tables(ledger)
    rebuild(ledger)
    second = live_tables(ledger)

    rebuild(ledger)

    third = live_tables(ledger)
    assert generation_tables(ledger) == second | third
    assert not first & generation_tables(ledger)
    assert verify(ledger).identical


def test_dropping_retired_tables_during_a_rebuild_keeps_its_new_generation(
    ledger: ClaimsLedger,
) -> None:
    desk_with_history(ledger)
    catch_up(ledger)
    rebuild(ledger)
    rows = tables(ledger)
    ctx = context_of(ledger)
    dropped: list[int] = []

    def drop_half_way(events: int) -> None:
        dropped.append(drop_retired(ctx))

    rebuild(ledger, batch_size=5, workers=1, after_batch=drop_half_way)

    assert sum(dropped) == 0  # the rebuild dropped what was retired before its first pass
    assert tables(ledger) == rows
    assert generation_tables(ledger) == live_tables(ledger) | set(retired_tables(ledger))
    assert verify(ledger).identical


def test_dropping_leaves_the_live_tables_and_a_rebuild_in_progress_alone(
    ledger: ClaimsLedger,
) -> None:
    desk_with_history(ledger)
    catch_up(ledger)
    rebuild(ledger)
    live = live_tables(ledger)
    rows = tables(ledger)

    def fail_half_way(events: int) -> None:
        raise Injected

    with pytest.raises(Injected):
        rebuild(ledger, batch_size=5, workers=1, after_batch=fail_half_way)
    building = generation_tables(ledger) - live

    assert drop_retired(context_of(ledger)) == 0
    assert generation_tables(ledger) == live | building
    assert tables(ledger) == rows
    assert rebuild(ledger).resumed_from == 0
    assert tables(ledger) == rows


def test_an_idle_follower_drops_retired_generations(
    shared_url: str,
    followers: list[Follower],  # noqa: F811
) -> None:
    with ledger_at(shared_url) as ledger:
        desk_with_history(ledger, claims=4)
        catch_up(ledger)
        rebuild(ledger)
        assert retired_tables(ledger)
        rows = tables(ledger)
        follower = Follower(shared_url, "--poll", "0.2")
        followers.append(follower)
        follower.said("leading")
        deadline = time.monotonic() + PATIENCE_SECONDS
        while retired_tables(ledger) and time.monotonic() < deadline:
            time.sleep(0.05)

        assert not retired_tables(ledger)
        assert generation_tables(ledger) == live_tables(ledger)
        assert tables(ledger) == rows


def test_the_rebuild_command_returns_and_its_old_generation_is_dropped_in_the_background(
    shared_url: str,
) -> None:
    with ledger_at(shared_url) as ledger:
        desk_with_history(ledger, claims=4)
        catch_up(ledger)
        old = live_tables(ledger)
        rows = tables(ledger)

    done = subprocess.run(
        [sys.executable, "-m", "claims", "--db", shared_url, "projections", "rebuild", "--all"],
        env={k: v for k, v in os.environ.items() if not k.startswith("CLAIMS_")},
        capture_output=True,
        text=True,
        timeout=PATIENCE_SECONDS,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    with ledger_at(shared_url) as ledger:
        deadline = time.monotonic() + PATIENCE_SECONDS
        while old & generation_tables(ledger) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not old & generation_tables(ledger)
        assert generation_tables(ledger) == live_tables(ledger)
        assert tables(ledger) == rows
