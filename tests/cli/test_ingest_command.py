"""`claims ingest FILE...`: a header and a table per article, JSON Lines, and clean refusals."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from claims.application import ClaimsLedger
from claims.extraction import MAX_ARTICLE_BYTES, MAX_BATCH_BYTES, extract_claims
from claims.storage.location import locate_store
from domain.ids import article_id_for, claim_id_for, sha256_hex
from tests.cli.conftest import Desk
from tests.cli.support import (
    assert_one_line_error,
    describe,
    run_process,
    short,
    sqlite_event_count,
)
from tests.seed_expectations import SEED, SEED_CLAIMS

ROOT = Path(__file__).resolve().parents[2]
SEED_FILE = ROOT / "claims" / "data" / "putin-xi-beijing-2024-05-16.txt"
DATA = ROOT / "tests" / "data"
SEED_TITLE = "Putin to meet with Xi in China"
SEED_ARTICLE = short(str(article_id_for(sha256_hex(SEED.text))))
COURT_TITLE = "Judge blocks California water transfer"

ARTICLE_KEYS = ["id", "title", "published", "url", "sha256"]
RESULT_KEYS = ["article", "already_ingested", "claims"]
CLAIM_KEYS = [
    "id",
    "text",
    "quote",
    "span",
    "speaker",
    "checkworthiness",
    "features",
    "new",
    "contributions",
    "similar",
]


@contextmanager
def ledger_on(db: str) -> Iterator[ClaimsLedger]:
    """The desk's store opened directly, to read what the CLI stored."""
    ledger = ClaimsLedger.open(locate_store(db))
    try:
        yield ledger
    finally:
        ledger.close()


def copy(source: Path, directory: Path) -> Path:
    target = directory / source.name
    shutil.copyfile(source, target)
    return target


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    """The seed transcript as a user would have it: a copy in their own directory."""
    return copy(SEED_FILE, tmp_path)


@pytest.fixture
def court(tmp_path: Path) -> Path:
    """A plain-text article without a date."""
    return copy(DATA / "synthetic-court.txt", tmp_path)


def factory_article(number: int) -> dict[str, Any]:
    return {
        "title": f"Factory report {number}",
        "published": f"2024-03-{number + 1:02d}",
        "url": f"https://example.org/factory/{number}",
        "text": (
            f"The factory in Town {number} produced {1000 + number} cars in 2023, "
            "the company said.\n\nMarkets were calm on Monday."
        ),
    }


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def json_lines(text: str) -> list[Any]:
    return [json.loads(line) for line in text.splitlines()]


def unique_claims(text: str, published: date, min_score: float | None = None) -> list[Any]:
    options = {} if min_score is None else {"min_score": min_score}
    kept: dict[Any, Any] = {}
    for claim in extract_claims(text, published=published, **options):
        kept.setdefault(claim_id_for(claim.text), claim)
    return list(kept.values())


# --- the seed, as a desk would ingest it ----------------------------------------------------


def test_ingest_prints_a_header_and_a_table_of_the_new_claims(desk: Desk, seed: Path) -> None:
    lines = desk.ok("ingest", str(seed)).stdout.splitlines()

    assert lines[0] == (
        f"article {SEED_ARTICLE} {SEED_TITLE} (2024-05-16): "
        f"{len(SEED_CLAIMS)} new claims, 0 already known"
    )
    assert re.fullmatch(r"article [0-9a-f]{8} .*", lines[0])
    assert lines[1].split() == ["ID", "SCORE", "SPEAKER", "CLAIM"]
    rows = lines[2:]
    assert len(rows) == len(SEED_CLAIMS)
    for row, claim in zip(rows, SEED_CLAIMS, strict=True):
        claim_id, score, *_ = row.split()
        assert claim_id == short(str(claim_id_for(claim.text)))
        assert score == f"{claim.checkworthiness:.2f}"
        assert (claim.speaker or "-")[:10] in row
        assert claim.text[:40] in row
    assert desk.events() == 1 + len(SEED_CLAIMS)


def test_ingest_again_reports_the_article_already_ingested_and_adds_nothing(
    desk: Desk, seed: Path
) -> None:
    desk.ok("ingest", str(seed))
    before = desk.events()

    result = desk.ok("ingest", str(seed))

    assert result.stdout == (
        f"article {SEED_ARTICLE} {SEED_TITLE} (2024-05-16): already ingested; nothing added\n"
    )
    assert desk.events() == before


def test_ingest_json_prints_one_object_per_article_with_stable_keys(desk: Desk, seed: Path) -> None:
    [data] = json_lines(desk.ok("ingest", str(seed), "--json").stdout)

    assert list(data) == RESULT_KEYS
    assert list(data["article"]) == ARTICLE_KEYS
    assert data["article"] == {
        "id": str(article_id_for(sha256_hex(SEED.text))),
        "title": SEED_TITLE,
        "published": "2024-05-16",
        "url": None,
        "sha256": sha256_hex(SEED.text),
    }
    assert data["already_ingested"] is False
    assert len(data["claims"]) == len(SEED_CLAIMS)
    for reported, claim in zip(data["claims"], SEED_CLAIMS, strict=True):
        assert list(reported) == CLAIM_KEYS
        assert reported == {
            "id": str(claim_id_for(claim.text)),
            "text": claim.text,
            "quote": claim.quote,
            "span": list(claim.span),
            "speaker": claim.speaker,
            "checkworthiness": claim.checkworthiness,
            "features": list(claim.features),
            "new": True,
            "contributions": dict(claim.contributions),
            "similar": [],
        }
        assert SEED.text[reported["span"][0] : reported["span"][1]] == reported["quote"]


def test_ingest_json_again_reports_already_ingested_with_no_claims(desk: Desk, seed: Path) -> None:
    [first] = json_lines(desk.ok("ingest", str(seed), "--json").stdout)
    before = desk.events()

    [again] = json_lines(desk.ok("ingest", str(seed), "--json").stdout)

    assert again == {"article": first["article"], "already_ingested": True, "claims": []}
    assert desk.events() == before


# --- several files, batches, overrides -------------------------------------------------------


def test_ingest_of_several_files_reports_each_article_in_order(
    desk: Desk, seed: Path, tmp_path: Path
) -> None:
    recall = copy(DATA / "synthetic-recall.jsonl", tmp_path)

    lines = desk.ok("ingest", str(seed), str(recall)).stdout.splitlines()

    headers = [line for line in lines if line.startswith("article ")]
    assert len(headers) == 2
    assert headers[0].startswith(f"article {SEED_ARTICLE} {SEED_TITLE} (2024-05-16): ")
    assert headers[1].endswith(
        "Drugmaker recalls blood-pressure pills after contamination found (2024-03-06): "
        f"{len(unique_claims(json.loads(recall.read_text())['text'], date(2024, 3, 6)))} "
        "new claims, 0 already known"
    )
    data = json_lines(desk.ok("ingest", str(seed), str(recall), "--json").stdout)
    assert [d["already_ingested"] for d in data] == [True, True]


def test_ingest_of_a_jsonl_batch_registers_every_article(desk: Desk, tmp_path: Path) -> None:
    records = [factory_article(n) for n in range(3)]
    batch = write_jsonl(tmp_path / "batch.jsonl", records)

    data = json_lines(desk.ok("ingest", str(batch), "--json").stdout)

    assert [d["article"]["title"] for d in data] == [r["title"] for r in records]
    assert [d["article"]["published"] for d in data] == [r["published"] for r in records]
    assert [d["article"]["url"] for d in data] == [r["url"] for r in records]
    assert [[c["text"] for c in d["claims"]] for d in data] == [
        [f"The factory in Town {n} produced {1000 + n} cars in 2023"] for n in range(3)
    ]
    assert desk.events() == 6


def test_a_claim_from_an_earlier_file_of_the_same_call_is_counted_as_already_known(
    desk: Desk, tmp_path: Path
) -> None:
    first = write_jsonl(tmp_path / "first.jsonl", [factory_article(1)])
    repeat = dict(
        factory_article(1),
        title="The same report, reworded",
        text="Markets were quiet.\n\n" + factory_article(1)["text"],
    )
    second = write_jsonl(tmp_path / "second.jsonl", [repeat])

    lines = desk.ok("ingest", str(first), str(second)).stdout.splitlines()

    assert lines[0].endswith("Factory report 1 (2024-03-02): 1 new claims, 0 already known")
    assert lines[-1] == (
        f"article {short(str(article_id_for(sha256_hex(repeat['text']))))} "
        "The same report, reworded (2024-03-02): 0 new claims, 1 already known"
    )
    assert len(lines) == 4  # header, table head, one row; then the second header alone
    # Two articles, one claim, and its appearance in the second article.
    assert desk.events() == 4


def test_ingest_of_plain_text_takes_the_date_from_published(desk: Desk, court: Path) -> None:
    [data] = json_lines(desk.ok("ingest", str(court), "--published", "2024-04-01", "--json").stdout)

    assert data["article"]["title"] == COURT_TITLE
    assert data["article"]["published"] == "2024-04-01"
    assert data["article"]["url"] is None
    lines = court.read_text().splitlines()
    body = "\n".join(lines[lines.index(COURT_TITLE) + 1 :]).strip("\n")
    assert data["article"]["sha256"] == sha256_hex(body)
    assert [c["text"] for c in data["claims"]] == [
        c.text for c in unique_claims(body, date(2024, 4, 1))
    ]


def test_ingest_with_url_stores_the_url_on_the_article(desk: Desk, court: Path, db: str) -> None:
    url = "https://example.org/court/water-transfer"

    [data] = json_lines(
        desk.ok("ingest", str(court), "--published", "2024-04-01", "--url", url, "--json").stdout
    )

    assert data["article"]["url"] == url
    with ledger_on(db) as ledger:
        assert ledger.get_article(UUID(data["article"]["id"])).url == url


def test_a_higher_min_score_yields_fewer_claims_than_the_default(
    seed: Path, tmp_path: Path
) -> None:
    default, strict = Desk(str(tmp_path / "default.db")), Desk(str(tmp_path / "strict.db"))

    [tuned] = json_lines(default.ok("ingest", str(seed), "--json").stdout)
    [high] = json_lines(strict.ok("ingest", str(seed), "--min-score", "0.9", "--json").stdout)

    assert len(tuned["claims"]) == len(SEED_CLAIMS)
    assert 0 < len(high["claims"]) < len(tuned["claims"])
    assert all(c["checkworthiness"] >= 0.9 for c in high["claims"])
    assert [c["id"] for c in high["claims"]] == [
        str(claim_id_for(c.text)) for c in unique_claims(SEED.text, SEED.published, 0.9)
    ]
    assert strict.events() == 1 + len(high["claims"])


# --- bad input: exit 2, one line on stderr, nothing stored -----------------------------------


def not_utf8(directory: Path) -> list[str]:
    path = directory / "latin1.txt"
    path.write_bytes("Caf\u00e9 news\n\nThe caf\u00e9 sold 300 cups in 2023.\n".encode("latin-1"))
    return [str(path), "--published", "2024-01-01"]


def empty(directory: Path) -> list[str]:
    path = directory / "empty.txt"
    path.write_bytes(b"")
    return [str(path)]


def over_five_megabytes(directory: Path) -> list[str]:
    path = directory / "huge.txt"
    path.write_bytes(b"Huge\n\n" + b"a" * (MAX_ARTICLE_BYTES - 5))
    return [str(path), "--published", "2024-01-01"]


def jsonl_with_one_bad_line(directory: Path) -> list[str]:
    path = directory / "mixed.jsonl"
    good = [json.dumps(factory_article(n)) for n in range(3)]
    path.write_text("\n".join([good[0], good[1], '{"title": "No text"}', good[2]]) + "\n")
    return [str(path)]


def malformed_seed_header(directory: Path) -> list[str]:
    path = directory / "transcript.txt"
    path.write_text("date 2024-05-16 no duration here\n\nPutin met Xi in 2024.\n")
    return [str(path), "--format", "seed"]


def missing_file(directory: Path) -> list[str]:
    return [str(directory / "absent.txt")]


def text_without_a_date(directory: Path) -> list[str]:
    return [str(copy(DATA / "synthetic-court.txt", directory))]


def published_not_a_date(directory: Path) -> list[str]:
    return [str(copy(DATA / "synthetic-court.txt", directory)), "--published", "last Tuesday"]


def unknown_format(directory: Path) -> list[str]:
    return [str(copy(DATA / "synthetic-court.txt", directory)), "--format", "docx"]


def min_score_above_one(directory: Path) -> list[str]:
    return [str(copy(DATA / "synthetic-court.txt", directory)), "--min-score", "2"]


def good_file_then_bad_file(directory: Path) -> list[str]:
    good = write_jsonl(directory / "good.jsonl", [factory_article(7)])
    return [str(good), *empty(directory)]


BAD_INPUTS: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "a file that is not UTF-8": (
        not_utf8,
        r"claims: latin1\.txt: is not UTF-8: byte 0xe9 at offset 3 is invalid",
    ),
    "an empty file": (empty, r"claims: empty\.txt: is empty"),
    "a text file over 5 MB": (
        over_five_megabytes,
        r"claims: huge\.txt: is 5,242,881 bytes; the limit is 5,242,880 bytes \(5 MB\)",
    ),
    "a JSONL file with one bad line among good ones": (
        jsonl_with_one_bad_line,
        r'claims: mixed\.jsonl: line 3 lacks "text" \(a non-empty string\)',
    ),
    "a malformed seed header": (
        malformed_seed_header,
        r"claims: transcript\.txt: header 'date 2024-05-16 no duration here' is not "
        r"'date YYYY-MM-DD <title> <title> <mm:ss>'",
    ),
    "a missing file": (
        missing_file,
        r"claims: cannot read .*absent\.txt: No such file or directory",
    ),
    "plain text without a date or --published": (
        text_without_a_date,
        rf"claims: article '{COURT_TITLE}' has no publication date: "
        r"pass --published YYYY-MM-DD",
    ),
    "--published that is not a date": (
        published_not_a_date,
        r"claims: --published 'last Tuesday' is not an ISO-8601 date or date-time",
    ),
    "an unknown --format": (
        unknown_format,
        r"claims ingest: Invalid value for '--format': 'docx' is not one of "
        r"'seed', 'text', 'markdown', 'jsonl'\.",
    ),
    "--min-score above 1": (
        min_score_above_one,
        r"claims ingest: Invalid value for '--min-score': .*1.*",
    ),
    "a good file followed by a bad one": (good_file_then_bad_file, r"claims: empty\.txt: is empty"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_exits_2_with_one_line_and_stores_nothing(
    desk: Desk, seed: Path, tmp_path: Path, case: str
) -> None:
    build, expected = BAD_INPUTS[case]
    desk.ok("ingest", str(seed))
    directory = tmp_path / "input"
    directory.mkdir()
    args = build(directory)
    before = desk.events()

    line = assert_one_line_error(desk.run("ingest", *args), 2)

    assert re.fullmatch(expected, line), line
    assert desk.events() == before


def test_a_file_over_the_batch_limit_is_refused_before_it_is_read(
    desk: Desk, seed: Path, tmp_path: Path
) -> None:
    desk.ok("ingest", str(seed))
    before = desk.events()
    huge = tmp_path / "huge.jsonl"
    with huge.open("wb") as sparse:  # no data written: reading it would take 256 MB
        sparse.truncate(MAX_BATCH_BYTES + 1)

    line = assert_one_line_error(desk.run("ingest", str(huge)), 2)

    assert line == f"claims: huge.jsonl: is larger than the {MAX_BATCH_BYTES:,}-byte limit"
    assert desk.events() == before


def test_a_refused_batch_leaves_a_new_store_without_events(desk: Desk, tmp_path: Path) -> None:
    args = jsonl_with_one_bad_line(tmp_path)

    line = assert_one_line_error(desk.run("ingest", *args), 2)

    assert line.startswith("claims: mixed.jsonl: line 3 ")
    assert not Path(desk.db).exists() or desk.events() == 0


# --- a real process ---------------------------------------------------------------------------


@pytest.mark.slow
def test_the_console_script_ingests_a_jsonl_file_of_three_articles(
    workdir: Path, tmp_path: Path
) -> None:
    records = [factory_article(n) for n in range(3)]
    batch = write_jsonl(tmp_path / "three.jsonl", records)
    db = str(tmp_path / "desk.db")

    process = run_process(
        ["--db", db, "--as", "maria", "ingest", str(batch), "--json"], workdir, via="script"
    )

    assert process.returncode == 0, describe(process)
    assert process.stderr == "", describe(process)
    data = json_lines(process.stdout)
    assert [d["article"]["title"] for d in data] == [r["title"] for r in records]
    assert [d["already_ingested"] for d in data] == [False, False, False]
    assert [len(d["claims"]) for d in data] == [1, 1, 1]
    assert sqlite_event_count(db) == 6

    again = run_process(["--db", db, "--as", "maria", "ingest", str(batch)], workdir, via="script")

    assert again.returncode == 0, describe(again)
    assert again.stdout.splitlines() == [
        f"article {d['article']['id'].replace('-', '')[:8]} {d['article']['title']} "
        f"({d['article']['published']}): already ingested; nothing added"
        for d in data
    ]
    assert sqlite_event_count(db) == 6
    assert sorted(p.name for p in workdir.iterdir()) == []
