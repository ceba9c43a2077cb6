"""How long does moving a desk take? `claims copy-to` on a store of --events events.

An operator moving a desk from SQLite to PostgreSQL copies the whole store: every
event read, inserted a batch per transaction, the source verified before and the
copy after (every hash recomputed), the target's read models rebuilt. This script:

1. builds (or, with --store, reuses) a SQLite store of --events events with the
   realistic mix `bench_rebuild.py` builds;
2. runs the real `claims copy-to` in a subprocess into a fresh SQLite file, and
   into a fresh PostgreSQL database when --postgres gives a server URL (a database
   is created and dropped for the run), reading the command's own --json report;
3. prints wall time, events/s and peak RSS (the process and its workers) for each,
   and the command that reproduces the run.

No target is set for this yet: the figures tell an operator how long the move takes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench_rebuild import ensure_store, measure
from benchkit import machine_line, reproduce_line


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000, help="events in the store")
    parser.add_argument("--store", type=Path, default=None, help="keep/reuse the store here")
    parser.add_argument(
        "--postgres",
        default=None,
        help="also copy into a new database on this server (postgresql://user@host:port/db)",
    )
    args = parser.parse_args(argv)
    if args.events < 100:
        parser.error("--events must be at least 100")
    return args


def copy_into(source: Path, target: str) -> tuple[dict[str, object], float, float]:
    command = [sys.executable, "-m", "claims", "--db", str(source), "copy-to", target, "--json"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMS_")}
    out, seconds, rss = measure(command, env)
    return json.loads(out), seconds, rss


def fresh_database(server: str) -> tuple[str, str]:
    """(a new database's URL, its name) on the server of `server`."""
    import psycopg

    name = f"claims_bench_copy_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(server)._replace(path=f"/{name}")), name


def drop_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="claims-bench-copy-") as tmp:
        source = args.store or Path(tmp) / "source.db"
        ensure_store(source, args.events, 1_000)
        runs = [("SQLite file", str(Path(tmp) / "copy.db"), None)]
        if args.postgres:
            url, name = fresh_database(args.postgres)
            runs.append(("PostgreSQL", url, name))
        print()
        print(f"{'copy-to':<14}{'events':>12}{'seconds':>10}{'events/s':>12}{'peak RSS':>12}")
        try:
            for label, target, _ in runs:
                report, seconds, rss = copy_into(source, target)
                copied = int(str(report["copied"]))
                print(
                    f"{label:<14}{copied:>12,}{seconds:>10.1f}{copied / seconds:>12,.0f}"
                    f"{rss:>9.0f} MB"
                )
                if not report["positions_kept"]:
                    print(f"  (log positions differ; the copy's anchor is {report['anchor']})")
        finally:
            for _, _, name in runs:
                if name is not None:
                    drop_database(args.postgres, name)
    print()
    print("(the whole command: both verifications and the read models' rebuild included)")
    print(reproduce_line("bench_copy.py", argv))
    print(machine_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
