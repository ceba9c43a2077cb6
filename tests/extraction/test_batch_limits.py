"""Size limits: 5 MB per article, however many articles a JSON Lines batch holds."""

from __future__ import annotations

import json

import pytest

from claims.extraction import MAX_ARTICLE_BYTES, MAX_BATCH_BYTES, ArticleError, parse_articles

# Each article about 100 KB, so that 60 of them make a batch of about 6 MB.
ARTICLE_TEXT = " ".join(["The plant produced 1,000 cars in 2023, the company said."] * 1_800)


def line(title: str, text: str = ARTICLE_TEXT) -> str:
    record = {"title": title, "published": "2024-05-16", "text": text}
    return json.dumps(record, ensure_ascii=False)


def refusal(data: bytes, filename: str, fmt: str | None = None) -> str:
    with pytest.raises(ArticleError) as caught:
        parse_articles(data, filename=filename, fmt=fmt)
    message = str(caught.value)
    assert "\n" not in message, message
    return message


def padded_line(size: int) -> str:
    """A JSON line of exactly `size` bytes, its text padded with "a"."""
    padded = line("T", "a" * (size - len(line("T", "").encode("utf-8"))))
    assert len(padded.encode("utf-8")) == size
    return padded


def test_a_jsonl_batch_larger_than_five_megabytes_of_valid_articles_is_accepted() -> None:
    data = "\n".join(line(f"Article {n}") for n in range(60)).encode("utf-8")
    assert MAX_ARTICLE_BYTES < len(data) < MAX_BATCH_BYTES

    articles = parse_articles(data, filename="batch.jsonl")

    assert [a.title for a in articles] == [f"Article {n}" for n in range(60)]
    assert all(a.text == ARTICLE_TEXT for a in articles)


def test_a_large_batch_is_accepted_as_jsonl_when_the_format_is_given_whatever_the_name() -> None:
    data = "\n".join(line(f"Article {n}") for n in range(60)).encode("utf-8")

    articles = parse_articles(data, filename="batch.txt", fmt="jsonl")

    assert len(articles) == 60


def test_a_single_jsonl_line_over_five_megabytes_is_refused_naming_the_line() -> None:
    data = "\n".join([line("Fine"), padded_line(MAX_ARTICLE_BYTES + 1), line("Also fine")])

    message = refusal(data.encode("utf-8"), "batch.jsonl")

    assert message == "batch.jsonl: line 2 is over the 5,242,880-byte article limit"


def test_a_jsonl_line_of_exactly_five_megabytes_is_accepted() -> None:
    data = "\n".join([line("Fine"), padded_line(MAX_ARTICLE_BYTES)]).encode("utf-8")

    articles = parse_articles(data, filename="batch.jsonl")

    assert [a.title for a in articles] == ["Fine", "T"]
    assert len(articles[1].text) == MAX_ARTICLE_BYTES - len(line("T", "").encode("utf-8"))


def test_a_text_file_over_five_megabytes_is_refused() -> None:
    data = b"Title\n\n" + b"a" * (MAX_ARTICLE_BYTES - 6)

    message = refusal(data, "long.txt")

    assert message == "long.txt: is 5,242,881 bytes; the limit is 5,242,880 bytes (5 MB)"


@pytest.mark.parametrize(("filename", "fmt"), [("notes.md", None), ("transcript.txt", "seed")])
def test_every_single_article_format_is_held_to_five_megabytes(
    filename: str, fmt: str | None
) -> None:
    data = b"date 2024-05-16 T T 01:00\n\n" + b"a" * MAX_ARTICLE_BYTES

    message = refusal(data, filename, fmt)

    assert message.startswith(f"{filename}: is {len(data):,} bytes; the limit is 5,242,880")


def test_jsonl_content_in_a_file_named_txt_is_held_to_the_single_article_limit() -> None:
    # The batch allowance follows the declared format (.jsonl, .ndjson or --format jsonl).
    data = "\n".join(line(f"Article {n}") for n in range(60)).encode("utf-8")

    message = refusal(data, "batch.txt")

    assert message.startswith("batch.txt: is ")
    assert message.endswith("the limit is 5,242,880 bytes (5 MB)")


def test_a_jsonl_line_of_multibyte_text_is_measured_in_bytes() -> None:
    text = "中" * 2_000_000  # 2 million characters, 6 million bytes
    line = json.dumps({"title": "Wide", "text": text}, ensure_ascii=False)

    with pytest.raises(ArticleError, match="line 1 is over"):
        parse_articles(line.encode("utf-8"), filename="wide.jsonl")
