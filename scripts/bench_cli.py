"""Does a CLI command cost the same on a big store as on an empty one?

A desk's ledger grows without bound, but `claims show` and `claims note` touch
one claim: their cost should depend on that claim, not on how many claims the
store holds. This script measures exactly that, end to end, the way a user pays
for it: wall time of real `claims` subprocesses (interpreter start-up, imports,
opening the SQLite store, the id-prefix lookup, loading and saving one claim).

It builds two SQLite stores in a temporary directory:

* "empty": only the claim the commands act on;
* "large": the same claim plus --claims others (default 100,000), with a mix
  of evidence, verdicts and notes, so the store holds more events than claims.

Then it runs `claims --db STORE show PREFIX` (a read) and
`claims --db STORE note PREFIX TEXT` (a write, fresh text every run) on both
stores, --repeats times each, interleaving the stores (and alternating which
goes first) so that a noisy neighbour slows both alike. It reports the median
and minimum wall time per command per store and the ratio large/empty of the
medians, which must be at most 1.5 for each command (PASS/FAIL; the exit status
is 1 on any FAIL). It also times `claims --help`, the floor every command pays.

Absolute times mean little on a shared 2-core machine; compare the ratio within
one run, never absolute figures across runs or machines.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchkit import Timing, machine_line, ms, reproduce_line

TARGET = 1.5
BATCH = 1_000
ACTOR = "bench"
TARGET_TEXT = "The bench target claim: city spending doubled in ten years."


@dataclass(frozen=True)
class Store:
    label: str
    path: Path
    claims: int
    events: int
    build_seconds: float


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--claims",
        type=int,
        default=100_000,
        help="claims in the large store besides the target (default 100000)",
    )
    parser.add_argument(
        "--repeats", type=int, default=15, help="timed runs per command per store (default 15)"
    )
    parser.add_argument(
        "--cli",
        type=Path,
        default=Path(sys.executable).parent / "claims",
        help="the console script to time (default: `claims` next to this interpreter)",
    )
    args = parser.parse_args(argv)
    if args.claims < 0 or args.repeats < 1:
        parser.error("--claims must be >= 0 and --repeats >= 1")
    if not args.cli.is_file():
        parser.error(f"console script {args.cli} not found; install the project (pip install -e .)")
    return args


def build_store(path: Path, label: str, others: int) -> Store:
    """A SQLite store holding the target claim plus `others` claims, saved in batches."""
    from claims.application import ClaimsLedger
    from claims.storage.location import locate_store
    from domain.claim import Claim

    started = time.perf_counter()
    ledger = ClaimsLedger.open(locate_store(str(path)))
    try:
        batch: list[Claim] = [Claim.register(text=TARGET_TEXT, quote="spending doubled", by=ACTOR)]
        for i in range(others):
            claim = Claim.register(
                text=f"Bench claim {i}: unemployment fell by {i % 97} percent last year.",
                quote=f"fell by {i % 97} percent",
                by=ACTOR,
            )
            if i % 3 == 0:
                claim.add_evidence(
                    url=f"https://stats.example.org/series/{i}",
                    quote="The official series shows a smaller fall.",
                    stance=("supports", "refutes", "context")[i % 9 // 3],
                    by=ACTOR,
                )
            if i % 4 == 0:
                claim.record_verdict(
                    rating=("mostly-true", "mixed", "false")[i % 3],
                    rationale="Checked against the national statistics office series.",
                    by="checker",
                )
            if i % 5 == 0:
                claim.add_note("Asked the ministry for its source.", by=ACTOR)
            batch.append(claim)
            if len(batch) >= BATCH:
                ledger.save(*batch)
                batch = []
        if batch:
            ledger.save(*batch)
        events, _ = ledger.fingerprint()
    finally:
        ledger.close()
    return Store(label, path, others + 1, events, time.perf_counter() - started)


def unique_prefix(path: Path) -> str:
    """The target's 8-character id prefix (longer if 8 is ambiguous in this store)."""
    from claims.application import ClaimsLedger
    from claims.storage.location import locate_store
    from domain.errors import InvalidInput
    from domain.ids import claim_id_for

    full = claim_id_for(TARGET_TEXT).hex
    ledger = ClaimsLedger.open(locate_store(str(path)))
    try:
        for length in range(8, 33):
            try:
                ledger.find_claim(full[:length])
            except InvalidInput:
                continue
            return full[:length]
    finally:
        ledger.close()
    msg = f"target claim {full} not found in {path}"
    raise RuntimeError(msg)


def run(argv: list[str]) -> float:
    """Wall time of one subprocess; a failing command aborts the benchmark."""
    env = {**os.environ, "CLAIMS_USER": ACTOR}
    env.pop("CLAIMS_DB", None)
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        msg = f"{shlex.join(argv)} exited {done.returncode}: {done.stderr.strip()}"
        raise RuntimeError(msg)
    return elapsed


def command_line(cli: Path, store: Store, command: str, prefix: str, tag: str) -> list[str]:
    base = [str(cli), "--db", str(store.path)]
    if command == "show":
        return [*base, "show", prefix]
    return [*base, "note", prefix, f"bench note {tag} {uuid.uuid4().hex}"]


def measure(
    cli: Path, stores: Sequence[Store], prefix: str, repeats: int
) -> tuple[Timing, dict[tuple[str, str], Timing]]:
    """Interleaved runs: every round runs each command on every store, alternating order."""
    commands = ("show", "note")
    for store in stores:  # warm-up, not counted: page cache, .pyc files
        for command in commands:
            run(command_line(cli, store, command, prefix, "warm-up"))
    run([str(cli), "--help"])
    help_samples: list[float] = []
    samples: dict[tuple[str, str], list[float]] = {
        (command, store.label): [] for command in commands for store in stores
    }
    for round_no in range(repeats):
        order = list(stores) if round_no % 2 == 0 else list(reversed(stores))
        help_samples.append(run([str(cli), "--help"]))
        for command in commands:
            for store in order:
                tag = f"{store.label} {round_no}"
                samples[command, store.label].append(
                    run(command_line(cli, store, command, prefix, tag))
                )
    return Timing(tuple(help_samples)), {
        key: Timing(tuple(values)) for key, values in samples.items()
    }


def report(
    args: argparse.Namespace,
    stores: Sequence[Store],
    help_timing: Timing,
    timings: dict[tuple[str, str], Timing],
) -> bool:
    print()
    print(f"{'command':<16}{'store':<8}{'median':>12}{'min':>12}")
    print(f"{'claims --help':<16}{'-':<8}{ms(help_timing.median):>12}{ms(help_timing.best):>12}")
    for (command, label), timing in timings.items():
        print(f"claims {command:<9}{label:<8}{ms(timing.median):>12}{ms(timing.best):>12}")
    print()
    empty, large = stores
    all_pass = True
    for command in ("show", "note"):
        small_t = timings[command, empty.label]
        big_t = timings[command, large.label]
        ratio = big_t.median / small_t.median
        ratio_min = big_t.best / small_t.best
        verdict = "PASS" if ratio <= TARGET else "FAIL"
        all_pass = all_pass and ratio <= TARGET
        print(
            f"{verdict} claims {command}: large/empty = {ratio:.2f}x by median "
            f"({ratio_min:.2f}x by min); target <= {TARGET}x"
        )
    print()
    arguments = ["--claims", str(args.claims), "--repeats", str(args.repeats)]
    print(reproduce_line("bench_cli.py", arguments))
    print(machine_line())
    return all_pass


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="claims-bench-") as tmp:
        empty = build_store(Path(tmp) / "empty.db", "empty", 0)
        print(f"built empty store: {empty.claims} claim, {empty.events} event(s)")
        print(f"building large store: {args.claims:,} claims + the target ...", flush=True)
        large = build_store(Path(tmp) / "large.db", "large", args.claims)
        size_mb = large.path.stat().st_size / 1e6
        print(
            f"built large store: {large.claims:,} claims, {large.events:,} events, "
            f"{size_mb:.0f} MB in {large.build_seconds:.1f} s"
        )
        prefix = unique_prefix(large.path)
        print(
            f"timing {args.repeats} interleaved runs per command per store "
            f"(target claim {prefix}) ...",
            flush=True,
        )
        help_timing, timings = measure(args.cli, (empty, large), prefix, args.repeats)
        all_pass = report(args, (empty, large), help_timing, timings)
    return 0 if all_pass else 1


if __name__ == "__main__":
    sys.exit(main())
