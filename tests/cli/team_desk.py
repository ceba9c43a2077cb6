"""A SQLite desk with a team and a claim in every state, built once and copied per test.

The desk's admin `boss` formed the team; `cara` checks, `ed` edits, `aud` audits,
`adm` is a second admin. On SQLite who runs a command is the OS account, so tests
choose it by replacing `claims.trust.identity.os_login` (the one seam), and run the
command exactly as that account would.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import Result

from claims.application import ClaimsLedger
from claims.storage.location import locate_store
from tests.cli.support import invoke

MEMBERS = {"cara": ["checker"], "ed": ["editor"], "aud": ["auditor"], "adm": ["admin"]}
ADMIN = "boss"


@contextmanager
def running_as(name: str) -> Iterator[None]:
    """Every ledger opened meanwhile sees `name` as the OS account running it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("claims.trust.identity.os_login", lambda: name)
        yield


@dataclass(frozen=True)
class States:
    open: str
    other_open: str
    in_review: str
    approved: str
    published: str
    dismissed: str
    with_evidence: str


def build(db: Path) -> States:
    """The team and a claim in each state, all through the ledger as its members."""
    with running_as(ADMIN):
        ledger = ClaimsLedger.open(locate_store(str(db)))
        try:
            for name, roles in MEMBERS.items():
                ledger.add_member(name, roles, by=ADMIN)
            return _claims(ledger)
        finally:
            ledger.close()


def _claims(ledger: ClaimsLedger) -> States:
    def claim(text: str) -> str:
        return str(ledger.register_claim(text=text, quote="q", by="cara").id)

    def verdict(text: str) -> str:
        claim_id = claim(text)
        ledger.record_verdict(_id(claim_id), rating="false", rationale="data", by="cara")
        return claim_id

    approved = verdict("An approved claim")
    ledger.approve_verdict(_id(approved), by="ed")
    published = verdict("A published claim")
    ledger.approve_verdict(_id(published), by="ed")
    ledger.publish(_id(published), by="ed")
    dismissed = claim("A dismissed claim")
    ledger.dismiss(_id(dismissed), reason="not check-worthy", by="ed")
    with_evidence = claim("A claim with evidence")
    ledger.add_evidence(
        _id(with_evidence), url="https://example.com/", quote="q", stance="supports", by="cara"
    )
    return States(
        open=claim("An open claim"),
        other_open=claim("Another open claim"),
        in_review=verdict("A claim in review"),
        approved=approved,
        published=published,
        dismissed=dismissed,
        with_evidence=with_evidence,
    )


def _id(text: str):  # type: ignore[no-untyped-def]
    from uuid import UUID

    return UUID(text)


@dataclass(frozen=True)
class TeamDesk:
    db: str
    states: States

    def run(self, who: str, *args: str) -> Result:
        with running_as(who):
            return invoke(["--db", self.db, *args])


def copy_desk(template: tuple[Path, States], directory: Path) -> TeamDesk:
    source, states = template
    target = directory / "desk.db"
    shutil.copyfile(source, target)
    return TeamDesk(str(target), states)
