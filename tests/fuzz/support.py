"""What every fuzz property checks, and how many examples it may spend.

CI runs each property a fixed, small number of times with derandomize=True, so a run
is repeatable and its time bounded. `scripts/fuzz.py` sets CLAIMS_FUZZ_EXAMPLES for
longer, seeded runs (pytest's --hypothesis-seed then picks the inputs).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, settings
from typer.testing import Result

from claims.application import ClaimsLedger
from claims.storage.location import locate_store
from tests.cli.support import acting_as, invoke

EXAMPLES_VARIABLE = "CLAIMS_FUZZ_EXAMPLES"


def fuzz_settings(examples: int, *, shrink: bool = True) -> settings:
    """`examples` per property in CI (repeatable); CLAIMS_FUZZ_EXAMPLES in long runs.
    Without `shrink` a failure is reported as found (a store-backed property would
    spend most of its time shrinking, and its failing example is readable as it is)."""
    longer = os.environ.get(EXAMPLES_VARIABLE)
    phases = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target]
    return settings(
        phases=[*phases, Phase.shrink] if shrink else phases,
        max_examples=int(longer) if longer else examples,
        deadline=None,
        derandomize=not longer,
        database=None,
        print_blob=True,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.function_scoped_fixture,
            HealthCheck.differing_executors,
        ],
    )


@contextmanager
def ledger_at(url: str) -> Iterator[ClaimsLedger]:
    ledger = ClaimsLedger.open(locate_store(url))
    try:
        yield ledger
    finally:
        ledger.close()


@dataclass
class FuzzDesk:
    """A store driven through the CLI in-process, checked after every command.

    `attempt` holds each command to the contract: exit 0, 1 or 2; no traceback; a
    failure prints one stderr line and leaves the store as it was. Accepted hostile
    texts are kept, and `round_trip` proves they survive the read models, an audit
    export and its offline verification.
    """

    db: str
    workdir: Path
    ledger: ClaimsLedger
    accepted: list[str] = field(default_factory=list)

    def run(self, *args: str, user: str = "alice") -> Result:
        return invoke(["--db", self.db, *acting_as(self.db, user), *args])

    def ok(self, *args: str, user: str = "alice") -> Result:
        result = self.run(*args, user=user)
        assert result.exit_code == 0, result.output
        return result

    def json(self, *args: str, user: str = "alice") -> Any:
        return json.loads(self.ok(*args, "--json", user=user).stdout)

    def fingerprint(self) -> tuple[int, int]:
        return self.ledger.fingerprint()

    def attempt(
        self, args: Sequence[str], *, user: str = "alice", global_options: bool = False
    ) -> Result:
        """Run a command (with --db and --as unless `global_options`: args carry them)."""
        before = self.fingerprint()
        result = invoke(args) if global_options else self.run(*args, user=user)
        assert_contract(result, args)
        if result.exit_code != 0:
            assert self.fingerprint() == before, (args, result.stderr)
        return result

    def refused(self, args: Sequence[str], *, user: str = "alice") -> str:
        """A command that must be refused as bad input: its one stderr line."""
        result = self.attempt(args, user=user)
        assert result.exit_code == 2, (args, result.output)
        return result.stderr.strip()

    def round_trip(self) -> None:
        """Everything accepted so far reads back from the read models and the audit
        export, and the export verifies offline to the store's own root."""
        listed = self.json("list")
        assert isinstance(listed, list)
        verified = self.run("projections", "verify")
        assert verified.exit_code == 0, verified.output
        export = self.workdir / "fuzz-export.jsonl"
        self.ok("audit", "export", "--out", str(export))
        offline = self.json("audit", "verify", "--file", str(export))
        store = self.json("audit", "verify")
        assert offline["intact"], offline
        assert (offline["root"], offline["events"]) == (store["root"], store["events"]), offline
        exported = export.read_text(encoding="utf-8")
        stored = "\n".join(
            json.dumps(json.loads(line)["payload"], ensure_ascii=False)
            for line in exported.splitlines()[1:]
        )
        for text in self.accepted:
            assert json.dumps(text, ensure_ascii=False)[1:-1] in stored, text


def assert_contract(result: Result, args: Sequence[str]) -> None:
    """Exit 0, 1 or 2; never a traceback; a failure is one stderr line, nothing on stdout;
    a success says nothing on stderr (a store that took the event but not its read
    models warns there: that is a store going wrong, not a success)."""
    assert result.exit_code in (0, 1, 2), (args, result.output)
    assert "Traceback" not in result.output, (args, result.output)
    assert "internal error" not in result.stderr, (args, result.stderr)
    if result.exit_code == 0:
        assert result.stderr == "", (args, result.stderr)
    if result.exit_code != 0:
        assert result.stdout == "", (args, result.output)
        lines = result.stderr.splitlines()
        assert len(lines) == 1, (args, result.stderr)
        assert lines[0].startswith("claims"), (args, result.stderr)


@contextmanager
def fuzz_desk(url: str, workdir: Path) -> Iterator[FuzzDesk]:
    with ledger_at(url) as ledger:
        yield FuzzDesk(db=url, workdir=workdir, ledger=ledger)
