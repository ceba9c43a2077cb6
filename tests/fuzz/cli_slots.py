"""Every argument and option of the CLI that takes a value, as a slot a fuzzer can fill.

A slot is one command with TEXT in one place, what the claim it names must have been
through, and, when the text is stored, where it shows in `claims show --json`.
`test_every_option_of_the_cli_has_a_slot` keeps this list complete.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from claims.application import ClaimsLedger
from domain.names import member_name

TEXT = "{text}"
# A path made of the text, always under the working directory.
PATH = "./{text}"
EVIDENCE_URL = "https://stats.example/trade"
ARTICLE = "The minister said exports rose 12 percent in March, officials said."


def stripped(text: str) -> str:
    return text.strip()


@dataclass(frozen=True)
class Slot:
    command: str  # the command path as `claims --help` names it; "" for global options
    param: str  # the parameter's name in the command's signature
    args: tuple[str, ...]  # with {text}, {claim}, {other}, {article}, {db}
    needs: str = "none"  # open, in-review, published, with-evidence, or none (shared claims)
    user: str = "alice"
    stored: Callable[[dict[str, Any]], Any] | None = None  # where `show --json` keeps it
    expected: Callable[[str], Any] = stripped
    global_options: bool = False  # args carry --db/--as themselves

    @property
    def name(self) -> str:
        return f"{self.command or 'claims'} {self.param}"

    @property
    def writes(self) -> bool:
        return self.needs != "none"


def _last(key: str, field: str) -> Callable[[dict[str, Any]], Any]:
    return lambda view: view[key][-1][field]


SLOTS = [
    # global options
    Slot("", "db", ("--db", PATH, "--as", "alice", "list"), global_options=True),
    Slot(
        "",
        "user",
        ("--db", "{db}", "--as", TEXT, "note", "{claim}", "A note."),
        needs="open",
        global_options=True,
        stored=_last("notes", "by"),
        expected=member_name,
    ),
    # claims and their life
    Slot("add", "text", ("add", TEXT, "--quote", "q"), needs="open", stored=lambda v: v["text"]),
    Slot(
        "add",
        "quote",
        ("add", "{fresh}", "--quote", TEXT),
        needs="open",
        stored=lambda v: v["quote"],
    ),
    Slot("add", "article", ("add", "{fresh}", "--quote", "q", "--article", TEXT), needs="open"),
    Slot(
        "add",
        "speaker",
        ("add", "{fresh}", "--quote", "q", "--speaker", TEXT),
        needs="open",
        stored=lambda v: v["speaker"],
    ),
    Slot(
        "add", "source_url", ("add", "{fresh}", "--quote", "q", "--source-url", TEXT), needs="open"
    ),
    Slot("assign", "claim", ("assign", TEXT, "maria"), needs="open"),
    Slot(
        "assign",
        "user",
        ("assign", "{claim}", TEXT),
        needs="open",
        stored=lambda v: v["assignee"],
        expected=member_name,
    ),
    Slot("verdict", "claim", ("verdict", TEXT, "--rating", "true", "--rationale", "r"), "open"),
    Slot("verdict", "rating", ("verdict", "{claim}", "--rating", TEXT, "--rationale", "r"), "open"),
    Slot(
        "verdict",
        "rationale",
        ("verdict", "{claim}", "--rating", "false", "--rationale", TEXT),
        needs="open",
        stored=lambda v: v["verdict"]["rationale"],
    ),
    Slot("review", "claim", ("review", TEXT, "approve"), needs="in-review", user="bob"),
    Slot("review", "decision", ("review", "{claim}", TEXT), needs="in-review", user="bob"),
    Slot(
        "review",
        "reason",
        ("review", "{claim}", "reject", "--reason", TEXT),
        needs="in-review",
        user="bob",
        stored=lambda v: v["verdict"]["rejection_reason"],
    ),
    Slot("publish", "claim", ("publish", TEXT), needs="published"),
    Slot("correct", "claim", ("correct", TEXT, "--rating", "false", "--note", "n"), "published"),
    Slot("correct", "rating", ("correct", "{claim}", "--rating", TEXT, "--note", "n"), "published"),
    Slot(
        "correct",
        "note",
        ("correct", "{claim}", "--rating", "false", "--note", TEXT),
        needs="published",
        stored=_last("corrections", "note"),
    ),
    Slot("retract", "claim", ("retract", TEXT, "--reason", "Revised."), needs="published"),
    Slot(
        "retract",
        "reason",
        ("retract", "{claim}", "--reason", TEXT),
        needs="published",
        stored=_last("retractions", "reason"),
    ),
    Slot("dismiss", "claim", ("dismiss", TEXT, "--reason", "Opinion."), needs="open"),
    Slot(
        "dismiss",
        "reason",
        ("dismiss", "{claim}", "--reason", TEXT),
        needs="open",
        stored=lambda v: v["dismissed_reason"],
    ),
    Slot("reopen", "claim", ("reopen", TEXT), needs="open"),
    Slot("duplicate", "claim", ("duplicate", TEXT, "--of", "{other}"), needs="open"),
    Slot("duplicate", "of", ("duplicate", "{claim}", "--of", TEXT), needs="open"),
    Slot("note", "claim", ("note", TEXT, "A note."), needs="open"),
    Slot("note", "text", ("note", "{claim}", TEXT), needs="open", stored=_last("notes", "text")),
    Slot(
        "evidence add",
        "claim",
        ("evidence", "add", TEXT, "--url", EVIDENCE_URL, "--stance", "supports", "--quote", "q"),
        needs="open",
    ),
    Slot(
        "evidence add",
        "url",
        ("evidence", "add", "{claim}", "--url", TEXT, "--stance", "supports", "--quote", "q"),
        needs="open",
    ),
    Slot(
        "evidence add",
        "stance",
        ("evidence", "add", "{claim}", "--url", EVIDENCE_URL, "--stance", TEXT, "--quote", "q"),
        needs="open",
    ),
    Slot(
        "evidence add",
        "quote",
        (
            "evidence",
            "add",
            "{claim}",
            "--url",
            EVIDENCE_URL,
            "--stance",
            "refutes",
            "--quote",
            TEXT,
        ),
        needs="open",
        stored=_last("evidence", "quote"),
    ),
    Slot(
        "evidence add",
        "note",
        (
            "evidence",
            "add",
            "{claim}",
            "--url",
            EVIDENCE_URL,
            "--stance",
            "context",
            "--quote",
            "q",
            "--note",
            TEXT,
        ),
        needs="open",
        stored=_last("evidence", "note"),
    ),
    Slot(
        "evidence add",
        "accessed_on",
        (
            "evidence",
            "add",
            "{claim}",
            "--url",
            EVIDENCE_URL,
            "--stance",
            "supports",
            "--quote",
            "q",
            "--accessed-on",
            TEXT,
        ),
        needs="open",
    ),
    Slot("demo", "seed_file", ("demo", "--seed-file", PATH)),
    Slot("report", "article", ("report", TEXT, "--out", "report.html")),
    Slot("report", "out", ("report", "--desk", "--out", PATH)),
    Slot("report", "since", ("report", "--desk", "--since", TEXT, "--out", "report.html")),
    Slot("report", "until", ("report", "--desk", "--until", TEXT, "--out", "report.html")),
    Slot("stats", "since", ("stats", "--since", TEXT)),
    Slot("stats", "until", ("stats", "--until", TEXT)),
    Slot("similar", "claim", ("similar", TEXT)),
    Slot("list", "wait", ("list", "--wait", TEXT)),
    Slot("queue", "wait", ("queue", "--wait", TEXT)),
    Slot("articles", "wait", ("articles", "--wait", TEXT)),
    Slot("export csv", "wait", ("export", "csv", "--wait", TEXT)),
    Slot("export claimreview", "wait", ("export", "claimreview", "--wait", TEXT)),
    Slot(
        "evidence withdraw",
        "claim",
        ("evidence", "withdraw", TEXT, "e1", "--reason", "r"),
        needs="with-evidence",
    ),
    Slot(
        "evidence withdraw",
        "evidence_id",
        ("evidence", "withdraw", "{claim}", TEXT, "--reason", "r"),
        needs="with-evidence",
    ),
    Slot(
        "evidence withdraw",
        "reason",
        ("evidence", "withdraw", "{claim}", "e1", "--reason", TEXT),
        needs="with-evidence",
        stored=_last("evidence", "withdrawn_reason"),
    ),
    # reading
    Slot("show", "claim", ("show", TEXT)),
    Slot("show", "version", ("show", "{claim}", "--version", TEXT)),
    Slot("show", "as_of", ("show", "{claim}", "--as-of", TEXT)),
    Slot("list", "status", ("list", "--status", TEXT)),
    Slot("list", "article", ("list", "--article", TEXT)),
    Slot("list", "speaker", ("list", "--speaker", TEXT)),
    Slot("list", "rating", ("list", "--rating", TEXT)),
    Slot("list", "assignee", ("list", "--assignee", TEXT)),
    Slot("history", "claim", ("history", TEXT)),
    Slot("diff", "claim", ("diff", TEXT, "1", "1")),
    Slot("diff", "version_a", ("diff", "{claim}", TEXT, "1")),
    Slot("diff", "version_b", ("diff", "{claim}", "1", TEXT)),
    Slot("queue", "user", ("queue", TEXT)),
    Slot("audit log", "actor", ("audit", "log", "--actor", TEXT)),
    Slot("audit log", "since", ("audit", "log", "--since", TEXT)),
    Slot("audit log", "until", ("audit", "log", "--until", TEXT)),
    Slot("audit log", "event_type", ("audit", "log", "--type", TEXT)),
    Slot("audit log", "claim", ("audit", "log", "--claim", TEXT)),
    Slot("audit verify", "anchor", ("audit", "verify", "--anchor", TEXT)),
    Slot("audit verify", "file", ("audit", "verify", "--file", PATH)),
    Slot("audit export", "out", ("audit", "export", "--out", PATH)),
    Slot("audit export", "claim", ("audit", "export", "--out", "one.jsonl", "--claim", TEXT)),
    Slot("export claimreview", "out", ("export", "claimreview", "--out", PATH)),
    Slot("export csv", "out", ("export", "csv", "--out", PATH)),
    Slot("projections rebuild", "name", ("projections", "rebuild", TEXT)),
    Slot("projections rebuild", "batch", ("projections", "rebuild", "--all", "--batch", TEXT)),
    Slot("projections rebuild", "workers", ("projections", "rebuild", "--all", "--workers", TEXT)),
    Slot("projections verify", "name", ("projections", "verify", TEXT)),
    Slot("copy-to", "target", ("copy-to", PATH)),
    # files in
    Slot("ingest", "files", ("ingest", PATH), needs="open"),
    Slot("ingest", "fmt", ("ingest", "{article}", "--format", TEXT), needs="open"),
    Slot("ingest", "url", ("ingest", "{article}", "--url", TEXT), needs="open"),
    Slot("ingest", "published", ("ingest", "{article}", "--published", TEXT), needs="open"),
    Slot("ingest", "min_score", ("ingest", "{article}", "--min-score", TEXT), needs="open"),
    Slot("scale adopt", "file", ("scale", "adopt", PATH), needs="open"),
]

STORED_SLOTS = [slot for slot in SLOTS if slot.stored is not None]

_fresh = itertools.count(1)


def fresh_claim_text() -> str:
    """A claim text no earlier example registered (claim ids come from the text)."""
    n = next(_fresh)
    return f"Fuzzed claim {n}: exports rose {n} percent"


def prepare(ledger: ClaimsLedger, needs: str) -> UUID:
    """A claim that has been through `needs`, made in-process (faster than the CLI)."""
    claim = ledger.register_claim(text=fresh_claim_text(), quote="q", by="alice").id
    if needs in ("in-review", "published"):
        ledger.record_verdict(claim, rating="true", rationale="Customs data agree.", by="alice")
    if needs == "published":
        ledger.approve_verdict(claim, by="bob")
        ledger.publish(claim, by="bob")
    if needs == "with-evidence":
        ledger.add_evidence(claim, url=EVIDENCE_URL, quote="q", stance="supports", by="alice")
    return claim


def fill(args: Sequence[str], text: str, values: dict[str, str]) -> list[str]:
    """The command's words: the named values in place, then the text (last, so that
    braces in a hostile text are left as they are)."""
    filled = []
    for template in args:
        part = template
        for key, value in values.items():
            part = part.replace("{" + key + "}", value)
        filled.append(part.replace(TEXT, text))
    return filled
