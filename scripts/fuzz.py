"""Run the fuzz tests (tests/fuzz) longer than CI does, with a seed that replays the run.

CI gives each property a few derandomized examples so the suite stays fast; this runs
EXAMPLES per property (per CLI option, for the option-by-option properties) with fresh
random inputs, on SQLite and, when the server is reachable, PostgreSQL:

    .venv/bin/python scripts/fuzz.py 200              # a random seed, printed
    .venv/bin/python scripts/fuzz.py 200 --seed 7     # replay that run
    .venv/bin/python scripts/fuzz.py 500 -k parsers   # only the matching tests

It prints what it ran, how long it took, and the command that reproduces it; the exit
code is pytest's (0: every property held).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("examples", type=int, help="examples per property (CI uses 1 to 60)")
    parser.add_argument("--seed", type=int, help="replay a run [default: a random seed]")
    parser.add_argument("-k", dest="keyword", help="only tests matching this pytest -k expression")
    args = parser.parse_args()
    if args.examples < 1:
        parser.error("examples must be at least 1")
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)

    command = [
        sys.executable,
        "-m",
        "pytest",
        "tests/fuzz",
        "-q",
        "-p",
        "no:cacheprovider",
        f"--hypothesis-seed={seed}",
        "-rfEX",
    ]
    if args.keyword:
        command += ["-k", args.keyword]
    env = dict(os.environ, CLAIMS_FUZZ_EXAMPLES=str(args.examples))
    print(f"fuzz: {args.examples} examples per property, seed {seed}", flush=True)
    started = time.perf_counter()
    code = subprocess.run(command, cwd=ROOT, env=env, check=False).returncode
    seconds = time.perf_counter() - started
    verdict = "PASS" if code == 0 else f"FAIL (pytest exit {code})"
    print(f"{verdict}: tests/fuzz with {args.examples} examples per property in {seconds:.0f} s")
    python = os.path.relpath(sys.executable, ROOT)
    replay = f"{python} scripts/fuzz.py {args.examples} --seed {seed}"
    if args.keyword:
        replay += f" -k {args.keyword!r}"
    print(f"reproduce: {replay}")
    return code


if __name__ == "__main__":
    sys.exit(main())
