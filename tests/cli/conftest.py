"""A desk on a fresh SQLite file, and claims in each state of their life, made through the CLI."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.cli.support import CLAIMS_ENV, acting_as, invoke, sqlite_event_count

CLAIM_TEXT = "China-Russia trade totaled $240 billion last year"
CLAIM_QUOTE = "China's increased trade with Russia, totaling $240 billion last year"
OTHER_TEXT = "Russia is the largest supplier of oil to China"
OTHER_QUOTE = "Russia remains China's top oil supplier"
EVIDENCE_URL = "https://english.customs.gov.cn/"
EVIDENCE_QUOTE = "China-Russia trade in 2023: USD 240.1 billion, up 26.3% year on year."


def evidence_add(claim: str, stance: str = "supports") -> list[str]:
    """The arguments of `claims evidence add` with the customs figures as the source."""
    return [
        "evidence",
        "add",
        claim,
        "--url",
        EVIDENCE_URL,
        "--stance",
        stance,
        "--quote",
        EVIDENCE_QUOTE,
    ]


@dataclass
class Desk:
    """Runs `claims --db DB --as USER ...` in-process against one SQLite file."""

    db: str

    def run(self, *args: str, user: str = "alice", env: Mapping[str, str] | None = None) -> Result:
        return invoke(["--db", self.db, *acting_as(self.db, user), *args], env)

    def ok(self, *args: str, user: str = "alice") -> Result:
        result = self.run(*args, user=user)
        assert result.exit_code == 0, result.output
        assert result.stderr == "", result.output
        return result

    def json(self, *args: str, user: str = "alice") -> Any:
        return json.loads(self.ok(*args, "--json", user=user).stdout)

    def register(self, text: str = CLAIM_TEXT, quote: str = CLAIM_QUOTE) -> str:
        claim_id: str = self.json("add", text, "--quote", quote)["id"]
        return claim_id

    def events(self) -> int:
        return sqlite_event_count(self.db)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test runs in an empty working directory without CLAIMS_* variables,
    so the default ./claims.db can never be the repository's or the user's."""
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    for name in CLAIMS_ENV:
        monkeypatch.delenv(name, raising=False)
    return workdir


@pytest.fixture
def workdir(_isolated: Path) -> Path:
    return _isolated


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "ledger.db")


@pytest.fixture
def desk(db: str) -> Desk:
    return Desk(db)


@pytest.fixture
def claim_id(desk: Desk) -> str:
    """An open claim alice registered."""
    return desk.register()


@pytest.fixture
def in_review(desk: Desk, claim_id: str) -> str:
    """alice recorded a mostly-true verdict; it awaits review."""
    desk.ok("verdict", claim_id, "--rating", "mostly-true", "--rationale", "Customs data agree.")
    return claim_id


@pytest.fixture
def approved(desk: Desk, in_review: str) -> str:
    desk.ok("review", in_review, "approve", user="bob")
    return in_review


@pytest.fixture
def published(desk: Desk, approved: str) -> str:
    desk.ok("publish", approved, user="bob")
    return approved


@pytest.fixture
def dismissed(desk: Desk, claim_id: str) -> str:
    desk.ok("dismiss", claim_id, "--reason", "Not check-worthy.")
    return claim_id
