"""What finding candidate duplicates costs at scale: index build and one lookup.

    python scripts/bench_similar.py [--claims 100000]

Makes N distinct claim texts from templates (actors, verbs, figures, years drawn at
random, fixed seed), builds the SimilarityIndex the way `claims similar` and
`claims ingest` do from the factcheck read model's (id, status, text) rows, and times
the build and 200 lookups. Reading the rows themselves is one paged scan of three
columns of the read model, not timed here.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import uuid

from benchkit import machine_line, reproduce_line

from claims.similar import SimilarityIndex

ACTORS = [
    "Russia",
    "China",
    "India",
    "Brazil",
    "Germany",
    "the city council",
    "the governor",
    "the central bank",
    "Novamed",
    "the ministry",
    "Nigeria",
    "Texas",
    "the union",
    "NATO",
]
THINGS = [
    "exports",
    "imports",
    "unemployment",
    "inflation",
    "crime",
    "turnout",
    "wages",
    "sales",
    "emissions",
    "rents",
    "tuition",
    "output",
    "spending",
    "debt",
    "measles cases",
]
MOVES = ["rose", "fell", "doubled", "grew", "dropped", "climbed", "declined", "jumped"]
PLACES = ["in the north", "in rural areas", "nationwide", "in the capital", "abroad", ""]


def text_of(rng: random.Random) -> str:
    actor = rng.choice(ACTORS)
    thing = rng.choice(THINGS)
    figure = rng.randint(1, 400)
    year = rng.randint(1990, 2025)
    place = rng.choice(PLACES)
    return (
        f"{actor.capitalize() if actor[0].islower() else actor} said {thing} "
        f"{rng.choice(MOVES)} {figure} percent {place} in {year}".replace("  ", " ")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    args = parser.parse_args(argv)
    rng = random.Random(15)
    rows = [
        (str(uuid.UUID(int=rng.getrandbits(128))), "open", text_of(rng)) for _ in range(args.claims)
    ]

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    index = SimilarityIndex.of(rows)
    built = time.perf_counter() - started
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before

    queries = [text_of(rng) for _ in range(200)]
    started = time.perf_counter()
    found = sum(len(index.candidates(q)) for q in queries)
    per_lookup = (time.perf_counter() - started) / len(queries)

    print(f"{args.claims:,} claims: index built in {built:.2f} s, about {grown / 1e3:.0f} MB")
    print(f"one lookup: {per_lookup * 1000:.1f} ms (200 lookups, {found} candidates found)")
    print(reproduce_line("bench_similar.py", ["--claims", str(args.claims)]))
    print(machine_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
