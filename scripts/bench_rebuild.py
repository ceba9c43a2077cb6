"""How close does `claims projections rebuild --all` get to its true limit?

An operator rebuilds the read models after a projection's code changes. A rebuild
cannot be faster than reading and decoding every event plus writing the rows it
produces; it must come near that limit, be far faster than the library's standard
per-event path, and hold its memory flat however big the store.

1. It builds a SQLite store of --events events: articles (a ~3 kB text each) and
   claims that go through a realistic life: registration from an article (with a
   speaker), assignment, evidence for and against, withdrawals, verdicts, rejected
   and re-recorded verdicts, approvals, publications, corrections, appearances in
   later articles, notes, dismissals and duplicates. --window claims are worked on
   at once, a few events each per save, so a claim's events are spread over the log
   as on a real desk. Events are sealed into their hash chains (`seal_pending`) and
   appended through the recorder, exactly as `ClaimsLedger.save` stores them.
   The read models are then built once (untimed), so the measured rebuild replaces
   a live generation, as an operator's does.
2. In separate processes (peak RSS read with wait4 for each), on the same store:
   (a) the raw ceiling: sqlite3 reads every row of the events table and
       `orjson.loads` decodes every payload, nothing else;
   (b) the library's standard path: `recorder.select_notifications` pages of 1,000,
       `mapper.to_domain_event` per event, and a per-event update of the same read
       models (each event's rows read, folded and written with their own
       statements, the tracking position written after every event; one commit per
       page), into scratch tables;
   (c) `claims projections rebuild --all`, the real command in a subprocess
       (interpreter start-up, planning, worker processes, indexes and the swap
       included; with its defaults: batches of 50,000 events, 2 workers). The
       generation it replaced is dropped by a process it leaves behind; the
       benchmark waits for that drop (and says how long it took) before going on.
   (b) reads at most --b-events events (default: all) and is reported per event.
   (i) the insert limit: the rows (c) produced are dumped from its tables (untimed),
       then bulk-inserted into a fresh SQLite file (WAL, the rebuild's page cache):
       each table created as the store's, its rows inserted with `executemany` in
       one transaction, its secondary indexes created after, as the rebuild does;
       only the inserts, the index creation and the commits are timed.
   L = (a) + (i): the least any rebuild can take, reading, decoding and writing in
   turn on one core.
3. It prints events/s for each, c / L (the target), c/a (for context: the ceiling
   leaves out the writes) and c/b, and the peak RSS of (c) (summed over its
   processes); with --compare-events M it also rebuilds a store of M events and
   compares the peak RSS (flat: within 15 % or 20 MB). PASS/FAIL: c <= 1.1 L,
   c >= 10 b, RSS < 500 MB and flat. The exit status is 1 on any FAIL.

--store PATH keeps the store for later runs and reuses it if it holds --events
events. The machine is noisy: repeat a run before blaming the code.
"""

from __future__ import annotations

import argparse
import json
import marshal
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchkit import machine_line, opened, reproduce_line

if TYPE_CHECKING:
    from domain.claim import Claim

LIMIT_RATIO = 1.1
LIBRARY_RATIO = 10.0
RSS_LIMIT_MB = 500.0
RATINGS = ("true", "mostly-true", "mixed", "mostly-false", "false", "misleading", "unproven")
STANCES = ("supports", "refutes", "context")
SPEAKERS = ("Vladimir Putin", "Xi Jinping", "Dmitry Peskov", "Wang Yi", None)
USERS = ("maria", "tom", "ana", "li", "omar")
TOPICS = (
    "trade with Russia totaled $240 billion last year",
    "exports of machine tools rose by 40 percent",
    "the partnership is not directed against any third country",
    "energy deliveries doubled since 2019",
    "the sanctions have failed to slow the economy",
    "the two countries settle 90 percent of trade in roubles and yuan",
)

Step = Callable[["Claim"], object]

_RAW = """
import sqlite3, sys, time, orjson
started, cpu = time.perf_counter(), time.process_time()
connection = sqlite3.connect(sys.argv[1])
count = 0
loads = orjson.loads
for position, originator, version, topic, state in connection.execute(
    "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events"
):
    loads(state)
    count += 1
connection.close()
print(count, time.perf_counter() - started, time.process_time() - cpu)
"""

# (i), in its own process: the dumped rows into a fresh file, only the writes timed.
# The page cache is the rebuild's (`Dialect.tune_for_bulk`); WAL as the library sets.
_INSERT = """
import marshal, sqlite3, sys, time
connection = sqlite3.connect(sys.argv[2], isolation_level=None)
connection.execute("PRAGMA journal_mode = WAL")
connection.execute("PRAGMA cache_size = -32768")
timed = cpu = 0.0
count = 0
with open(sys.argv[1], "rb") as dump:
    while True:
        try:
            table, create, indexes = marshal.load(dump)
        except EOFError:
            break
        started, began = time.perf_counter(), time.process_time()
        connection.execute("BEGIN")
        connection.execute(create)
        timed += time.perf_counter() - started
        cpu += time.process_time() - began
        while True:
            rows = marshal.load(dump)
            if rows is None:
                break
            marks = ", ".join("?" * len(rows[0]))
            started, began = time.perf_counter(), time.process_time()
            connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
            timed += time.perf_counter() - started
            cpu += time.process_time() - began
            count += len(rows)
        started, began = time.perf_counter(), time.process_time()
        for index in indexes:
            connection.execute(index)
        connection.execute("COMMIT")
        timed += time.perf_counter() - started
        cpu += time.process_time() - began
connection.close()
print(count, timed, cpu)
"""
_DUMP_CHUNK = 50_000


@dataclass(frozen=True)
class Measured:
    events: int
    seconds: float
    peak_rss_mb: float
    # CPU seconds (user + system) in the same span, over every process: on a shared
    # machine, what the wall time would be with the cores to itself.
    cpu: float
    # For (c): the rebuild's own seconds per phase, from its --json report.
    phases: tuple[tuple[str, float], ...] = ()

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the store")
    parser.add_argument("--store", type=Path, default=None, help="keep/reuse the store here")
    parser.add_argument("--window", type=int, default=1_000, help="claims worked on at once")
    parser.add_argument("--batch", type=int, default=None, help="rebuild batch size")
    parser.add_argument(
        "--b-events", type=int, default=None, help="events (b) reads (default: all)"
    )
    parser.add_argument(
        "--compare-events",
        type=int,
        default=None,
        help="also rebuild a store of this many events and compare peak RSS",
    )
    parser.add_argument(
        "--compare-store", type=Path, default=None, help="keep/reuse that smaller store here"
    )
    args = parser.parse_args(argv)
    if args.events < 100:
        parser.error("--events must be at least 100")
    return args


# --- building the store ---


def article_text(rng: random.Random, number: int) -> tuple[str, list[tuple[str, str | None]]]:
    """A ~3 kB article and the (quote, speaker) of each claim it carries."""
    sentences: list[str] = []
    quotes: list[tuple[str, str | None]] = []
    while sum(len(s) + 1 for s in sentences) < 3_000:
        speaker = rng.choice(SPEAKERS)
        topic = rng.choice(TOPICS)
        quote = f"{topic} in report {number}-{len(sentences)}"
        said = f"{speaker} said {quote}." if speaker else f"Officials noted that {quote}."
        sentences.append(said)
        sentences.append(
            "The leaders met in Beijing for two days of talks on trade, energy and security, "
            "according to the state news agency."
        )
        quotes.append((quote, speaker))
    return " ".join(sentences), quotes


def lifecycle(rng: random.Random, others: list[Any]) -> list[Step]:
    """The commands after a claim's registration, in order (any prefix is valid)."""
    checker, editor = rng.sample(USERS, 2)
    steps: list[Step] = []
    if rng.random() < 0.7:
        steps.append(lambda c: c.assign(checker, by=editor))
    evidence = rng.choice((0, 1, 2, 2, 3, 4))
    for k in range(evidence):
        stance = rng.choice(STANCES)
        url = f"https://stats.example.org/series/{rng.randrange(10**6)}/{k}"
        steps.append(
            lambda c, url=url, stance=stance: c.add_evidence(
                url=url, quote="The official series shows otherwise.", stance=stance, by=checker
            )
        )
    if evidence and rng.random() < 0.1:
        steps.append(lambda c: c.withdraw_evidence("e1", reason_text="Page removed.", by=checker))
    if rng.random() < 0.1 and others:
        article_id, quote, speaker = rng.choice(others)
        steps.append(
            lambda c: c.add_appearance(
                article_id=article_id,
                quote=quote,
                span=(0, len(quote)),
                speaker=speaker,
                by=checker,
            )
        )
    fate = rng.random()
    if fate < 0.12:
        steps.append(lambda c: c.dismiss(reason_text="Not check-worthy.", by=editor))
        return steps
    if fate < 0.3:
        if rng.random() < 0.3:
            steps.append(lambda c: c.add_note("Waiting for the ministry.", by=checker))
        return steps
    rating = rng.choice(RATINGS)
    why = "Checked against the customs series."
    steps.append(lambda c: c.record_verdict(rating=rating, rationale=why, by=checker))
    if rng.random() < 0.2:
        steps.append(lambda c: c.reject_verdict(reason_text="Cite the series.", by=editor))
        steps.append(lambda c: c.record_verdict(rating=rating, rationale=why, by=checker))
    if rng.random() < 0.15:
        return steps  # left in review
    steps.append(lambda c: c.approve_verdict(by=editor))
    if rng.random() < 0.8:
        steps.append(lambda c: c.publish(by=editor))
        if rng.random() < 0.15:
            new = RATINGS[(RATINGS.index(rating) + 1) % len(RATINGS)]
            steps.append(lambda c: c.correct(rating=new, note="The series was revised.", by=editor))
    for _ in range(rng.choice((0, 0, 1, 2))):
        steps.append(lambda c: c.add_note("Readers asked about this claim.", by=editor))
    return steps


def build_store(path: Path, events: int, window: int) -> float:
    """Append `events` events to a new store at `path`; returns the seconds it took."""
    from claims.audit.sealing import seal_pending
    from domain.article import Article
    from domain.claim import Claim

    rng = random.Random(20_240_516)
    started = time.perf_counter()
    written = 0
    claims_made = 0
    articles_made = 0
    appearances: list[Any] = []
    quotes: list[tuple[str, str | None]] = []
    current_article: Any = None
    current_text = ""
    active: list[tuple[Claim, list[Step]]] = []
    with opened(path) as ledger:
        mapper, recorder = ledger.mapper, ledger.recorder
        while written < events:
            pending: list[Any] = []
            in_pending: set[int] = set()
            # Keep the window full: new claims (and their articles) come in.
            while len(active) < window and written + len(pending) < events:
                if not quotes:
                    current_text, quotes = article_text(rng, articles_made)
                    current_article = Article.register(
                        title=f"Summit report {articles_made}",
                        published=date(2024, 1 + articles_made % 12, 1 + articles_made % 28),
                        text=current_text,
                        url=f"https://news.example.org/{articles_made}",
                        by=rng.choice(USERS),
                    )
                    articles_made += 1
                    pending.append(current_article)
                quote, speaker = quotes.pop()
                start = current_text.index(quote)
                claim = Claim.register(
                    text=f"Claim {claims_made}: {quote}",
                    quote=quote,
                    by=rng.choice(USERS),
                    article_id=current_article.id,
                    span=(start, start + len(quote)),
                    speaker=speaker,
                    checkworthiness=round(rng.random(), 2),
                    features=("money", "comparison")[: rng.randrange(3)],
                )
                claims_made += 1
                appearances.append((current_article.id, quote, speaker))
                if len(appearances) > 200:
                    appearances.pop(0)
                steps = lifecycle(rng, [a for a in appearances if a[0] != current_article.id])
                active.append((claim, steps))
                pending.append(claim)
                in_pending.add(id(claim))
            # Work on a fifth of the window: one command each.
            for index in rng.sample(range(len(active)), max(1, len(active) // 5)):
                if written + sum(len(a.pending_events) for a in pending) >= events:
                    break
                claim, steps = active[index]
                if steps:
                    steps.pop(0)(claim)
                    if id(claim) not in in_pending:
                        pending.append(claim)
                        in_pending.add(id(claim))
            active = [(c, s) for c, s in active if s]
            budget = events - written
            stored = []
            for aggregate in pending:
                new = aggregate.pending_events[: max(0, budget - len(stored))]
                if len(new) < len(aggregate.pending_events):
                    aggregate.pending_events[:] = new
                stored.extend(new)
            seal_pending(pending, mapper, recorder)
            recorder.insert_events(
                [mapper.to_stored_event(e) for a in pending for e in a.collect_events()]
            )
            written += len(stored)
            if written // 100_000 != (written - len(stored)) // 100_000:
                rate = written / (time.perf_counter() - started)
                print(f"  ... {written:>10,} events ({rate:,.0f} events/s)", flush=True)
    return time.perf_counter() - started


def stored_events(path: Path) -> int:
    with closing(sqlite3.connect(str(path))) as connection:
        try:
            (count,) = connection.execute("SELECT COUNT(*) FROM stored_events").fetchone()
        except sqlite3.OperationalError:
            return 0
    return int(count)


# --- measuring ---


def measure(
    command: list[str], env: dict[str, str] | None = None
) -> tuple[str, float, float, float]:
    """(stdout, wall seconds, peak RSS MB, CPU seconds) of one subprocess and the
    descendants it waited for; a failure aborts.

    The peak RSS is the larger of: the sum over the process and its descendants
    (worker processes), sampled every 20 ms from /proc, and the kernel's own peak
    for the process tree (wait4), so neither a short spike nor a worker is missed.
    Shared (copy-on-write) pages count once per process: an upper bound."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True, env=env)
        sampled = 0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            sampled = max(sampled, sum(_rss_kib(p) for p in _process_tree(process.pid)))
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{err.read()}")
        cpu = usage.ru_utime + usage.ru_stime
        return out.read(), seconds, max(sampled, usage.ru_maxrss) / 1024, cpu


def _process_tree(pid: int) -> list[int]:
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                for child in handle.read().split():
                    found.extend(_process_tree(int(child)))
    except OSError:
        pass
    return found


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


def raw_ceiling(path: Path) -> Measured:
    out, _, rss, _ = measure([sys.executable, "-c", _RAW, str(path)])
    count, seconds, cpu = out.split()
    return Measured(int(count), float(seconds), rss, float(cpu))


def library_path(path: Path, limit: int | None) -> Measured:
    args = [sys.executable, __file__, "--run-library-path", str(path)]
    if limit:
        args.append(str(limit))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    out, _, rss, _ = measure(args, env)
    count, seconds, cpu = out.split()
    return Measured(int(count), float(seconds), rss, float(cpu))


def insert_limit(path: Path, scratch: Path) -> Measured:
    """(i): the live read models' rows, dumped, then inserted into a fresh file.
    `events` is the number of rows."""
    dump, fresh = scratch / "rows.marshal", scratch / "fresh.db"
    dump_read_models(path, dump)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{fresh}{suffix}").unlink(missing_ok=True)
    try:
        out, _, rss, _ = measure([sys.executable, "-c", _INSERT, str(dump), str(fresh)])
    finally:
        dump.unlink(missing_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{fresh}{suffix}").unlink(missing_ok=True)
    count, seconds, cpu = out.split()
    return Measured(int(count), float(seconds), rss, float(cpu))


def dump_read_models(path: Path, dump: Path) -> None:
    """Every table of the live read models: its DDL, its indexes' DDL, its rows in
    chunks (rowid order), as marshal records."""
    from claims.projections.schema import MODELS, TRACKING_TABLE

    with closing(sqlite3.connect(str(path))) as connection, dump.open("wb") as out:
        generations = dict(
            connection.execute(f"SELECT name, generation FROM {TRACKING_TABLE}").fetchall()
        )
        for m in MODELS:
            for table in m.tables:
                name = table.physical(generations[m.name])
                found = connection.execute(
                    "SELECT type, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL "
                    "ORDER BY type = 'index', name",
                    (name,),
                ).fetchall()
                create = [sql for kind, sql in found if kind == "table"]
                indexes = [sql for kind, sql in found if kind == "index"]
                marshal.dump((name, create[0], indexes), out)
                rows = connection.execute(f"SELECT * FROM {name} ORDER BY rowid")
                while chunk := rows.fetchmany(_DUMP_CHUNK):
                    marshal.dump(chunk, out)
                marshal.dump(None, out)


def generations_there(path: Path) -> tuple[bool, int]:
    """(whether every read model is built, how many tables are retired)."""
    from claims.projections.schema import MODELS, TRACKING_TABLE

    with closing(sqlite3.connect(str(path))) as connection:
        try:
            (built,) = connection.execute(
                f"SELECT MIN(generation) FROM {TRACKING_TABLE}"
            ).fetchone()
        except sqlite3.OperationalError:
            return False, False
        (tables,) = connection.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name GLOB 'rm_*_g[0-9]*'"
        ).fetchone()
    return bool(built), tables - sum(len(m.tables) for m in MODELS)


def rebuild_command(path: Path, batch: int | None) -> Measured:
    command = [sys.executable, "-m", "claims", "--db", str(path), "projections", "rebuild"]
    command += ["--all", "--json"]
    if batch:
        command += ["--batch", str(batch)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMS_")}
    out, seconds, rss, cpu = measure(command, env)
    reported = json.loads(out)
    phases = tuple(reported["phases"].items())
    return Measured(int(reported["events"]), seconds, rss, cpu, phases)


def run_library_path(path: Path, limit: int | None) -> None:
    """(b), in this process: notifications, domain events, per-event updates."""
    from claims.projections import tracking
    from claims.projections.context import context_of, target_for
    from claims.projections.schema import MODELS

    with opened(path) as ledger:
        ctx = context_of(ledger)
        dialect = ctx.dialect
        names = {m.name: {t.key: f"rm_bench_{t.key}" for t in m.tables} for m in MODELS}
        with dialect.transaction(lock=True) as cur:
            for m in MODELS:
                for table in m.tables:
                    dialect.drop_table(cur, names[m.name][table.key])
                    dialect.create_table(cur, table, names[m.name][table.key])
        target = target_for(names)
        recorder, mapper = ledger.recorder, ledger.mapper
        started, cpu = time.perf_counter(), time.process_time()
        count = 0
        position: int | None = None
        try:
            while limit is None or count < limit:
                page = recorder.select_notifications(position, 1_000, inclusive_of_start=False)
                if not page:
                    break
                with dialect.transaction(lock=True) as cur:
                    for notification in page:
                        domain_event = mapper.to_domain_event(notification)
                        row = (
                            notification.id,
                            notification.originator_id.hex,
                            notification.originator_version,
                            notification.topic,
                            stored_form(domain_event),
                        )
                        batch = ctx.batch(target)
                        batch.prepare_decoded(cur, [row])
                        batch.flush(cur)
                        cur.execute(
                            f"UPDATE {tracking.TRACKING_TABLE} SET updated_at = ? WHERE name = ?",
                            (str(notification.id), "factcheck"),
                        )
                        count += 1
                position = page[-1].id
        finally:
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            with dialect.transaction(lock=True) as cur:
                for m in MODELS:
                    for table in m.tables:
                        dialect.drop_table(cur, names[m.name][table.key])
    print(count, seconds, cpu)


def stored_form(domain_event: Any) -> dict[str, Any]:
    """The event's fields as the read models read them: ids, dates and times wrapped
    the way the transcoder stores them (what a hand-written projector would read
    from the domain event's attributes)."""
    from datetime import date as day
    from datetime import datetime
    from uuid import UUID

    out: dict[str, Any] = {}
    for key, value in vars(domain_event).items():
        if isinstance(value, datetime):
            out[key] = {"_type_": "datetime_iso", "_data_": value.isoformat()}
        elif isinstance(value, day):
            out[key] = {"_type_": "date_iso", "_data_": value.isoformat()}
        elif isinstance(value, UUID):
            out[key] = {"_type_": "uuid_hex", "_data_": value.hex}
        else:
            out[key] = value
    return out


def ensure_store(path: Path, events: int, window: int) -> None:
    have = stored_events(path) if path.exists() else 0
    if have == events:
        print(f"reusing {path} ({events:,} events)")
        return
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    print(f"building {path} with {events:,} events ...", flush=True)
    seconds = build_store(path, events, window)
    print(f"built in {seconds:.1f} s ({events / seconds:,.0f} events/s)")


def ensure_read_models(path: Path, batch: int | None) -> None:
    """A live generation of the read models for the measured rebuild to replace, and
    no retired one left (see `dropped_in_background`)."""
    built, retired = generations_there(path)
    if not built or retired:
        print(f"building the read models of {path} (untimed) ...", flush=True)
        rebuild_command(path, batch)
    dropped_in_background(path)


def dropped_in_background(path: Path) -> float:
    """Wait for the generation a rebuild replaced to be dropped by the process the
    command left behind (`claims.projections.generations`); the seconds waited. Nothing
    is measured while it runs."""
    started = time.perf_counter()
    while generations_there(path)[1] > 0:
        if time.perf_counter() - started > 120:
            raise SystemExit(f"the retired tables of {path} were never dropped")
        time.sleep(0.02)
    return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--run-library-path"]:
        run_library_path(Path(argv[1]), int(argv[2]) if len(argv) > 2 else None)
        return 0
    args = parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.store or Path(tmp) / "bench.db"
        ensure_store(path, args.events, args.window)
        ensure_read_models(path, args.batch)
        small: Measured | None = None
        if args.compare_events:
            small_path = args.compare_store or Path(tmp) / "small.db"
            ensure_store(small_path, args.compare_events, args.window)
            ensure_read_models(small_path, args.batch)
            small = rebuild_command(small_path, args.batch)
            dropped_in_background(small_path)
        a = raw_ceiling(path)
        b = library_path(path, args.b_events)
        c = rebuild_command(path, args.batch)
        drop = dropped_in_background(path)
        i = insert_limit(path, Path(tmp))
    return report(args.events, a, b, c, i, drop, small, argv)


def report(
    events: int,
    a: Measured,
    b: Measured,
    c: Measured,
    i: Measured,
    drop: float,
    small: Measured | None,
    argv: Sequence[str],
) -> int:
    print()
    print(f"events in the store: {events:,}")
    for label, m in (
        ("(a) raw ceiling (sqlite3 + orjson)", a),
        ("(b) library path (per-event updates)", b),
        ("(c) claims projections rebuild --all", c),
    ):
        print(
            f"{label:<40} {m.rate:>10,.0f} events/s  ({m.events:,} in {m.seconds:.2f} s, "
            f"CPU {m.cpu:.2f} s, peak RSS {m.peak_rss_mb:.0f} MB)"
        )
    inside = sum(seconds for _, seconds in c.phases)
    print(f"(c) phases: start-up, imports, opening {c.seconds - inside:.2f} s, ", end="")
    print(", ".join(f"{name} {seconds:.2f} s" for name, seconds in c.phases))
    print(f"(c) the generation it replaced was dropped in the background {drop:.2f} s after")
    print(
        f"(i) insert of the rows (c) wrote{'':<10} {i.events / i.seconds:>10,.0f} rows/s    "
        f"({i.events:,} rows in {i.seconds:.2f} s, CPU {i.cpu:.2f} s; indexes, commits included)"
    )
    limit = a.seconds + i.seconds
    print(
        f"L = (a) + (i) = {a.seconds:.2f} s + {i.seconds:.2f} s = {limit:.2f} s "
        f"({events / limit:,.0f} events/s)"
    )
    print(
        f"CPU: (c) {c.cpu:.2f} s over its processes, L {a.cpu + i.cpu:.2f} s; "
        f"c/a = {c.rate / a.rate:.2f} (for context: (a) leaves out the writes)"
    )
    checks = [
        (
            f"c = {c.seconds / limit:.2f} x L, L/c = {limit / c.seconds:.2f} "
            f"(target: c <= {LIMIT_RATIO} x L)",
            c.seconds <= LIMIT_RATIO * limit,
        ),
        (
            f"c/b = {c.rate / b.rate:.1f} (target >= {LIBRARY_RATIO})",
            c.rate >= LIBRARY_RATIO * b.rate,
        ),
        (
            f"peak RSS of (c) = {c.peak_rss_mb:.0f} MB (target < {RSS_LIMIT_MB:.0f} MB)",
            c.peak_rss_mb < RSS_LIMIT_MB,
        ),
    ]
    if small is not None:
        flat = c.peak_rss_mb <= max(small.peak_rss_mb * 1.15, small.peak_rss_mb + 20)
        checks.append(
            (
                f"peak RSS at {small.events:,} events = {small.peak_rss_mb:.0f} MB, "
                f"at {c.events:,} = {c.peak_rss_mb:.0f} MB (flat)",
                flat,
            )
        )
    failed = 0
    for text, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
        failed += not ok
    print()
    print(reproduce_line("bench_rebuild.py", argv))
    print(machine_line())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
