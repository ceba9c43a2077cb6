"""`claims projections follow`, run as real processes against a SQLite file and a
PostgreSQL database: it keeps the read models current, one leads and the others
stand by, a killed one loses nothing, and writers let it do their catch-up."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import IO, Any

import pytest

from claims.application import ClaimsLedger
from claims.projections import list_claims, status, verify
from domain.claim import Claim
from tests.projections.support import EDITOR, claim, ledger_at

# Every wait is bounded: a follower that never does what is awaited fails the test.
PATIENCE_SECONDS = 30.0


class Follower:
    """A `claims projections follow` process whose output lines are collected."""

    def __init__(self, url: str, *extra: str) -> None:
        environment = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMS_")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "claims", "--db", url, "projections", "follow", *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        self.stderr: queue.Queue[str] = queue.Queue()
        self.stdout: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.pumps = [
            threading.Thread(target=_pump, args=(stream, into), daemon=True)
            for stream, into in (
                (self.process.stderr, self.stderr),
                (self.process.stdout, self.stdout),
            )
        ]
        for pump in self.pumps:
            pump.start()

    def said(self, words: str) -> str:
        """Wait for a stderr line containing `words`; returns it."""
        deadline = time.monotonic() + PATIENCE_SECONDS
        while time.monotonic() < deadline:
            try:
                line = self.stderr.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            if words in line:
                return line
        msg = f"the follower never said {words!r}; it said {self.seen}"
        raise AssertionError(msg)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=PATIENCE_SECONDS)
        for pump in self.pumps:
            pump.join(timeout=PATIENCE_SECONDS)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


def _pump(stream: IO[str] | None, into: queue.Queue[str]) -> None:
    if stream is None:
        return
    for line in stream:
        into.put(line.rstrip("\n"))


@pytest.fixture
def followers() -> Iterator[list[Follower]]:
    """Followers started by a test; every one is killed in teardown."""
    started: list[Follower] = []
    yield started
    for follower in started:
        follower.kill()


def _start(followers: list[Follower], url: str, *extra: str) -> Follower:
    follower = Follower(url, "--poll", "0.2", *extra)
    followers.append(follower)
    return follower


def _caught_up(ledger: ClaimsLedger) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while time.monotonic() < deadline:
        rows = status(ledger)
        if all(r.lag == 0 and r.version for r in rows):
            return
        time.sleep(0.05)
    msg = f"the read models never caught up: {status(ledger)}"
    raise AssertionError(msg)


def test_a_follower_applies_events_no_writer_applied(
    shared_url: str, followers: list[Follower]
) -> None:
    with ledger_at(shared_url) as ledger:
        claim(ledger, "Written while the models were current")
        ledger.catch_up_on_save = False
        for n in range(5):
            claim(ledger, f"Written with nobody catching up {n}")
        assert status(ledger)[0].lag == 5

        follower = _start(followers, shared_url, "--json")
        follower.said("leading the read models")
        _caught_up(ledger)

        assert len(list_claims(ledger)) == 6
        applied = json.loads(follower.stdout.get(timeout=PATIENCE_SECONDS))
        assert applied["applied"] == 5
        assert applied["position"] == applied["head"]
        assert all(r.followed for r in status(ledger))


def test_a_write_with_a_follower_leading_waits_for_it_instead_of_catching_up(
    shared_url: str, followers: list[Follower], monkeypatch: pytest.MonkeyPatch
) -> None:
    with ledger_at(shared_url) as ledger:
        claim_id = claim(ledger)
        _start(followers, shared_url).said("leading the read models")

        def no_catch_up_here(ledger: Any, **_: Any) -> int:
            raise AssertionError("the writer caught up although a follower leads")

        monkeypatch.setattr("claims.projections.catch_up", no_catch_up_here)
        notices: list[str] = []
        ledger.on_stale_read = notices.append

        ledger.assign(claim_id, "maria", by=EDITOR)

        assert notices == []
        assert [r.assignee for r in list_claims(ledger)] == ["maria"]


def test_one_follower_leads_and_another_takes_over_when_it_is_killed(
    shared_url: str, followers: list[Follower]
) -> None:
    with ledger_at(shared_url) as ledger:
        claim(ledger)
        leader = _start(followers, shared_url)
        leader.said("leading the read models")
        standby = _start(followers, shared_url)
        standby.said("standing by")

        leader.process.send_signal(signal.SIGKILL)
        leader.kill()
        standby.said("leading the read models")

        ledger.catch_up_on_save = False
        claim(ledger, "Written after the leader died")
        _caught_up(ledger)
        assert len(list_claims(ledger)) == 2


def test_sigterm_finishes_the_batch_in_hand_and_exits_0(
    shared_url: str, followers: list[Follower]
) -> None:
    with ledger_at(shared_url) as ledger:
        claim(ledger)
    follower = _start(followers, shared_url)
    follower.said("leading the read models")

    follower.process.send_signal(signal.SIGTERM)

    assert follower.process.wait(timeout=PATIENCE_SECONDS) == 0
    follower.said("stopped")


def test_a_follower_killed_mid_way_loses_nothing_and_the_next_one_resumes(
    shared_url: str, followers: list[Follower]
) -> None:
    with ledger_at(shared_url) as ledger:
        claim(ledger)
        ledger.catch_up_on_save = False
        # More than one page of events (one save), so the kill may fall between pages.
        ledger.save(*(Claim.register(text=f"Claim {n}", quote="q", by=EDITOR) for n in range(2500)))
        first = _start(followers, shared_url, "--batch", "1000")
        first.said("applied")
        first.kill()

        _start(followers, shared_url).said("leading the read models")
        _caught_up(ledger)

        assert verify(ledger).identical
        assert len(list_claims(ledger)) == 2501
