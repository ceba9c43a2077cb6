"""What do events stored before their class changed shape cost the readers that upcast them?

`Claim.EvidenceAdded` and `Claim.MarkedDuplicate` are at class version 2. A store
written before that holds them in the version-1 shape, and every reader upcasts
them on the way in (`claims/upcasting.py`): the projections' decoder hands such a
state to the mapper, which upcasts it into a domain event, and encodes that again,
where a current event is one `orjson.loads`.

1. It builds a SQLite store of --events events with `bench_rebuild.py`'s builder
   (a desk's realistic mix, current shapes) and a copy in which every event of the
   two classes is rewritten into its version-1 shape, as the old code stored it.
2. On each store, in separate processes, alternating, --repeat times: `claims
   projections rebuild --all` and `claims audit log --json` (which also upcasts).
3. It prints the best time of each on each store, the share of old-shape events,
   and the extra cost per old-shape event.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

import orjson
from bench_rebuild import ensure_store, measure
from benchkit import machine_line, reproduce_line

CHANGED = ("domain.claim:Claim.EvidenceAdded", "domain.claim:Claim.MarkedDuplicate")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000, help="events in the store")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command per store")
    parser.add_argument("--store", type=Path, default=None, help="keep/reuse the store here")
    return parser.parse_args(argv)


def age_to_version_1(path: Path) -> int:
    """Rewrite the changed events of a SQLite store into their version-1 shape."""
    with closing(sqlite3.connect(str(path))) as db, db:
        rows = db.execute(
            "SELECT rowid, topic, state FROM stored_events WHERE topic IN (?, ?)", CHANGED
        ).fetchall()
        for rowid, topic, raw in rows:
            state = orjson.loads(raw)
            del state["class_version"]
            if topic == CHANGED[0]:
                del state["accessed_on"]
            else:
                state["original_id"] = state.pop("duplicate_of")
            db.execute(
                "UPDATE stored_events SET state = ? WHERE rowid = ?", (orjson.dumps(state), rowid)
            )
    return len(rows)


def best_seconds(path: Path, *args: str) -> float:
    command = [sys.executable, "-m", "claims", "--db", str(path), *args]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMS_")}
    _, seconds, _ = measure(command, env)
    return seconds


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    commands = {
        "projections rebuild --all": ("projections", "rebuild", "--all", "--json"),
        "audit log --json": ("audit", "log", "--json"),
    }
    with tempfile.TemporaryDirectory() as tmp:
        current = args.store or Path(tmp) / "current.db"
        ensure_store(current, args.events, 1_000)
        old = Path(tmp) / "old.db"
        shutil.copyfile(current, old)
        aged = age_to_version_1(old)
        best: dict[tuple[str, str], float] = {}
        for _ in range(args.repeat):
            for name, command in commands.items():
                for label, path in (("current", current), ("old", old)):
                    seconds = best_seconds(path, *command)
                    key = (name, label)
                    best[key] = min(best.get(key, seconds), seconds)
    print()
    print(
        f"events: {args.events:,}, of which {aged:,} ({aged / args.events:.0%}) are "
        "EvidenceAdded or MarkedDuplicate, stored in the version-1 shape in the old store"
    )
    for name in commands:
        new_s, old_s = best[(name, "current")], best[(name, "old")]
        extra_us = (old_s - new_s) / aged * 1e6 if aged else 0.0
        print(
            f"claims {name:<26} current shapes {new_s:6.2f} s, old shapes {old_s:6.2f} s "
            f"({old_s / new_s - 1:+.0%}; {extra_us:+.1f} µs per old event), best of {args.repeat}"
        )
    print()
    print(reproduce_line("bench_upcast.py", argv))
    print(machine_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
