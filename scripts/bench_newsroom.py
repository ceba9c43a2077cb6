"""Figures for a newsroom on one PostgreSQL database (issue: followers, exactly-once).

1. writes/s in-process (one process per writer, each its own ledger) for 1, 2, 4
   and 8 writers on distinct claims and on one claim, without a follower (each
   write catches the read models up itself) and with one (each write waits for
   it); every run checks that each acknowledged command stored exactly one event;
2. follower lag (commit to applied) at a steady 50 and 200 writes/s: median, p99;
3. catch-up speed of a follower started N events behind (the store is built in
   SQLite by bench_rebuild's generator and copied in);
4. CLI latency of a write (`claims note`) and a read (`claims queue`) on that
   store against an empty one.

0 (printed first) is the machine's floor: a bare durable commit, timed in the same run.

Run: python scripts/bench_newsroom.py --postgres postgresql://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from benchkit import machine_line, reproduce_line

WRITERS = (1, 2, 4, 8)


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--seconds", type=float, default=3.0, help="per writes/s run")
    parser.add_argument("--lag-seconds", type=float, default=10.0, help="per lag run")
    parser.add_argument("--events", type=int, default=1_000_000, help="catch-up store size")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: 0,1,2,3,4")
    return parser.parse_args(argv)


@contextmanager
def database(server: str) -> Iterator[str]:
    import psycopg

    name = f"claims_bench_newsroom_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def ledger_at(url: str) -> Any:
    from claims.application import ClaimsLedger
    from claims.storage.location import locate_store

    return ClaimsLedger.open(locate_store(url))


@contextmanager
def follower(url: str) -> Iterator[subprocess.Popen[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMS_")}
    command = [sys.executable, "-m", "claims", "--db", url, "projections", "follow"]
    process = subprocess.Popen(
        [*command, "--poll", "0.5"], stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if "leading" in line:
                break
        threading.Thread(target=process.stderr.read, daemon=True).start()
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


# --- 0. the machine's floor ---


def commit_floor(url: str, durable: bool, n: int = 300) -> tuple[float, float]:
    """(median, p90) seconds of a bare BEGIN; INSERT; COMMIT, one row, on one connection:
    what any durable write costs here before any of our code runs."""
    import psycopg

    timings = []
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS bench_floor (n BIGINT)")
        setting = "on" if durable else "off"
        connection.execute(f"SET synchronous_commit = {setting}")
        for i in range(n):
            started = time.perf_counter()
            with connection.transaction():
                connection.execute("INSERT INTO bench_floor VALUES (%s)", (i,))
            timings.append(time.perf_counter() - started)
        connection.execute("DROP TABLE bench_floor")
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.9)]


def part_floor(server: str) -> None:
    print("0. the floor: one BEGIN; INSERT; COMMIT (median, p90), this run")
    with database(server) as url:
        for durable in (True, False):
            median, p90 = commit_floor(url, durable)
            setting = "on " if durable else "off"
            print(
                f"   synchronous_commit={setting}: {median * 1000:.2f} ms, p90 {p90 * 1000:.2f} ms",
                flush=True,
            )


# --- 1. writes/s ---


def _writer(url: str, claim_id: str, seconds: float, start_at: float, out: Any) -> None:
    from uuid import UUID

    ledger = ledger_at(url)
    target = UUID(claim_id)
    done = 0
    while time.time() < start_at:
        time.sleep(0.001)
    deadline = start_at + seconds
    while time.time() < deadline:
        ledger.add_note(target, f"note {done}", by="bench")
        done += 1
    ledger.close()
    out.put(done)


def writes_per_second(url: str, writers: int, shared: bool, seconds: float) -> float:
    ledger = ledger_at(url)
    claim_ids = [
        str(ledger.register_claim(text=f"Claim {uuid.uuid4()}", quote="q", by="bench").id)
        for _ in range(1 if shared else writers)
    ]
    before = ledger.fingerprint()[0]
    out: Any = multiprocessing.Queue()
    start_at = time.time() + 1.5  # every process opened before the clock starts
    processes = [
        multiprocessing.Process(
            target=_writer, args=(url, claim_ids[0 if shared else n], seconds, start_at, out)
        )
        for n in range(writers)
    ]
    for p in processes:
        p.start()
    done = sum(out.get(timeout=seconds + 120) for _ in processes)
    for p in processes:
        p.join()
    stored = ledger.fingerprint()[0] - before
    ledger.close()
    if stored != done:
        msg = f"{done} commands acknowledged, {stored} events stored"
        raise AssertionError(msg)
    return done / seconds


def part_writes(server: str, seconds: float) -> None:
    print("1. writes/s in-process (one process per writer; exactly one event per command)")
    print(f"   {'writers':>7} {'claims':>9} {'no follower':>12} {'follower':>10}")
    for writers in WRITERS:
        for shared in (False, True):
            if writers == 1 and shared:
                continue
            rates = []
            for with_follower in (False, True):
                with database(server) as url:
                    ledger_at(url).close()
                    seed = ledger_at(url)
                    seed.register_claim(text="seed", quote="q", by="bench")  # builds the models
                    seed.close()
                    if with_follower:
                        with follower(url):
                            rates.append(writes_per_second(url, writers, shared, seconds))
                    else:
                        rates.append(writes_per_second(url, writers, shared, seconds))
            kind = "one" if shared else "distinct"
            print(f"   {writers:>7} {kind:>9} {rates[0]:>12.0f} {rates[1]:>10.0f}", flush=True)


# --- 2. follower lag ---


def follower_lag(url: str, rate: float, seconds: float) -> tuple[float, float, int]:
    import psycopg

    from claims.projections.tracking import POSITION_CHANNEL

    ledger = ledger_at(url)
    claim_id = ledger.register_claim(text=f"Claim {uuid.uuid4()}", quote="q", by="bench").id
    ledger.catch_up_on_save = False
    seen: list[tuple[int, float]] = []
    stop = threading.Event()
    # The follower announces each position it commits: hearing it is the moment the
    # write is visible in the read models, without a poll loading the server.
    listening = psycopg.connect(url, autocommit=True)
    listening.execute(f'LISTEN "{POSITION_CHANNEL}"')

    def watch() -> None:
        while not stop.is_set():
            for notification in listening.notifies(timeout=0.1):
                seen.append((int(notification.payload), time.perf_counter()))

    thread = threading.Thread(target=watch)
    thread.start()
    committed: list[tuple[int, float]] = []
    interval = 1.0 / rate
    began = time.perf_counter()
    n = 0
    while time.perf_counter() - began < seconds:
        due = began + n * interval
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        ledger.add_note(claim_id, f"note {n}", by="bench")
        at = time.perf_counter()  # add_note returns once the server committed
        committed.append((ledger.recorder.max_notification_id() or 0, at))
        n += 1
    time.sleep(1.0)
    stop.set()
    thread.join()
    listening.close()
    lags = []
    index = 0
    for position, at in committed:  # the first position heard at or past each write
        while index < len(seen) and seen[index][0] < position:
            index += 1
        if index == len(seen):
            break
        lags.append(max(0.0, seen[index][1] - at))
    ledger.close()
    lags.sort()
    return statistics.median(lags), lags[int(len(lags) * 0.99) - 1], n


def part_lag(server: str, seconds: float) -> None:
    print("2. follower lag, commit to applied (one writer at a steady rate)")
    for rate in (50, 200):
        with database(server) as url:
            seed = ledger_at(url)
            seed.register_claim(text="seed", quote="q", by="bench")
            seed.close()
            with follower(url):
                median, p99, n = follower_lag(url, rate, seconds)
        print(
            f"   {rate:>4} writes/s: median {median * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms "
            f"({n} writes)",
            flush=True,
        )


# --- 3. and 4. a big store ---


def build_big(server: str, events: int) -> tuple[str, str]:
    """A PostgreSQL store of `events` events whose read models stand at 0."""
    from bench_rebuild import build_store

    from claims.copying import copy_store
    from claims.projections import catch_up

    folder = Path(tempfile.mkdtemp(prefix="bench-newsroom-"))
    source = folder / "big.db"
    started = time.perf_counter()
    build_store(source, events, 200)
    print(f"   built {events:,} events in SQLite in {time.perf_counter() - started:.0f} s")
    import psycopg

    name = f"claims_bench_newsroom_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    target = ledger_at(url)
    catch_up(target)  # the read models built on the empty store: position 0
    ours = ledger_at(str(source))
    started = time.perf_counter()
    copy_store(ours, target)
    print(f"   copied into PostgreSQL in {time.perf_counter() - started:.0f} s")
    ours.close()
    target.close()
    source.unlink()
    return url, name


def part_catch_up(url: str) -> None:
    from claims.projections import status

    ledger = ledger_at(url)
    behind = status(ledger)[0].lag
    started = time.perf_counter()
    with follower(url):
        while status(ledger)[0].lag > 0:
            time.sleep(0.2)
    seconds = time.perf_counter() - started
    ledger.close()
    print(
        f"3. a follower started {behind:,} events behind caught up in {seconds:.1f} s "
        f"({behind / seconds:,.0f} events/s, including its start-up)",
        flush=True,
    )


def cli_latency(url: str, claim_id: str) -> tuple[float, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMS_")}
    base = [sys.executable, "-m", "claims", "--db", url, "--as", "bench"]
    timings: dict[str, list[float]] = {"write": [], "read": []}
    for n in range(5):
        for kind, args in (("write", ["note", claim_id, f"n{n}"]), ("read", ["queue", "nobody"])):
            started = time.perf_counter()
            subprocess.run([*base, *args], env=env, check=True, capture_output=True)
            timings[kind].append(time.perf_counter() - started)
    return statistics.median(timings["write"]), statistics.median(timings["read"])


def part_cli(server: str, big: str) -> None:
    print("4. CLI latency, median of 5 (`claims note`, `claims queue`)")
    with database(server) as empty:
        ledger = ledger_at(empty)
        small_claim = str(ledger.register_claim(text="seed", quote="q", by="bench").id)
        ledger.close()
        write, read = cli_latency(empty, small_claim)
        print(f"   empty store:   write {write * 1000:.0f} ms, read {read * 1000:.0f} ms")
    ledger = ledger_at(big)
    big_claim = str(ledger.register_claim(text=f"seed {uuid.uuid4()}", quote="q", by="b").id)
    ledger.close()
    write, read = cli_latency(big, big_claim)
    print(f"   big store:     write {write * 1000:.0f} ms, read {read * 1000:.0f} ms", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    skip = set(filter(None, args.skip.split(",")))
    if "0" not in skip:
        part_floor(args.postgres)
    if "1" not in skip:
        part_writes(args.postgres, args.seconds)
    if "2" not in skip:
        part_lag(args.postgres, args.lag_seconds)
    if not {"3", "4"} <= skip:
        import psycopg

        url, name = build_big(args.postgres, args.events)
        try:
            if "3" not in skip:
                part_catch_up(url)
            if "4" not in skip:
                part_cli(args.postgres, url)
        finally:
            with psycopg.connect(args.postgres, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(reproduce_line("bench_newsroom.py", argv if argv is not None else sys.argv[1:]))
    print(machine_line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
