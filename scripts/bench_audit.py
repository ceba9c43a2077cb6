"""Do the audit commands keep up with a big store and a long-lived claim?

An auditor runs `claims audit verify` over the whole event log, and reads one
claim's full record with `claims history` or `claims show --as-of/--version`.
Verification touches every event (it recomputes every hash), so its cost grows
with the store: it must sustain at least 100,000 events/s. The per-claim reads
replay one claim, so their cost grows with that claim: on a claim of 10,000
events each must answer in well under a second.

This script measures both, end to end:

1. It builds a SQLite store of --events events (default 1,000,000) through the
   application, many claims per `ledger.save(*batch)` call, so every event is
   sealed into its hash chain exactly as in production. The claims follow a
   realistic mix: registration, evidence, assignment, verdicts, rejections,
   approvals, publications, corrections, withdrawals, notes, dismissals. One
   "target" claim grows alongside them to --claim-events events (notes,
   evidence, verdicts and rejections, a few events in every save), so its
   events are spread over the whole log. Build time and events/s are printed.
2. It times `claims audit verify` in-process (`ledger.verify_store()`) and as a
   real subprocess of the console script (interpreter start-up included), and
   reports events/s for each plus the subprocess's peak RSS
   (`getrusage(RUSAGE_CHILDREN).ru_maxrss`, read before any other child runs).
3. It times real subprocesses of `claims history ID`, `claims history ID --json`,
   `claims show ID --as-of <timestamp of the middle event>` and
   `claims show ID --version <C/2>` on the target claim, --repeats times each,
   interleaved, and reports the median and minimum wall time. For comparison it
   also times `claims show ID` (the latest version: all C events) and
   `claims show ID --version 1` (the floor every read pays: interpreter
   start-up, imports, opening the store, the id lookup). Last, for reference,
   it times the same reads as ledger calls in-process: what the claim's length
   costs, without start-up and rendering.

PASS/FAIL is judged on medians: verify >= 100,000 events/s (both ways), each
per-claim read < 1 s. The exit status is 1 on any FAIL. A shared 2-core machine
is noisy: read the minimum next to the median before blaming the code.

--store PATH keeps the store for later runs; an existing store at PATH is
reused (not rebuilt) when its target claim has the requested number of events,
and verify must then count exactly --events events.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from benchkit import Timing, machine_line, opened, reproduce_line

if TYPE_CHECKING:
    from claims.application import ClaimsLedger
    from domain.claim import Claim

VERIFY_TARGET = 100_000.0  # events/s
READ_TARGET = 1.0  # seconds per per-claim read
TARGET_TEXT = "The audit bench target: the council has approved every budget since 1990."
REPORTER, CHECKER, EDITOR = "reporter", "checker", "editor"
RATINGS = ("true", "mostly-true", "mixed", "mostly-false", "false", "misleading", "unproven")
STANCES = ("supports", "refutes", "context")

Step = Callable[["Claim"], object]


@dataclass(frozen=True)
class Built:
    path: Path
    events: int
    claims: int
    saves: int
    seconds: float | None  # None when an existing store was reused

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Registration:
    text: str
    quote: str
    speaker: str | None
    checkworthiness: float | None
    source_url: str | None

    def claim(self) -> Claim:
        from domain.claim import Claim

        return Claim.register(
            text=self.text,
            quote=self.quote,
            by=REPORTER,
            speaker=self.speaker,
            checkworthiness=self.checkworthiness,
            source_url=self.source_url,
        )


@dataclass(frozen=True)
class Verified:
    events: int
    in_process: Timing
    subprocess: Timing
    peak_rss_kib: int


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--events", type=int, default=1_000_000, help="events in the store (default 1000000)"
    )
    parser.add_argument(
        "--claim-events",
        type=int,
        default=10_000,
        help="events of the target claim, part of --events (default 10000)",
    )
    parser.add_argument(
        "--batch",
        type=int,
        default=2_000,
        help="claims per ledger.save(*batch) call while building (default 2000)",
    )
    parser.add_argument(
        "--repeats", type=int, default=5, help="timed runs per per-claim read (default 5)"
    )
    parser.add_argument(
        "--verify-repeats", type=int, default=3, help="timed runs of verify, each way (default 3)"
    )
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        help="keep the store at this path and reuse it if already built (default: temporary)",
    )
    parser.add_argument(
        "--cli",
        type=Path,
        default=Path(sys.executable).parent / "claims",
        help="the console script to time (default: `claims` next to this interpreter)",
    )
    args = parser.parse_args(argv)
    if args.claim_events < 2 or args.events < args.claim_events:
        parser.error("need 2 <= --claim-events <= --events")
    if args.batch < 1 or args.repeats < 1 or args.verify_repeats < 1:
        parser.error("--batch, --repeats and --verify-repeats must be >= 1")
    if not args.cli.is_file():
        parser.error(f"console script {args.cli} not found; install the project (pip install -e .)")
    return args


# --- building the store ---


def lifecycle(rng: random.Random, number: int) -> tuple[Registration, list[Step]]:
    """A claim's registration arguments and the commands that follow it, in order.

    Any prefix of the steps is a valid history, so the last claim can be cut short
    to hit the requested number of events exactly.
    """
    topic = rng.choice(("unemployment", "crime", "house prices", "hospital waits", "tax"))
    registration = Registration(
        text=f"Claim {number}: {topic} changed by {rng.randint(1, 99)} percent since {number}.",
        quote=f"{topic} changed",
        speaker=rng.choice((None, "Minister A", "MP B", "Mayor C")),
        checkworthiness=rng.choice((None, round(rng.random(), 2))),
        source_url=rng.choice((None, f"https://news.example.org/story/{number}")),
    )
    steps: list[Step] = []
    if rng.random() < 0.3:
        steps.append(lambda c: c.assign(CHECKER, by=EDITOR))
    evidence = rng.choice((0, 1, 1, 2, 3))
    for k in range(evidence):
        url = f"https://stats.example.org/series/{number}/{k}"
        stance = STANCES[(number + k) % 3]
        steps.append(evidence_step(url, "The official series tells another story.", stance))
    if evidence and rng.random() < 0.05:
        steps.append(
            lambda c: c.withdraw_evidence("e1", reason_text="The page was removed.", by=REPORTER)
        )
    if rng.random() < 0.3:
        steps.append(lambda c: c.add_note("Asked the press office for its source.", by=REPORTER))
    fate = rng.random()
    if fate >= 0.25:  # below: dismissed (at the end) or left open
        rating = rng.choice(RATINGS)
        why = "Checked against the statistics office series."
        steps.append(lambda c: c.record_verdict(rating=rating, rationale=why, by=CHECKER))
        if rng.random() < 0.2:
            steps.append(lambda c: c.reject_verdict(reason_text="Cite the series.", by=EDITOR))
            steps.append(lambda c: c.record_verdict(rating=rating, rationale=why, by=CHECKER))
        if rng.random() < 0.85:
            steps.append(lambda c: c.approve_verdict(by=EDITOR))
            if rng.random() < 0.8:
                steps.append(lambda c: c.publish(by=EDITOR))
                if rng.random() < 0.15:
                    new = RATINGS[(RATINGS.index(rating) + 1) % len(RATINGS)]
                    note = "The series was revised."
                    steps.append(lambda c: c.correct(rating=new, note=note, by=EDITOR))
    for _ in range(rng.choice((0, 0, 1, 2))):
        steps.append(lambda c: c.add_note("Readers asked about this claim.", by=REPORTER))
    if fate < 0.10:
        steps.append(lambda c: c.dismiss(reason_text="Not a checkable claim.", by=EDITOR))
    return registration, steps


def target_steps(count: int) -> Iterator[Step]:
    """The target claim's events after registration: notes, evidence, verdicts and
    rejections (each new verdict supersedes the rejected one)."""
    cycle = ("note", "evidence", "note", "verdict", "note", "reject", "note", "evidence")
    for i in range(count):
        kind = cycle[i % len(cycle)]
        if kind == "note":
            yield note_step(f"Follow-up {i}: still waiting for data.")
        elif kind == "evidence":
            url = f"https://archive.example.org/budget/{i}"
            yield evidence_step(url, f"Budget vote record {i}.", STANCES[i % 3])
        elif kind == "verdict":
            yield verdict_step(RATINGS[i % len(RATINGS)], "Budget records checked.")
        else:
            yield lambda c: c.reject_verdict(reason_text="Needs one more source.", by=EDITOR)


def evidence_step(url: str, quote: str, stance: str) -> Step:
    return lambda c: c.add_evidence(url=url, quote=quote, stance=stance, by=REPORTER)


def note_step(text: str) -> Step:
    return lambda c: c.add_note(text, by=REPORTER)


def verdict_step(rating: str, rationale: str) -> Step:
    return lambda c: c.record_verdict(rating=rating, rationale=rationale, by=CHECKER)


def mean_lifecycle_events(samples: int = 2_000) -> float:
    rng = random.Random(1)
    return sum(1 + len(lifecycle(rng, i)[1]) for i in range(samples)) / samples


def build_store(path: Path, events: int, claim_events: int, batch: int) -> Built:
    """`events` events in all, `claim_events` of them the target claim's, spread
    over the saves; every save holds the target's next events and `batch` claims."""
    from domain.claim import Claim

    rng = random.Random(20_240_601)
    started = time.perf_counter()
    others_left = events - claim_events
    saves_expected = max(1, round(others_left / mean_lifecycle_events() / batch))
    target_per_save = -(-(claim_events - 1) // saves_expected)  # ceiling division
    target_left = claim_events - 1
    target_todo = target_steps(target_left)
    saves = claims = written = 0
    with opened(path) as ledger:
        target = Claim.register(text=TARGET_TEXT, quote="approved every budget", by=REPORTER)
        while others_left > 0 or target_left > 0 or target.pending_events:
            now = min(target_per_save, target_left)
            for _, step in zip(range(now), target_todo, strict=False):
                step(target)
            target_left -= now
            pending = [target] if target.pending_events else []
            while others_left > 0 and len(pending) < batch:
                registration, todo = lifecycle(rng, claims)
                claim = registration.claim()
                for step in todo[: others_left - 1]:
                    step(claim)
                others_left -= len(claim.pending_events)
                pending.append(claim)
                claims += 1
            written += sum(len(claim.pending_events) for claim in pending)
            ledger.save(*pending)
            saves += 1
            if saves % 25 == 0:
                rate = written / (time.perf_counter() - started)
                print(f"  ... {written:>10,} events ({rate:,.0f} events/s)", flush=True)
    return Built(path, written, claims + 1, saves, time.perf_counter() - started)


def target_version(path: Path) -> int | None:
    """The stored target claim's version, or None if the store does not hold it."""
    from domain.errors import NotFound
    from domain.ids import claim_id_for

    with opened(path) as ledger:
        try:
            return ledger.get_claim(claim_id_for(TARGET_TEXT)).version
        except NotFound:
            return None


def target_reference(path: Path, claim_events: int) -> tuple[str, str, int]:
    """(unique id prefix, ISO timestamp of the middle event, the middle version)."""
    from domain.errors import InvalidInput
    from domain.ids import claim_id_for

    claim_id = claim_id_for(TARGET_TEXT)
    middle = claim_events // 2
    with opened(path) as ledger:
        [event] = ledger.events.get(claim_id, gt=middle - 1, lte=middle)
        moment = event.timestamp  # type: ignore[attr-defined]
        for length in range(8, 33):
            try:
                ledger.find_claim(claim_id.hex[:length])
            except InvalidInput:
                continue
            return claim_id.hex[:length], moment.isoformat(), middle
    msg = f"no unique id prefix for the target claim {claim_id}"
    raise RuntimeError(msg)


# --- timing ---


def run(argv: Sequence[str]) -> tuple[float, str]:
    """Wall time and output of one subprocess; a failing command aborts the benchmark."""
    env = {**os.environ, "CLAIMS_USER": REPORTER}
    env.pop("CLAIMS_DB", None)
    started = time.perf_counter()
    done = subprocess.run(list(argv), capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        msg = f"{shlex.join(argv)} exited {done.returncode}: {done.stderr.strip()[-2000:]}"
        raise RuntimeError(msg)
    return elapsed, done.stdout


def measure_verify(cli: Path, path: Path, events: int, repeats: int) -> Verified:
    """In-process first (it also warms the page cache), then the console script.

    The verify subprocesses are this process's first children, so the children's
    peak RSS read right after them is theirs.
    """
    in_process: list[float] = []
    with opened(path) as ledger:
        for _ in range(repeats):
            started = time.perf_counter()
            result = ledger.verify_store()
            in_process.append(time.perf_counter() - started)
            if not result.intact or result.events != events:
                msg = f"in-process verify: intact={result.intact}, {result.events} events"
                raise RuntimeError(msg)
    expected = f"intact: {events} events of {result.aggregates} aggregates; root {result.root}@"
    subprocess_runs: list[float] = []
    for _ in range(repeats):
        elapsed, out = run([str(cli), "--db", str(path), "audit", "verify"])
        if not out.startswith(expected):
            msg = f"`claims audit verify` disagrees with verify_store(): {out.strip()}"
            raise RuntimeError(msg)
        subprocess_runs.append(elapsed)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    return Verified(events, Timing(tuple(in_process)), Timing(tuple(subprocess_runs)), peak)


def read_commands(
    cli: Path, path: Path, prefix: str, moment: str, middle: int
) -> dict[str, list[str]]:
    base = [str(cli), "--db", str(path)]
    return {
        "history ID": [*base, "history", prefix],
        "history ID --json": [*base, "history", prefix, "--json"],
        "show ID --as-of MIDDLE": [*base, "show", prefix, "--as-of", moment],
        f"show ID --version {middle}": [*base, "show", prefix, "--version", str(middle)],
        "show ID (latest)": [*base, "show", prefix],
        "show ID --version 1 (floor)": [*base, "show", prefix, "--version", "1"],
    }


def check_output(label: str, out: str, claim_events: int, middle: int) -> None:
    """The warm-up run's output must be the claim the command was asked for."""
    if label == "history ID":
        ok = len(out.splitlines()) == claim_events
    elif label == "history ID --json":
        ok = len(json.loads(out)) == claim_events
    else:
        version = {"(latest)": claim_events, "(floor)": 1}.get(label.rsplit(" ", 1)[-1], middle)
        ok = f"(version {version}," in out.splitlines()[1]
    if not ok:
        msg = f"`claims {label}` printed something unexpected: {out[:300]!r}"
        raise RuntimeError(msg)


def measure_reads(
    commands: dict[str, list[str]], claim_events: int, middle: int, repeats: int
) -> dict[str, Timing]:
    """A checked warm-up run per command, then `repeats` rounds, alternating order."""
    for label, argv in commands.items():
        check_output(label, run(argv)[1], claim_events, middle)
    samples: dict[str, list[float]] = {label: [] for label in commands}
    for round_no in range(repeats):
        order = list(commands) if round_no % 2 == 0 else list(reversed(commands))
        for label in order:
            samples[label].append(run(commands[label])[0])
    return {label: Timing(tuple(values)) for label, values in samples.items()}


def measure_ledger_reads(path: Path, moment: str, middle: int, repeats: int) -> dict[str, Timing]:
    """The same reads as ledger calls in this process (warm): the part of each command
    that depends on the claim's length, without start-up and rendering."""
    from datetime import datetime

    from domain.ids import claim_id_for

    claim_id = claim_id_for(TARGET_TEXT)
    as_of = datetime.fromisoformat(moment)
    calls: dict[str, Callable[[ClaimsLedger], object]] = {
        "history(ID)": lambda ledger: ledger.history(claim_id),
        "claim_as_of(ID, MIDDLE)": lambda ledger: ledger.claim_as_of(claim_id, as_of),
        f"get_claim(ID, version={middle})": lambda ledger: ledger.get_claim(
            claim_id, version=middle
        ),
        "get_claim(ID) (latest)": lambda ledger: ledger.get_claim(claim_id),
    }
    samples: dict[str, list[float]] = {label: [] for label in calls}
    with opened(path) as ledger:
        for call in calls.values():  # warm-up
            call(ledger)
        for _ in range(repeats):
            for label, call in calls.items():
                started = time.perf_counter()
                call(ledger)
                samples[label].append(time.perf_counter() - started)
    return {label: Timing(tuple(values)) for label, values in samples.items()}


# --- reporting ---


def ms(seconds: float) -> str:
    return f"{seconds * 1000:9.1f} ms"


def report(
    args: argparse.Namespace,
    built: Built,
    verified: Verified,
    reads: dict[str, Timing],
    ledger_reads: dict[str, Timing],
) -> bool:
    size_mb = built.path.stat().st_size / 1e6
    print()
    if built.seconds is None:
        print(f"store: {built.events:,} events, {size_mb:,.0f} MB (reused, build not timed)")
    else:
        print(
            f"store: {built.events:,} events of {built.claims:,} claims, {size_mb:,.0f} MB; "
            f"built in {built.seconds:.1f} s = {built.rate:,.0f} events/s "
            f"({built.saves:,} saves of <= {args.batch:,} claims)"
        )
    print(f"target claim: {args.claim_events:,} events")
    print()
    print(f"{'claims audit verify':<36}{'median':>12}{'min':>12}{'events/s (median)':>20}")
    rates: dict[str, float] = {}
    for label, timing in (
        ("in-process verify_store()", verified.in_process),
        ("subprocess `audit verify`", verified.subprocess),
    ):
        rates[label] = verified.events / timing.median
        best = verified.events / timing.best
        print(
            f"{label:<36}{ms(timing.median):>12}{ms(timing.best):>12}"
            f"{rates[label]:>20,.0f}  (best {best:,.0f})"
        )
    print(f"peak RSS of the verify subprocess: {verified.peak_rss_kib / 1024:,.1f} MiB")
    print()
    print(f"{'per-claim read (subprocess)':<36}{'median':>12}{'min':>12}")
    for label, timing in reads.items():
        print(f"{'claims ' + label:<36}{ms(timing.median):>12}{ms(timing.best):>12}")
    print()
    print(f"{'in-process ledger call (warm)':<36}{'median':>12}{'min':>12}")
    for label, timing in ledger_reads.items():
        print(f"{'ledger.' + label:<36}{ms(timing.median):>12}{ms(timing.best):>12}")
    print()
    all_pass = True
    for label, rate in rates.items():
        ok = rate >= VERIFY_TARGET
        all_pass = all_pass and ok
        print(
            f"{'PASS' if ok else 'FAIL'} {label}: {rate:,.0f} events/s by median; "
            f"target >= {VERIFY_TARGET:,.0f}"
        )
    for label, timing in reads.items():
        if label.endswith(("(latest)", "(floor)")):
            continue  # for comparison only
        ok = timing.median < READ_TARGET
        all_pass = all_pass and ok
        print(
            f"{'PASS' if ok else 'FAIL'} claims {label}: {timing.median:.3f} s by median "
            f"({timing.best:.3f} s min); target < {READ_TARGET:.1f} s"
        )
    print()
    print(reproduce_line("bench_audit.py", reproduce_arguments(args)))
    print(machine_line())
    return all_pass


def reproduce_arguments(args: argparse.Namespace) -> list[str]:
    argv = [
        "--events",
        str(args.events),
        "--claim-events",
        str(args.claim_events),
        "--batch",
        str(args.batch),
        "--repeats",
        str(args.repeats),
        "--verify-repeats",
        str(args.verify_repeats),
    ]
    if args.store is not None:
        argv += ["--store", str(args.store)]
    return argv


def prepare_store(args: argparse.Namespace, path: Path) -> Built:
    if path.exists():
        version = target_version(path)
        if version != args.claim_events:
            msg = (
                f"{path} exists but its target claim has {version} events, not "
                f"{args.claim_events}: delete it or pick another --store"
            )
            raise SystemExit(msg)
        print(f"reusing the store at {path}", flush=True)
        return Built(path, args.events, 0, 0, None)
    print(
        f"building {args.events:,} events ({args.claim_events:,} of them one claim's) "
        f"in saves of {args.batch:,} claims ...",
        flush=True,
    )
    return build_store(path, args.events, args.claim_events, args.batch)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="claims-bench-audit-") as tmp:
        path = args.store if args.store is not None else Path(tmp) / "audit.db"
        built = prepare_store(args, path)
        print(f"timing `claims audit verify` ({args.verify_repeats} runs each way) ...", flush=True)
        verified = measure_verify(args.cli, path, args.events, args.verify_repeats)
        prefix, moment, middle = target_reference(path, args.claim_events)
        print(
            f"timing per-claim reads of claim {prefix} ({args.repeats} rounds; "
            f"middle event v{middle} at {moment}) ...",
            flush=True,
        )
        commands = read_commands(args.cli, path, prefix, moment, middle)
        reads = measure_reads(commands, args.claim_events, middle, args.repeats)
        ledger_reads = measure_ledger_reads(path, moment, middle, args.repeats)
        all_pass = report(args, built, verified, reads, ledger_reads)
    return 0 if all_pass else 1


if __name__ == "__main__":
    sys.exit(main())
