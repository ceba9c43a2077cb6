"""Article files and rating scales as organisations really send them, through the CLI on
SQLite and PostgreSQL: stored exactly (and read back everywhere) or refused whole."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from claims.extraction import parse_articles
from domain.ids import sha256_hex
from tests.fuzz.strategies import (
    FILE_NAMES,
    article_fields,
    jsonl_batch,
    render_article,
    scale_definition,
    toml_of,
)
from tests.fuzz.support import FuzzDesk, fuzz_desk, fuzz_settings


@pytest.fixture
def desk(shared_url: str, workdir: Path) -> Iterator[FuzzDesk]:
    with fuzz_desk(shared_url, workdir) as opened:
        yield opened


single_files = st.tuples(st.sampled_from(list(FILE_NAMES)), article_fields()).map(
    lambda pair: (FILE_NAMES[pair[0]], render_article(pair[0], pair[1]))
)
files = st.one_of(jsonl_batch().map(lambda data: ("batch.jsonl", data)), single_files)


def test_an_article_file_is_ingested_exactly_or_refused_whole(desk: FuzzDesk) -> None:
    @fuzz_settings(8, shrink=False)
    @given(file=files)
    def ingest(file: tuple[str, bytes]) -> None:
        name, data = file
        path = desk.workdir / name
        path.write_bytes(data)

        result = desk.attempt(["ingest", str(path), "--published", "2024-05-01", "--json"])

        if result.exit_code != 0:
            return
        parsed = parse_articles(data, filename=name)
        reported = [json.loads(line)["article"] for line in result.stdout.splitlines()]
        assert len(reported) == len(parsed)
        for article, report in zip(parsed, reported, strict=True):
            # The stored text is the parsed text: its hash, so its spans, say so.
            assert report["sha256"] == sha256_hex(article.text), report
            assert report["title"] == article.title, report
            desk.accepted.append(article.title)

    ingest()
    assert desk.accepted, "no file was accepted: the examples prove nothing stored"
    desk.round_trip()


# Labels a real organisation might write: quotes, SQL, shell, RTL, emoji, bidi marks.
HOSTILE_BUT_VALID = {
    "name": "d\u00e9sk-\u05e2\u05d1\u05e8\u05d9\u05ea",
    "ratings": [
        {"key": "true", "label": "True'; DROP TABLE stored_events; --", "value": 2},
        {"key": "false", "label": "$(rm -rf ~) \u202eeslaf\u202c \U0001f600", "value": 1},
        {"key": "mixed", "label": '\u0645\u062e\u062a\u0644\u0637 "half" 50%'},
    ],
}


def scale_file(definition: Any, as_toml: bool) -> tuple[str, str]:
    text = toml_of(definition) if as_toml else None
    if text is None:
        return "scale.json", json.dumps(definition, ensure_ascii=False)
    return "scale.toml", text


def test_a_scale_file_is_adopted_exactly_or_refused(desk: FuzzDesk) -> None:
    @fuzz_settings(12, shrink=False)
    @given(definition=scale_definition(), as_toml=st.booleans())
    @example(definition=HOSTILE_BUT_VALID, as_toml=True).via("a scale every store must take")
    @example(definition=HOSTILE_BUT_VALID, as_toml=False).via("a scale every store must take")
    def adopt(definition: Any, as_toml: bool) -> None:
        name, content = scale_file(definition, as_toml)
        path = desk.workdir / name
        path.write_text(content, encoding="utf-8")

        result = desk.attempt(["scale", "adopt", str(path), "--json"])
        if result.exit_code != 0:
            return
        in_force = desk.json("scale")
        assert in_force["name"] == definition["name"].strip()
        assert [r["label"] for r in in_force["ratings"]] == [
            r["label"].strip() for r in definition["ratings"]
        ]
        desk.accepted.extend(r["label"] for r in in_force["ratings"])

    adopt()
    assert desk.accepted, "no scale was adopted: the examples prove nothing stored"
    desk.round_trip()
