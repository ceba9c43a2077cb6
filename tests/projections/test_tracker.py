"""Read-model positions go through `ReadModelTracker`, the library's tracking recorder
over the tracking table, on every store."""

from __future__ import annotations

import threading
import time

import pytest
from eventsourcing.persistence import IntegrityError, Tracking, WaitInterruptedError

from claims.application import ClaimsLedger
from claims.projections import catch_up
from claims.projections.context import context_of
from claims.projections.schema import BASE
from tests.projections.support import claim, ledger_at


def head(ledger: ClaimsLedger) -> int:
    return ledger.fingerprint()[1]


def test_a_caught_up_model_is_tracked_at_the_head_of_the_log(ledger: ClaimsLedger) -> None:
    claim(ledger)
    claim(ledger, "Exports rose 12 percent in March")
    catch_up(ledger)
    tracker = context_of(ledger).tracker
    assert tracker.max_tracking_id(BASE) == head(ledger)
    assert tracker.has_tracking_id(BASE, head(ledger))
    assert not tracker.has_tracking_id(BASE, head(ledger) + 1)


def test_a_model_never_built_has_no_tracking_id(ledger: ClaimsLedger) -> None:
    tracker = context_of(ledger).tracker
    assert tracker.max_tracking_id(BASE) is None
    assert tracker.has_tracking_id(BASE, None)


def test_an_inserted_tracking_moves_the_live_position(ledger: ClaimsLedger) -> None:
    claim(ledger)
    catch_up(ledger)
    tracker = context_of(ledger).tracker
    tracker.insert_tracking(Tracking(BASE, head(ledger) + 5))
    assert tracker.max_tracking_id(BASE) == head(ledger) + 5


def test_a_position_already_recorded_is_refused_as_the_library_refuses_it(
    ledger: ClaimsLedger,
) -> None:
    claim(ledger)
    catch_up(ledger)
    tracker = context_of(ledger).tracker
    for position in (head(ledger), head(ledger) - 1):
        with pytest.raises(IntegrityError):
            tracker.insert_tracking(Tracking(BASE, position))
    assert tracker.max_tracking_id(BASE) == head(ledger)


def test_waiting_for_a_position_already_applied_returns_at_once(ledger: ClaimsLedger) -> None:
    claim(ledger)
    catch_up(ledger)
    began = time.monotonic()
    context_of(ledger).tracker.wait(BASE, head(ledger), timeout=5.0)
    assert time.monotonic() - began < 1.0


def test_waiting_for_a_position_never_applied_times_out(ledger: ClaimsLedger) -> None:
    claim(ledger)
    catch_up(ledger)
    with pytest.raises(TimeoutError):
        context_of(ledger).tracker.wait(BASE, head(ledger) + 1, timeout=0.1)


def test_a_wait_ends_when_another_thread_applies_the_events(shared_url: str) -> None:

    with ledger_at(shared_url) as writer, ledger_at(shared_url) as waiter:
        claim(writer)
        catch_up(writer)
        target = head(writer) + 1
        tracker = context_of(waiter).tracker
        applier = threading.Timer(0.2, lambda: (claim(writer, "A later claim"), catch_up(writer)))
        applier.start()
        try:
            tracker.wait(BASE, target, timeout=10.0)
        finally:
            applier.join()
        assert tracker.max_tracking_id(BASE) is not None
        assert tracker.max_tracking_id(BASE) >= target  # type: ignore[operator]


def test_a_wait_can_be_interrupted(ledger: ClaimsLedger) -> None:
    claim(ledger)
    catch_up(ledger)
    interrupt = threading.Event()
    interrupt.set()
    with pytest.raises(WaitInterruptedError):
        context_of(ledger).tracker.wait(BASE, head(ledger) + 1, timeout=5.0, interrupt=interrupt)
