"""Worker processes for the concurrency tests (run as a script, one process each).

Every worker imports everything first, prints "ready", and waits for a line on
stdin before touching the store, so the test can release them all at once. It
reports what it did as one JSON line on stdout.

    python workers.py notes URL CLAIM_ID NAME COUNT
    python workers.py register URL CLAIM_TEXT
"""

from __future__ import annotations

import json
import sys
from uuid import UUID

from claims.application import ClaimsLedger
from claims.errors import ConflictError
from claims.storage.location import locate_store


def _wait_for_the_start() -> None:
    print("ready", flush=True)
    sys.stdin.readline()


def add_notes(url: str, claim_id: str, name: str, count: int) -> dict[str, list[str]]:
    ledger = ClaimsLedger.open(locate_store(url))
    saved: list[str] = []
    conflicts: list[str] = []
    try:
        _wait_for_the_start()
        for number in range(count):
            text = f"{name} note {number}"
            try:
                ledger.add_note(UUID(claim_id), text, by=name)
            except ConflictError as exc:
                conflicts.append(f"{text}: {exc}")
            else:
                saved.append(text)
    finally:
        ledger.close()
    return {"saved": saved, "conflicts": conflicts}


def open_and_register(url: str, text: str) -> dict[str, str]:
    _wait_for_the_start()
    ledger = ClaimsLedger.open(locate_store(url))
    try:
        view = ledger.register_claim(text=text, quote="q", by="worker")
    finally:
        ledger.close()
    return {"id": str(view.id)}


def main(argv: list[str]) -> None:
    command, *args = argv
    if command == "notes":
        url, claim_id, name, count = args
        result: object = add_notes(url, claim_id, name, int(count))
    elif command == "register":
        url, text = args
        result = open_and_register(url, text)
    else:
        raise SystemExit(f"unknown worker command {command!r}")
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
