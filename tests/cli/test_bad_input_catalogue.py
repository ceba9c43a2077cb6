"""A catalogue of bad input across every command: ids, options, files, encodings, sizes,
control characters, SQL and shell metacharacters, paths.

Each case asserts the exit code, exactly one stderr line (matched against the case's
pattern), nothing on stdout, and an unchanged store fingerprint. The store is built once
per module and shared: every case must leave it as it was, which is what each asserts.
Cases that store or look up text run on PostgreSQL too.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from claims.application import ClaimsLedger
from claims.extraction import parse_articles
from claims.storage.location import locate_store
from tests.cli.support import acting_as, assert_one_line_error, invoke

CLAIM = "China-Russia trade totaled $240 billion last year"
IN_REVIEW = "Russia is the largest supplier of oil to China"
PUBLISHED = "The U.S. is bound by law to help defend Taiwan"
ARTICLE = "Exports\n\nThe minister said exports rose 12 percent in March, officials said.\n"
URL = "https://stats.example/trade"
LONG = "x" * 5_001
HEX64 = "ab" * 32
SCALE = {
    "name": "fever",
    "ratings": [
        {"key": "supports", "label": "Supported"},
        {"key": "refutes", "label": "Refuted"},
    ],
}


@dataclass(frozen=True)
class Case:
    """One bad input: the command (placeholders {claim}, {review}, {published},
    {article}, {db}), the exit code, and a pattern its one stderr line must match."""

    args: tuple[str, ...]
    exit_code: int
    pattern: str
    files: dict[str, bytes] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    user: str = "bob"
    text: bool = False  # stores or looks up text: run on PostgreSQL as well
    xfail: str | None = None
    global_options: bool = False  # args carry --db and --as themselves


def case(*args: str, exit_code: int = 2, pattern: str, **options: object) -> Case:
    return Case(args=args, exit_code=exit_code, pattern=pattern, **options)  # type: ignore[arg-type]


CASES: dict[str, Case] = {
    # --- ids ---
    "show an id of 33 hex digits": case(
        "show", "0" * 33, pattern=r"'0{33}' is not a claim id \(8 to 32 hex characters\)$"
    ),
    "show an id in braces": case("show", "{{claim}}", pattern=r"is not a claim id"),
    "history of an SQL injection": case(
        "history", "' OR 1=1 --", pattern=r"^claims: \"' OR 1=1 --\" is not a claim id", text=True
    ),
    "history of a LIKE wildcard": case("history", "%", pattern=r"'%' is not a claim id", text=True),
    "show an id of bytes that are not UTF-8": case("show", "caf\udce9", pattern=r"claims: "),
    "diff with a version that is a word": case(
        "diff", "{claim}", "1", "abc", pattern=r"Invalid value for 'VERSION_B'"
    ),
    "diff with a version the claim never had": case(
        "diff", "{claim}", "1", "99", pattern=r"has no version 99"
    ),
    "diff with a negative version": case("diff", "{claim}", "1", "-1", pattern=r"-1"),
    "show --as-of a word": case(
        "show", "{claim}", "--as-of", "yesterday", pattern=r"is not an ISO-8601 date"
    ),
    "show --as-of a day that does not exist": case(
        "show", "{claim}", "--as-of", "2024-02-30", pattern=r"is not an ISO-8601 date"
    ),
    "show --as-of before the claim existed": case(
        "show", "{claim}", "--as-of", "1999-01-01", pattern=r"claims: .*1999"
    ),
    "show --version that is not a number": case(
        "show", "{claim}", "--version", "1e3", pattern=r"Invalid value for '--version'"
    ),
    # --- member names ---
    "assign to a name with a zero-width space": case(
        "assign", "{claim}", "maria\u200b", pattern=r"U\+200B ZERO WIDTH SPACE", text=True
    ),
    "assign to a shell command": case(
        "assign", "{claim}", "$(id)", pattern=r"user name '\$\(id\)' holds U\+0024", text=True
    ),
    "queue of a name with a zero-width space": case(
        "queue", "maria\u200b", pattern=r"U\+200B", text=True
    ),
    "queue of a dash": case("queue", "-", pattern=r"must start with a letter or a digit"),
    "--as a shell command": case(
        "note", "{claim}", "A note.", user="root;rm -rf /", pattern=r"holds U\+003B SEMICOLON"
    ),
    "CLAIMS_USER with an escape sequence": case(
        "--db",
        "{db}",
        "note",
        "{claim}",
        "A note.",
        env={"CLAIMS_USER": "maria\x1b[31m"},
        global_options=True,
        pattern=r"U\+001B",
    ),
    "--as a name too long for a login": case(
        "note", "{claim}", "A note.", user="m" * 64, pattern=r"more than 63 characters"
    ),
    # --- verdicts and reviews ---
    "verdict with SQL as the rating": case(
        "verdict",
        "{claim}",
        "--rating",
        "true'; DROP TABLE stored_events; --",
        "--rationale",
        "r",
        pattern=r"is not on the default scale",
        text=True,
    ),
    "verdict with an empty rationale": case(
        "verdict", "{claim}", "--rating", "true", "--rationale", "", pattern=r"rationale"
    ),
    "verdict with a rationale over 5000 characters": case(
        "verdict", "{claim}", "--rating", "true", "--rationale", LONG, pattern=r"rationale"
    ),
    "review decision in capitals": case(
        "review", "{review}", "APPROVE", pattern=r"'APPROVE' is not one of 'approve', 'reject'"
    ),
    "review reject with a blank reason": case(
        "review", "{review}", "reject", "--reason", "   ", pattern=r"reason"
    ),
    "approving your own verdict": case(
        "review", "{review}", "approve", user="alice", exit_code=1, pattern=r"four-eyes rule"
    ),
    "publishing a verdict awaiting review": case(
        "publish", "{review}", exit_code=1, pattern=r"claims: "
    ),
    "correcting to the rating already published": case(
        "correct",
        "{published}",
        "--rating",
        "true",
        "--note",
        "n",
        exit_code=1,
        pattern=r"claims: ",
    ),
    "correcting with an empty note": case(
        "correct", "{published}", "--rating", "false", "--note", "", pattern=r"note"
    ),
    "retracting with a reason over 5000 characters": case(
        "retract", "{published}", "--reason", LONG, pattern=r"reason"
    ),
    "dismissing with a tab as the reason": case(
        "dismiss", "{claim}", "--reason", "\t", pattern=r"reason"
    ),
    "reopening an open claim": case("reopen", "{claim}", exit_code=1, pattern=r"claims: "),
    "a claim as its own duplicate": case(
        "duplicate", "{claim}", "--of", "{claim}", exit_code=1, pattern=r"claims: "
    ),
    "duplicate of a malformed id": case(
        "duplicate", "{claim}", "--of", "zz", pattern=r"'zz' is not a claim id"
    ),
    # --- notes and free text ---
    "an empty note": case("note", "{claim}", "", pattern=r"note|text"),
    "a note over 5000 characters": case("note", "{claim}", LONG, pattern=r"note|text"),
    "a note with a NUL": case("note", "{claim}", "a\x00b", pattern=r"U\+0000", text=True),
    "a note with an escape sequence": case(
        "note",
        "{claim}",
        "\x1b[2J\x1b[Hcleared",
        pattern=r"U\+001B",
        text=True,
    ),
    "a note with DEL and a C1 control": case(
        "note", "{claim}", "a\x7fb\x9bc", pattern=r"U\+007F|U\+009B"
    ),
    "a note of bytes that are not UTF-8": case(
        "note",
        "{claim}",
        "caf\udce9",
        pattern=r"UTF-8",
    ),
    # --- registering claims ---
    "a claim text over 5000 characters": case("add", LONG, "--quote", "q", pattern=r"text"),
    "a speaker over 300 characters": case(
        "add", "A new claim number 1", "--quote", "q", "--speaker", "s" * 301, pattern=r"speaker"
    ),
    "a speaker of two lines": case(
        "add",
        "A new claim number 2",
        "--quote",
        "q",
        "--speaker",
        "Putin\nsaid Xi",
        pattern=r"U\+000A",
        text=True,
    ),
    "a javascript: source URL": case(
        "add",
        "A new claim number 3",
        "--quote",
        "q",
        "--source-url",
        "javascript:alert(1)",
        pattern=r"url",
    ),
    "a file: source URL": case(
        "add",
        "A new claim number 4",
        "--quote",
        "q",
        "--source-url",
        "file:///etc/passwd",
        pattern=r"url",
    ),
    "an article id that is SQL": case(
        "add",
        "A new claim number 5",
        "--quote",
        "q",
        "--article",
        "'; DROP TABLE x; --",
        pattern=r"is not an article id",
        text=True,
    ),
    "a quote that is not in the article": case(
        "add",
        "A new claim number 6",
        "--quote",
        "imports fell",
        "--article",
        "{article}",
        pattern=r"the quote does not occur in article",
        text=True,
    ),
    "a claim registered already, in other case and spacing": case(
        "add",
        "  CHINA-RUSSIA trade   totaled $240 billion last year.",
        "--quote",
        "q",
        exit_code=1,
        pattern=r"already registered as",
        text=True,
    ),
    # --- evidence ---
    "evidence at an ftp URL": case(
        "evidence",
        "add",
        "{claim}",
        "--url",
        "ftp://x.example/f",
        "--stance",
        "supports",
        "--quote",
        "q",
        pattern=r"url",
    ),
    "evidence with a stance in capitals": case(
        "evidence",
        "add",
        "{claim}",
        "--url",
        URL,
        "--stance",
        "SUPPORTS",
        "--quote",
        "q",
        pattern=r"stance",
    ),
    "evidence with an empty quote": case(
        "evidence",
        "add",
        "{claim}",
        "--url",
        URL,
        "--stance",
        "supports",
        "--quote",
        "",
        pattern=r"quote",
    ),
    "evidence with a note over 5000 characters": case(
        "evidence",
        "add",
        "{claim}",
        "--url",
        URL,
        "--stance",
        "supports",
        "--quote",
        "q",
        "--note",
        LONG,
        pattern=r"note",
    ),
    "withdrawing evidence that does not exist": case(
        "evidence",
        "withdraw",
        "{claim}",
        "e99",
        "--reason",
        "r",
        pattern=r"e99",
    ),
    "withdrawing evidence named by a shell command": case(
        "evidence",
        "withdraw",
        "{claim}",
        "e1; rm -rf ~",
        "--reason",
        "r",
        pattern=r"e1; rm -rf ~",
    ),
    "withdrawing evidence with an empty reason": case(
        "evidence", "withdraw", "{claim}", "e1", "--reason", "", pattern=r"reason"
    ),
    # --- list filters ---
    "list a status in capitals": case(
        "list", "--status", "OPEN", pattern=r"'OPEN' is not one of 'open'"
    ),
    "list a rating that is a LIKE wildcard": case(
        "list", "--rating", "%", pattern=r"rating '%' is not on", text=True
    ),
    "list an article that is a LIKE wildcard": case(
        "list", "--article", "%", pattern=r"'%' is not an article id", text=True
    ),
    # --- ingest: files, encodings, sizes, options ---
    "ingest a missing file": case(
        "ingest", "missing.txt", pattern=r"cannot read missing.txt: No such file"
    ),
    "ingest a directory": case("ingest", ".", pattern=r"cannot read \.: Is a directory"),
    "ingest an empty file": case(
        "ingest", "empty.txt", files={"empty.txt": b""}, pattern=r"empty.txt: is empty"
    ),
    "ingest a Latin-1 file": case(
        "ingest",
        "latin1.txt",
        files={"latin1.txt": "Caf\u00e9\n\nPrices rose 5 percent.\n".encode("latin-1")},
        pattern=r"latin1.txt: is not UTF-8: byte 0xe9 at offset 3",
    ),
    "ingest a UTF-16 file": case(
        "ingest",
        "utf16.txt",
        files={"utf16.txt": "Title\n\nPrices rose 5 percent.\n".encode("utf-16")},
        pattern=r"utf16.txt: is not UTF-8: byte 0xff at offset 0",
    ),
    "ingest JSON Lines with a broken third line": case(
        "ingest",
        "batch.jsonl",
        files={
            "batch.jsonl": b'{"title": "A", "text": "Exports rose 5 percent.", "published": '
            b'"2024-05-01"}\n\n{"title": "B", "text": \n'
        },
        pattern=r"batch.jsonl: line 3 is not valid JSON",
    ),
    "ingest JSON Lines whose record is a list": case(
        "ingest",
        "list.jsonl",
        files={"list.jsonl": b"[1, 2]\n"},
        pattern=r"line 1 is not a JSON object",
    ),
    "ingest a good file and a bad one stores neither": case(
        "ingest",
        "good.txt",
        "bad.txt",
        "--published",
        "2024-05-01",
        files={"good.txt": ARTICLE.replace("12", "13").encode(), "bad.txt": b"\xff\xfe"},
        pattern=r"bad.txt: is not UTF-8",
        text=True,
    ),
    "ingest in an unknown format": case(
        "ingest",
        "a.txt",
        "--format",
        "html",
        files={"a.txt": ARTICLE.encode()},
        pattern=r"'html' is not one of 'seed'",
    ),
    "ingest with a month 13": case(
        "ingest",
        "a.txt",
        "--published",
        "2024-13-01",
        files={"a.txt": ARTICLE.encode()},
        pattern=r"--published",
    ),
    "ingest with a score above one": case(
        "ingest",
        "a.txt",
        "--min-score",
        "1.5",
        files={"a.txt": ARTICLE.encode()},
        pattern=r"--min-score",
    ),
    "ingest with a score that is not a number": case(
        "ingest",
        "a.txt",
        "--min-score",
        "nan",
        files={"a.txt": ARTICLE.encode()},
        pattern=r"nan",
    ),
    "ingest with an article URL that is not one": case(
        "ingest",
        "a.txt",
        "--published",
        "2024-05-01",
        "--url",
        "not a url",
        files={"a.txt": ARTICLE.replace("12", "14").encode()},
        pattern=r"url",
        text=True,
    ),
    "ingest a file whose name holds a newline and an escape": case(
        "ingest", "no\nsuch\x1b[2J.txt", pattern=r"cannot read no\\nsuch\\x1b\[2J.txt"
    ),
    "ingest a file named by a shell command": case(
        "ingest", "$(touch pwned).txt", pattern=r"cannot read \$\(touch pwned\).txt"
    ),
    "ingest an article without a date": case(
        "ingest",
        "a.txt",
        files={"a.txt": ARTICLE.replace("12", "15").encode()},
        pattern=r"has no publication date",
        text=True,
    ),
    # --- the rating scale ---
    "adopt a missing scale file": case(
        "scale", "adopt", "missing.toml", pattern=r"cannot read missing.toml"
    ),
    "adopt a JSON list": case(
        "scale", "adopt", "list.json", files={"list.json": b"[]"}, pattern=r"must hold one scale"
    ),
    "adopt invalid TOML": case(
        "scale", "adopt", "bad.toml", files={"bad.toml": b"name = \n"}, pattern=r"not valid TOML"
    ),
    "adopt a scale over 64 KiB": case(
        "scale",
        "adopt",
        "big.json",
        files={"big.json": b" " * (64 * 1024 + 1)},
        pattern=r"larger than 64 KiB",
    ),
    "adopt a scale lacking a rating in use": case(
        "scale",
        "adopt",
        "fever.json",
        files={"fever.json": json.dumps(SCALE).encode()},
        exit_code=1,
        pattern=r"lacks ratings that claims carry now",
    ),
    "adopt a scale with a key of two words": case(
        "scale",
        "adopt",
        "k.json",
        files={
            "k.json": json.dumps(
                {
                    "name": "x",
                    "ratings": [{"key": "Bad Key", "label": "B"}, {"key": "ok", "label": "O"}],
                }
            ).encode()
        },
        pattern=r"ratings.0.key",
    ),
    "adopt a scale with a NUL in a label": case(
        "scale",
        "adopt",
        "nul.json",
        files={
            "nul.json": b'{"name": "x", "ratings": [{"key": "true", "label": "T\\u0000"},'
            b' {"key": "false", "label": "F"}]}'
        },
        pattern=r"U\+0000",
        text=True,
    ),
    "adopt a scale file whose name holds a newline": case(
        "scale", "adopt", "a\nb.toml", pattern=r"cannot read a\\nb.toml"
    ),
    # --- moving the store ---
    "copy to an empty target": case("copy-to", "  ", pattern=r"give the TARGET store"),
    "copy to memory": case("copy-to", ":memory:", pattern=r"SQLite file or a PostgreSQL"),
    "copy to this store": case("copy-to", "{db}", pattern=r"is this store"),
    "copy to a MySQL URL": case("copy-to", "mysql://root@localhost/x", pattern=r"neither"),
    "copy into a missing directory": case(
        "copy-to", "no/such/dir/c.db", pattern=r"directory 'no/such/dir' does not exist"
    ),
    "copy onto a file that is not a database": case(
        "copy-to",
        "notes.txt",
        files={"notes.txt": b"not a database\n"},
        pattern=r"file is not a database",
    ),
    # --- exports ---
    "audit export onto a directory": case(
        "audit", "export", "--out", ".", pattern=r"cannot write \.: it is a directory"
    ),
    "audit export into a missing directory": case(
        "audit",
        "export",
        "--out",
        "missing/e.jsonl",
        pattern=r"^claims: cannot write missing/e.jsonl: (No such file|directory missing)",
    ),
    "audit export of a malformed claim id": case(
        "audit", "export", "--out", "e.jsonl", "--claim", "zz", pattern=r"'zz' is not a claim id"
    ),
    "export csv to the current directory": case(
        "export", "csv", "--out", ".", pattern=r"Invalid value for '--out': \. is a directory"
    ),
    "export claimreview to the root directory": case(
        "export", "claimreview", "--out", "/", pattern=r"'--out': / is a directory"
    ),
    "export csv into a missing directory": case(
        "export",
        "csv",
        "--out",
        "missing/t.csv",
        pattern=r"^claims: (?!.*partial).*missing/t.csv",
    ),
    # --- audit verify ---
    "verify a missing export file": case(
        "audit", "verify", "--file", "missing.jsonl", pattern=r"cannot read missing.jsonl"
    ),
    "verify an empty export file": case(
        "audit", "verify", "--file", "e.jsonl", files={"e.jsonl": b"\n"}, pattern=r"is empty"
    ),
    "verify a binary file": case(
        "audit",
        "verify",
        "--file",
        "b.jsonl",
        files={"b.jsonl": b"\x89PNG\r\n\x1a\n\x00"},
        pattern=r"line 1 is not JSON",
    ),
    "verify one claim's export against an anchor": case(
        "audit",
        "verify",
        "--file",
        "one.jsonl",
        "--anchor",
        f"{HEX64}@1",
        files={"one.jsonl": b'{"format": "claims-audit-export/1", "scope": "claim x"}\n'},
        pattern=r"holds part of the store",
    ),
    "verify against an anchor without a root": case(
        "audit", "verify", "--anchor", "abc@1", pattern=r"'abc@1' is not an anchor"
    ),
    "verify against an anchor at a negative position": case(
        "audit", "verify", "--anchor", f"{HEX64}@-5", pattern=r"is not an anchor"
    ),
    "verify a file whose name holds a newline": case(
        "audit",
        "verify",
        "--file",
        "no\nsuch.jsonl",
        pattern=r"cannot read no\\nsuch.jsonl",
    ),
    # --- audit log ---
    "audit log since a month 99": case(
        "audit", "log", "--since", "2024-99-01", pattern=r"--since '2024-99-01' is not an ISO"
    ),
    "audit log of a claim given as a wildcard": case(
        "audit", "log", "--claim", "%", pattern=r"'%' is not a claim id", text=True
    ),
    "audit anchor with an extra argument": case(
        "audit", "anchor", "now", pattern=r"Got unexpected extra argument"
    ),
    # --- read models ---
    "rebuild a read model that does not exist": case(
        "projections", "rebuild", "bogus", pattern=r"bogus"
    ),
    "rebuild a model and --all": case(
        "projections", "rebuild", "factcheck", "--all", pattern=r"NAME or --all, not both"
    ),
    "rebuild nothing": case("projections", "rebuild", pattern=r"give a read model NAME, or --all"),
    "rebuild in batches of zero": case(
        "projections", "rebuild", "--all", "--batch", "0", pattern=r"'--batch'"
    ),
    "rebuild with a negative number of workers": case(
        "projections", "rebuild", "--all", "--workers", "-1", pattern=r"'--workers'"
    ),
    "verify a read model named by a path": case(
        "projections", "verify", "../etc", pattern=r"\.\./etc"
    ),
    "projections status with an extra argument": case(
        "projections", "status", "all", pattern=r"unexpected extra argument"
    ),
    "demo with an extra argument": case("demo", "again", pattern=r"unexpected extra argument"),
    "articles with an unknown option": case("articles", "--all", pattern=r"No such option: --all"),
    "scale with an unknown subcommand": case("scale", "drop", pattern=r"No such command 'drop'"),
    # --- the store setting ---
    "a PostgreSQL URL without a database": case(
        "--db",
        "postgresql://postgres@127.0.0.1:5432/",
        "list",
        global_options=True,
        pattern=r"PostgreSQL URL needs (a host and )?a database",
    ),
    "a PostgreSQL URL with a port out of range": case(
        "--db",
        "postgresql://postgres@127.0.0.1:99999/x",
        "list",
        global_options=True,
        pattern=r"invalid port",
    ),
}


@dataclass
class Store:
    """The shared store: its URL, a ledger for fingerprints, and the ids cases name."""

    url: str
    ledger: ClaimsLedger
    values: dict[str, str]

    def fingerprint(self) -> tuple[int, int]:
        return self.ledger.fingerprint()


def build(url: str) -> Store:
    ledger = ClaimsLedger.open(locate_store(url))
    claim = ledger.register_claim(text=CLAIM, quote="q", by="alice").id
    ledger.add_evidence(claim, url=URL, quote="q", stance="supports", by="alice")
    review = ledger.register_claim(text=IN_REVIEW, quote="q", by="alice").id
    ledger.record_verdict(review, rating="true", rationale="Customs data.", by="alice")
    published = ledger.register_claim(text=PUBLISHED, quote="q", by="alice").id
    ledger.record_verdict(published, rating="true", rationale="The act says so.", by="alice")
    ledger.approve_verdict(published, by="bob")
    ledger.publish(published, by="bob")
    [ingested] = ledger.ingest(
        parse_articles(ARTICLE.encode(), filename="a.txt"),
        by="alice",
        min_score=0.5,
        published=date(2024, 5, 1),
    )
    values = {
        "claim": str(claim),
        "review": str(review),
        "published": str(published),
        "article": str(ingested.article.id),
        "db": url,
    }
    return Store(url=url, ledger=ledger, values=values)


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = build(str(tmp_path_factory.mktemp("catalogue") / "desk.db"))
    yield store
    store.ledger.close()


@pytest.fixture(scope="module")
def postgres_store(postgres_server: str) -> Iterator[Store]:
    import psycopg

    dbname = f"claims_catalogue_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{dbname}"')
    store = build(postgres_server.rsplit("/", 1)[0] + f"/{dbname}")
    try:
        yield store
    finally:
        store.ledger.close()
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def fill(args: tuple[str, ...], values: dict[str, str]) -> list[str]:
    filled = []
    for template in args:
        part = template
        for key, value in values.items():
            part = part.replace("{" + key + "}", value)
        filled.append(part)
    return filled


def refuse(store: Store, case: Case) -> None:
    for name, content in case.files.items():
        Path(name).write_bytes(content)
    args = fill(case.args, store.values)
    if not case.global_options:
        args = ["--db", store.url, *acting_as(store.url, case.user), *args]
    before = store.fingerprint()

    line = assert_one_line_error(invoke(args, case.env), case.exit_code)

    assert re.search(case.pattern, line), line
    assert store.fingerprint() == before, line


def params(cases: dict[str, Case]) -> list[object]:
    return [
        pytest.param(
            c,
            id=name,
            marks=[pytest.mark.xfail(reason=c.xfail, strict=True)] if c.xfail else [],
        )
        for name, c in cases.items()
    ]


def test_the_catalogue_holds_at_least_sixty_cases_over_every_command() -> None:
    assert len(CASES) >= 60
    named = {" ".join(a for a in c.args if not a.startswith("-"))[:40] for c in CASES.values()}
    for command in (
        "ingest",
        "scale adopt",
        "copy-to",
        "audit export",
        "audit verify",
        "projections rebuild",
        "projections verify",
        "diff",
        "show",
        "history",
        "evidence add",
        "evidence withdraw",
        "review",
        "correct",
        "retract",
        "dismiss",
        "reopen",
        "duplicate",
        "note",
        "assign",
        "queue",
        "list",
        "add",
    ):
        assert any(n.startswith(command) for n in named), command


@pytest.mark.parametrize("case", params(CASES))
def test_bad_input_on_sqlite_is_one_line_with_its_exit_code_and_changes_nothing(
    sqlite_store: Store, case: Case
) -> None:
    refuse(sqlite_store, case)


@pytest.mark.postgres
@pytest.mark.parametrize("case", params({n: c for n, c in CASES.items() if c.text}))
def test_bad_input_stored_or_looked_up_as_text_on_postgresql_is_refused_alike(
    postgres_store: Store, case: Case
) -> None:
    refuse(postgres_store, case)
