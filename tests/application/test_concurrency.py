"""Optimistic concurrency on the shared stores: retry on a fresh load, never lose an event."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError

from claims.application import ClaimsLedger
from claims.errors import AlreadyRegistered, ConflictError
from claims.storage.location import locate_store
from claims.views import ArticleView
from tests.application.support import (
    ARTICLE_TEXT,
    EDITOR,
    FACT_CHECKER,
    approved,
    article,
    claim,
    ledger_at,
)

WORKERS = Path(__file__).with_name("workers.py")
NOTES_PER_WORKER = 15
WORKER_COUNT = 4


class InterleavingLedger(ClaimsLedger):
    """A real ledger on the real store, whose saves first let a colleague act.

    Each save pops the next colleague action (if any) and runs it, so another
    ledger appends between this ledger's load and its save.
    """

    name = ClaimsLedger.name  # the same tables as every other ledger
    max_attempts = 5  # enough to show the limit without the full back-off

    def __init__(self, url: str, colleague_actions: list[Callable[[], object]]) -> None:
        super().__init__(locate_store(url))
        self.colleague_actions = colleague_actions
        self.save_calls = 0

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        self.save_calls += 1
        if self.colleague_actions:
            self.colleague_actions.pop(0)()
        return super().save(*objs, **kwargs)


@pytest.fixture
def colleague(shared_url: str) -> Iterator[ClaimsLedger]:
    """The other desk's ledger; it also creates the schema."""
    with ledger_at(shared_url) as ledger:
        yield ledger


@pytest.fixture
def interleaved(shared_url: str, colleague: ClaimsLedger) -> Iterator[InterleavingLedger]:
    ledger = InterleavingLedger(shared_url, [])
    try:
        yield ledger
    finally:
        ledger.close()


def test_saving_a_stale_claim_raises_integrity_error_and_stores_nothing(
    shared_url: str, colleague: ClaimsLedger
) -> None:
    claim_id = claim(colleague)
    with ledger_at(shared_url) as mine:
        stale = mine.repository.get(claim_id)
        colleague.add_note(claim_id, "colleague's note", by=EDITOR)
        before = mine.fingerprint()

        stale.add_note("my note", by=FACT_CHECKER)
        with pytest.raises(IntegrityError):
            mine.save(stale)

        assert mine.fingerprint() == before
        view = mine.add_note(claim_id, "my note", by=FACT_CHECKER)

    assert [(n.text, n.by) for n in view.notes] == [
        ("colleague's note", EDITOR),
        ("my note", FACT_CHECKER),
    ]
    assert [(h.version, h.type) for h in colleague.history(claim_id)] == [
        (1, "Registered"),
        (2, "NoteAdded"),
        (3, "NoteAdded"),
    ]


def test_a_command_whose_save_conflicts_is_retried_and_both_changes_are_kept(
    colleague: ClaimsLedger, interleaved: InterleavingLedger
) -> None:
    claim_id = claim(colleague)
    interleaved.colleague_actions.append(
        lambda: colleague.add_note(claim_id, "colleague's note", by=EDITOR)
    )

    view = interleaved.add_note(claim_id, "my note", by=FACT_CHECKER)

    assert interleaved.save_calls == 2
    assert [(n.text, n.by) for n in view.notes] == [
        ("colleague's note", EDITOR),
        ("my note", FACT_CHECKER),
    ]
    assert view.version == 3
    assert colleague.get_claim(claim_id) == view
    assert [(h.version, h.actor) for h in colleague.history(claim_id)] == [
        (1, FACT_CHECKER),
        (2, EDITOR),
        (3, FACT_CHECKER),
    ]


def test_a_retried_command_decides_again_on_the_fresh_state(
    colleague: ClaimsLedger, interleaved: InterleavingLedger
) -> None:
    claim_id = claim(colleague)
    interleaved.colleague_actions.append(
        lambda: colleague.add_evidence(
            claim_id, url="https://a.org/", quote="theirs", stance="refutes", by=EDITOR
        )
    )

    view, evidence_id = interleaved.add_evidence(
        claim_id, url="https://b.org/", quote="mine", stance="supports", by=FACT_CHECKER
    )

    assert evidence_id == "e2"
    assert [(e.id, e.quote) for e in view.evidence] == [("e1", "theirs"), ("e2", "mine")]


def test_a_command_the_fresh_state_no_longer_allows_is_a_conflict_and_stores_nothing(
    colleague: ClaimsLedger, interleaved: InterleavingLedger
) -> None:
    claim_id = approved(colleague)
    after_colleague: list[tuple[int, int]] = []

    def colleague_publishes() -> None:
        colleague.publish(claim_id, by=EDITOR)
        after_colleague.append(colleague.fingerprint())

    interleaved.colleague_actions.append(colleague_publishes)

    with pytest.raises(ConflictError) as conflict:
        interleaved.record_verdict(claim_id, rating="true", rationale="new data", by=FACT_CHECKER)

    assert str(conflict.value) == (
        f"claim {claim_id} was changed by someone else meanwhile: "
        "the verdict is published; change it with 'correct' and a note"
    )
    assert interleaved.fingerprint() == after_colleague[0]
    stored = colleague.get_claim(claim_id)
    assert stored.status == "published"
    assert stored.verdict is not None
    assert stored.verdict.rating == "false"


def test_a_claim_that_keeps_changing_is_a_conflict_after_the_last_attempt(
    colleague: ClaimsLedger, interleaved: InterleavingLedger
) -> None:
    claim_id = claim(colleague)
    attempts = InterleavingLedger.max_attempts
    interleaved.colleague_actions.extend(
        (lambda n=n: colleague.add_note(claim_id, f"colleague {n}", by=EDITOR))
        for n in range(attempts)
    )

    with pytest.raises(ConflictError, match=f"kept changing under {attempts} attempts"):
        interleaved.add_note(claim_id, "my note", by=FACT_CHECKER)

    assert interleaved.save_calls == attempts
    notes = colleague.get_claim(claim_id).notes
    assert [n.text for n in notes] == [f"colleague {n}" for n in range(attempts)]


def test_a_claim_registered_meanwhile_by_a_colleague_is_already_registered(
    colleague: ClaimsLedger, interleaved: InterleavingLedger
) -> None:
    theirs: list[UUID] = []
    interleaved.colleague_actions.append(
        lambda: theirs.append(claim(colleague, "Trade totaled $240 billion", by=EDITOR))
    )

    with pytest.raises(AlreadyRegistered, match="registered meanwhile") as refused:
        interleaved.register_claim(text="trade totaled $240 billion.", quote="q", by=FACT_CHECKER)

    assert refused.value.existing_id == str(theirs[0])
    assert colleague.get_claim(theirs[0]).registered_by == EDITOR
    assert colleague.fingerprint()[0] == 1


def test_an_article_registered_meanwhile_by_a_colleague_is_returned_as_not_new(
    colleague: ClaimsLedger, interleaved: InterleavingLedger
) -> None:
    theirs: list[ArticleView] = []
    interleaved.colleague_actions.append(lambda: theirs.append(article(colleague)))

    view, is_new = interleaved.register_article(
        title="My title", published=date(2024, 5, 17), text=ARTICLE_TEXT, url=None, by=EDITOR
    )

    assert is_new is False
    assert view == theirs[0]
    assert colleague.fingerprint()[0] == 1


def _run_workers(argvs: list[list[str]]) -> list[Any]:
    """Start every worker, release them together, and return their JSON reports."""
    processes = [
        subprocess.Popen(
            [sys.executable, str(WORKERS), *argv],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for argv in argvs
    ]
    try:
        for process in processes:
            assert process.stdout is not None
            ready = process.stdout.readline().strip()
            assert ready == "ready", process.communicate(timeout=30)[1]
        for process in processes:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        outputs = [process.communicate(timeout=60) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    for process, (_, stderr) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, stderr
    return [json.loads(stdout.strip().splitlines()[-1]) for stdout, _ in outputs]


def test_notes_added_by_concurrent_processes_are_all_kept(
    shared_url: str, colleague: ClaimsLedger
) -> None:
    claim_id = claim(colleague, "A claim the whole desk comments on")

    reports = _run_workers(
        [
            ["notes", shared_url, str(claim_id), f"writer{n}", str(NOTES_PER_WORKER)]
            for n in range(WORKER_COUNT)
        ]
    )

    saved = [text for report in reports for text in report["saved"]]
    refused = [text for report in reports for text in report["conflicts"]]
    assert refused == [], "retries with back-off keep every still-valid command"
    assert len(saved) == WORKER_COUNT * NOTES_PER_WORKER
    view = colleague.get_claim(claim_id)
    assert sorted(n.text for n in view.notes) == sorted(saved)
    assert view.version == 1 + len(saved)
    history = colleague.history(claim_id)
    assert [entry.version for entry in history] == list(range(1, view.version + 1))
    for report in reports:
        own = [n.text for n in view.notes if n.text in set(report["saved"])]
        assert own == report["saved"], "a writer's notes are stored in the order it added them"


def test_processes_opening_a_fresh_store_at_the_same_time_all_succeed(shared_url: str) -> None:
    texts = [f"Claim registered by process {n}" for n in range(WORKER_COUNT)]

    reports = _run_workers([["register", shared_url, text] for text in texts])

    with ledger_at(shared_url) as ledger:
        listed = {row.id: row.text for row in ledger.list_claims()}
    assert listed == {UUID(report["id"]): text for report, text in zip(reports, texts, strict=True)}
