"""The article parsers on any bytes: an article whose text is part of the file, or one
ArticleError line; and the text policy: controls removed, a lone surrogate refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from claims.extraction import ArticleError, ParsedArticle, parse_articles
from domain.text import clean_article_text
from tests.fuzz.strategies import (
    FILE_NAMES,
    SENTENCES,
    SURROGATES,
    article_fields,
    control_character,
    forbidden_in,
    jsonl_batch,
    render_article,
    with_inserted,
)
from tests.fuzz.support import fuzz_settings

FORMATS = [None, "seed", "text", "markdown", "jsonl", "html"]
NAMES = ["story.txt", "story.md", "batch.jsonl", "feed.NDJSON", "noext", ".md", "a b;rm -rf.txt"]

lines = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "date 2024-05-16 Title Title 1:02",
            "date 2024-13-45 Title 1:02",
            "date 2024-05-16",
            "# Title #",
            "#",
            '{"title": "T", "text": "Exports rose 5 percent."}',
            "{",
            "\ufeff",
            "\r",
            *SENTENCES,
        ]
    ),
)
files = st.one_of(
    st.binary(max_size=300),
    st.lists(lines, max_size=8).map(lambda ls: "\n".join(ls).encode("utf-8", "surrogatepass")),
    jsonl_batch(),
)


def parsed_or_refusal(data: bytes, filename: str, fmt: str | None) -> list[ParsedArticle] | str:
    """The articles, or the refusal's message."""
    try:
        return parse_articles(data, filename=filename, fmt=fmt)
    except ArticleError as error:
        return str(error)


@fuzz_settings(60)
@given(data=files, filename=st.sampled_from(NAMES), fmt=st.sampled_from(FORMATS))
def test_any_file_parses_to_articles_or_one_line_naming_the_file(
    data: bytes, filename: str, fmt: str | None
) -> None:
    articles = parsed_or_refusal(data, filename, fmt)
    if isinstance(articles, str):
        assert len(articles.splitlines()) == 1, articles
        assert articles.startswith(f"{filename}: "), articles
        return
    content = data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    for article in articles:
        assert article.text.strip(), article
        assert article.title == article.title.strip(), article
        if fmt in ("seed", "text", "markdown"):
            # The stored text is the file's own lines (a Markdown title taken out),
            # cleaned of the control characters news never needs (domain.text).
            file_lines = set(clean_article_text(content.replace("\r", "\n")).split("\n"))
            assert set(article.text.split("\n")) <= file_lines, article


@fuzz_settings(60)
@given(fields=article_fields(), fmt=st.sampled_from(list(FILE_NAMES)))
def test_each_format_gives_one_article_with_the_body_it_was_given(
    fields: dict[str, Any], fmt: str
) -> None:
    # A blank title line makes the first sentence the title: that is the format.
    assume(fields["title"].strip() and fields["title"].strip()[0] not in "#{")
    data = render_article(fmt, fields)

    articles = parsed_or_refusal(data, FILE_NAMES[fmt], None)
    if isinstance(articles, str):
        assert len(articles.splitlines()) == 1, articles
        return

    assert len(articles) == 1
    for sentence in SENTENCES:
        if sentence in fields["text"]:
            assert sentence in articles[0].text


@st.composite
def news_with_controls(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """An article whose sentences carry stray controls, and the same article without."""
    sentences = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3))
    dirty = [draw(with_inserted(sentence, control_character)) for sentence in sentences]
    fields = {"title": "Exports", "published": "2024-05-01", "url": None}
    return {**fields, "text": "\n\n".join(dirty)}, {**fields, "text": "\n\n".join(sentences)}


@fuzz_settings(40, shrink=False)
@given(pair=news_with_controls(), fmt=st.sampled_from(list(FILE_NAMES)))
def test_controls_in_an_article_are_removed_in_every_format(
    pair: tuple[dict[str, Any], dict[str, Any]], fmt: str
) -> None:
    dirty, clean = pair
    assert forbidden_in(dirty["text"])

    parsed = parse_articles(render_article(fmt, dirty), filename=FILE_NAMES[fmt])

    assert parsed == parse_articles(render_article(fmt, clean), filename=FILE_NAMES[fmt])


@fuzz_settings(20, shrink=False)
@given(
    before=st.lists(st.sampled_from(SENTENCES), max_size=3),
    surrogate=st.sampled_from(SURROGATES),
)
def test_a_lone_surrogate_in_json_lines_is_refused_naming_its_line(
    before: list[str], surrogate: str
) -> None:
    good = [json.dumps({"title": "T", "text": sentence}) for sentence in before]
    bad = json.dumps({"title": "T", "text": f"Exports rose {surrogate} 5 percent."})
    data = "\n".join([*good, bad]).encode("utf-8")

    with pytest.raises(ArticleError) as refused:
        parse_articles(data, filename="batch.jsonl")

    assert f"line {len(good) + 1}" in str(refused.value)
    assert len(str(refused.value).splitlines()) == 1
