"""What the role check costs a write: notes added one command at a time to one claim
on a SQLite desk, without a team and with one (the check reads the team's events
before every save).

    python scripts/bench_team_check.py [--notes N] [--members M]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchkit import machine_line, ms, opened, reproduce_line


def per_command(path: Path, notes: int, members: int) -> float:
    """Median seconds per `add_note` (catch-up off: the check alone, not the read models)."""
    with opened(path) as ledger:
        ledger.catch_up_on_save = False
        ledger._runner = "boss"  # the OS account, fixed so the team's admin runs it
        if members:  # boss forms the team as its admin, and checks too
            ledger.add_member("boss", ["checker"], by="boss")
            for n in range(members):
                ledger.add_member(f"member{n}", ["checker"], by="boss")
        claim_id = ledger.register_claim(text="A claim noted on", quote="q", by="boss").id
        samples = []
        for n in range(notes):
            began = time.perf_counter()
            ledger.add_note(claim_id, f"note {n}", by="boss")
            samples.append(time.perf_counter() - began)
    samples.sort()
    return samples[len(samples) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--members", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        without = per_command(Path(directory) / "open.db", args.notes, 0)
        with_team = per_command(Path(directory) / "team.db", args.notes, args.members)
    print(f"note added, {'no team:':<22} {ms(without)} per command (median)")
    team = f"team of {args.members + 1} members:"
    print(f"note added, {team:<22} {ms(with_team)} per command (median)")
    print(f"{'the role check adds:':<34} {ms(with_team - without)}")
    print(
        reproduce_line(
            "bench_team_check.py", ["--notes", str(args.notes), "--members", str(args.members)]
        )
    )
    print(machine_line())


if __name__ == "__main__":
    main()
