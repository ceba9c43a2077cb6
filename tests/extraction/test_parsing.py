"""parse_articles: each format read, and every refusal as one clear line."""

from __future__ import annotations

import json
from datetime import date

import pytest

from claims.demo import seed_article
from claims.extraction import MAX_ARTICLE_BYTES, ArticleError, ParsedArticle, parse_articles
from domain.errors import InvalidInput
from tests.extraction.support import SEED


def refusal(data: bytes, filename: str = "article.txt", fmt: str | None = None) -> str:
    with pytest.raises(ArticleError) as caught:
        parse_articles(data, filename=filename, fmt=fmt)
    message = str(caught.value)
    assert "\n" not in message, message
    assert message.startswith(f"{filename}: "), message
    return message


# --- formats ---------------------------------------------------------------------------


def test_the_seed_transcript_gives_its_date_its_title_once_and_the_body_claims_seed_uses() -> None:
    [article] = parse_articles(SEED.read_bytes(), filename=SEED.name)

    assert article == ParsedArticle(
        title="Putin to meet with Xi in China",
        published=date(2024, 5, 16),
        url=None,
        text=seed_article().text,
    )
    assert article.text.startswith("Beijing — Russian President Vladimir Putin")
    assert article.text.endswith("only Russia and the U.S. possessed.")


def test_the_seed_format_is_detected_from_the_header_whatever_the_file_name() -> None:
    [article] = parse_articles(b"date 2024-01-02 A title A title 01:00\n\nBody.", filename="x")

    assert (article.title, article.published, article.text) == (
        "A title",
        date(2024, 1, 2),
        "Body.",
    )


def test_a_seed_body_keeps_its_inner_blank_lines_and_loses_only_the_outer_ones() -> None:
    data = b"date 2024-01-02 T T 01:00\n\n\n  First.\n\n\nSecond.\n\n\n"

    [article] = parse_articles(data, filename="a.txt", fmt="seed")

    assert article.text == "  First.\n\n\nSecond."


def test_plain_text_takes_the_first_non_empty_line_as_title() -> None:
    [article] = parse_articles(b"\n  Judge blocks plan  \n\nThe judge ruled.\n", filename="a.txt")

    assert article == ParsedArticle("Judge blocks plan", None, None, "The judge ruled.")


def test_markdown_takes_the_first_level_one_heading_as_title_and_keeps_the_rest_as_written() -> (
    None
):
    data = "# Inflation slows\n\n**Frankfurt** — Prices fell.\n\n## Markets\n\nShares rose.\n"

    [article] = parse_articles(data.encode(), filename="story.md")

    assert article.title == "Inflation slows"
    assert article.text == "**Frankfurt** — Prices fell.\n\n## Markets\n\nShares rose."


def test_markdown_without_a_level_one_heading_uses_its_first_line() -> None:
    [article] = parse_articles(b"## Briefing\n\nShares rose.", filename="a.md")

    assert (article.title, article.text) == ("Briefing", "Shares rose.")


def test_a_markdown_heading_at_the_top_is_detected_without_the_md_extension() -> None:
    [article] = parse_articles(b"# Title\n\nBody text.", filename="upload")

    assert (article.title, article.text) == ("Title", "Body text.")


def test_json_lines_give_one_article_per_object_with_date_and_url() -> None:
    lines = [
        {"title": "One", "published": "2024-03-06", "url": "https://example.org/1", "text": "A."},
        {"title": "Two", "published": None, "text": "B.\r\nC."},
    ]
    data = "\n".join(json.dumps(line) for line in lines).encode() + b"\n\n"

    articles = parse_articles(data, filename="batch.jsonl")

    assert articles == [
        ParsedArticle("One", date(2024, 3, 6), "https://example.org/1", "A."),
        ParsedArticle("Two", None, None, "B.\nC."),
    ]


def test_json_lines_are_detected_from_content_when_the_name_says_nothing() -> None:
    articles = parse_articles(b'{"title": "T", "text": "Body."}', filename="upload")

    assert articles == [ParsedArticle("T", None, None, "Body.")]


def test_windows_line_endings_and_a_byte_order_mark_are_normalised_so_spans_mean_the_same() -> None:
    [article] = parse_articles(b"\xef\xbb\xbfTitle\r\n\r\nLine one.\r\nLine two.", filename="a.txt")

    assert (article.title, article.text) == ("Title", "Line one.\nLine two.")


def test_an_explicit_format_wins_over_detection() -> None:
    [article] = parse_articles(b"# Not a heading here\n\nBody.", filename="a.md", fmt="text")

    assert article.title == "# Not a heading here"


# --- refusals --------------------------------------------------------------------------


def test_an_article_error_is_invalid_input_so_the_cli_exits_with_2() -> None:
    assert issubclass(ArticleError, InvalidInput)


def test_bytes_that_are_not_utf8_are_refused_naming_the_offset() -> None:
    message = refusal(b"Title\n\nCaf\xe9 au lait.")

    assert message == "article.txt: is not UTF-8: byte 0xe9 at offset 10 is invalid"


@pytest.mark.parametrize("data", [b"", b"   \n\n\t  \n"])
def test_empty_input_is_refused(data: bytes) -> None:
    assert refusal(data) == "article.txt: is empty"


@pytest.mark.parametrize(
    ("data", "filename", "problem"),
    [
        (b"Only a title\n\n   \n", "a.txt", "has a title line but no body"),
        (b"# Only a title\n", "a.md", "has a title but no body"),
        (b"date 2024-05-16 T T 01:00\n\n", "a.txt", "has a header but no body"),
    ],
)
def test_a_title_without_a_body_is_refused(data: bytes, filename: str, problem: str) -> None:
    assert refusal(data, filename) == f"{filename}: {problem}"


def test_input_over_five_megabytes_is_refused_before_it_is_read() -> None:
    data = b"T\n\n" + b"a" * (MAX_ARTICLE_BYTES - 2)

    assert refusal(data) == ("article.txt: is 5,242,881 bytes; the limit is 5,242,880 bytes (5 MB)")


def test_input_of_exactly_five_megabytes_is_read() -> None:
    data = b"T\n\n" + b"a" * (MAX_ARTICLE_BYTES - 3)

    [article] = parse_articles(data, filename="a.txt")

    assert len(article.text) == MAX_ARTICLE_BYTES - 3


def test_a_malformed_seed_header_is_refused_quoting_it() -> None:
    message = refusal(b"date 2024-05-16 no duration here\n\nBody.", fmt="seed")

    assert message == (
        "article.txt: header 'date 2024-05-16 no duration here' is not "
        "'date YYYY-MM-DD <title> <title> <mm:ss>'"
    )


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        (
            b"date 2024-13-01 T T 01:00",
            "bad date '2024-13-01' in the header: month must be in 1..12",
        ),
        (b"date 2024-5-1x T T 01:00", "bad date '2024-5-1x' in the header (want YYYY-MM-DD)"),
    ],
)
def test_a_bad_date_in_a_seed_header_is_refused(header: bytes, problem: str) -> None:
    assert refusal(header + b"\n\nBody.") == f"article.txt: {problem}"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("[1, 2]", "line 2 is not a JSON object"),
        ('{"title": "T"', "line 2 is not valid JSON (Expecting ',' delimiter at column 14)"),
        ('{"title": "T"}', 'line 2 lacks "text" (a non-empty string)'),
        ('{"text": "Body."}', 'line 2 lacks "title" (a non-empty string)'),
        ('{"title": "T", "text": "  "}', 'line 2 lacks "text" (a non-empty string)'),
        (
            '{"title": "T", "text": "B.", "published": "May 5"}',
            "bad date 'May 5' on line 2 (want YYYY-MM-DD)",
        ),
        (
            '{"title": "T", "text": "B.", "published": 2024}',
            'line 2: "published" must be a YYYY-MM-DD string or null',
        ),
        ('{"title": "T", "text": "B.", "url": 5}', 'line 2: "url" must be a string or null'),
    ],
)
def test_a_bad_json_line_is_refused_naming_its_line(line: str, problem: str) -> None:
    data = f'{{"title": "Good", "text": "Fine."}}\n{line}\n'.encode()

    assert refusal(data, "batch.jsonl") == f"batch.jsonl: {problem}"


def test_an_unknown_format_is_refused_listing_the_known_ones() -> None:
    message = refusal(b"Title\n\nBody.", fmt="xml")

    assert message == "article.txt: unknown format 'xml'; use one of seed, text, markdown, jsonl"
