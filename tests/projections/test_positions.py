"""A follower announces each position it reaches (PostgreSQL NOTIFY, at commit), and a
writer waiting for its events wakes on that announcement instead of polling."""

from __future__ import annotations

import threading
import time
from typing import Any

import psycopg
import pytest

from claims.projections import catch_up, status
from claims.projections.follower import wait_for
from claims.projections.positions import PositionListener
from claims.projections.tracking import POSITION_CHANNEL, ReadModelTracker
from tests.projections.support import claim, ledger_at

pytestmark = pytest.mark.postgres


def test_applying_a_page_notifies_the_position_it_reached_at_commit(postgres_url: str) -> None:
    with ledger_at(postgres_url) as ledger:
        claim(ledger, "Written while the models were current")
        ledger.catch_up_on_save = False
        claim(ledger, "Written with nobody catching up")
        head = status(ledger)[0].head
        with psycopg.connect(postgres_url, autocommit=True) as listening:
            listening.execute(f'LISTEN "{POSITION_CHANNEL}"')

            assert catch_up(ledger) == 1

            heard = [n.payload for n in listening.notifies(timeout=5, stop_after=1)]
        assert heard == [str(head)]


def test_a_waiting_writer_wakes_on_the_notification_well_before_it_would_poll(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nothing but the notification can end this wait early: the listener looks at the
    # position by itself only after a minute of silence, and the tracker never polls.
    monkeypatch.setattr(PositionListener, "quiet_seconds", 60.0)

    def no_polling(*_: Any, **__: Any) -> None:
        raise AssertionError("the writer polled instead of listening")

    monkeypatch.setattr(ReadModelTracker, "wait", no_polling)
    with ledger_at(postgres_url) as writer, ledger_at(postgres_url) as follower:
        claim(writer, "Written while the models were current")
        writer.catch_up_on_save = False
        claim(writer, "Written for the follower to apply")
        target = status(writer)[0].head
        waited: list[tuple[bool, float]] = []

        def wait() -> None:
            began = time.monotonic()
            waited.append((wait_for(writer, target, 30.0), time.monotonic() - began))

        waiting = threading.Thread(target=wait)
        waiting.start()
        time.sleep(0.5)  # the writer is listening, and its look found the models behind
        assert waiting.is_alive()
        catch_up(follower)
        waiting.join(timeout=30)

        [(reached, seconds)] = waited
        assert reached
        assert seconds < 5.0
