"""The Article aggregate: one stored text, identified by the hash of that text."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pytest

from domain.article import Article
from domain.errors import InvalidInput
from domain.ids import article_id_for

TEXT = "date 2024-05-16 Putin and Xi meet in Beijing\n\nPutin arrived in Beijing on Thursday."


def register(**change: Any) -> Article:
    payload: dict[str, Any] = {
        "title": "Putin and Xi meet in Beijing",
        "published": date(2024, 5, 16),
        "text": TEXT,
        "url": "https://example.org/putin-xi",
        "by": "alice",
    }
    payload.update(change)
    return Article.register(**payload)


def test_registering_an_article_records_its_title_date_url_text_hash_and_registrant() -> None:
    article = register()

    [registered] = article.collect_events()
    assert isinstance(registered, Article.Registered)
    assert registered.title == "Putin and Xi meet in Beijing"
    assert registered.published == date(2024, 5, 16)
    assert registered.url == "https://example.org/putin-xi"
    assert registered.text == TEXT
    assert registered.sha256 == hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    assert registered.actor == "alice"
    assert registered.originator_id == article.id


def test_a_registered_article_keeps_what_it_was_registered_with() -> None:
    article = register(by=" carol ")

    assert article.title == "Putin and Xi meet in Beijing"
    assert article.published == date(2024, 5, 16)
    assert article.url == "https://example.org/putin-xi"
    assert article.text == TEXT
    assert article.sha256 == hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    assert article.registered_by == "carol"


def test_an_article_can_be_registered_without_a_url() -> None:
    article = register(url=None)

    [registered] = article.collect_events()
    assert isinstance(registered, Article.Registered)
    assert registered.url is None
    assert article.url is None


def test_an_articles_id_is_derived_from_the_sha256_of_its_text() -> None:
    article = register()

    assert article.id == article_id_for(hashlib.sha256(TEXT.encode("utf-8")).hexdigest())


def test_the_same_text_is_the_same_article_whatever_its_title_url_or_registrant() -> None:
    first = register()
    second = register(
        title="Another headline",
        url="https://mirror.example.net/a",
        by="bob",
        published="2024-05-17",
    )

    assert first.id == second.id


@pytest.mark.parametrize(
    "other_text",
    [TEXT + " ", TEXT.replace("Thursday", "thursday"), TEXT + "\n", "Putin arrived."],
    ids=["trailing space", "one letter's case", "trailing newline", "another text"],
)
def test_a_different_text_is_a_different_article(other_text: str) -> None:
    # Claims point into the text by character offsets, so any change is another article.
    assert register(text=other_text).id != register().id


def test_the_text_is_stored_exactly_as_given_so_spans_stay_valid() -> None:
    text = "  Leading spaces\r\nand Windows line ends.  "

    article = register(text=text)

    assert article.text == text
    assert article.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_replaying_an_articles_event_rebuilds_an_equal_article() -> None:
    article = register()
    events = article.collect_events()

    rebuilt = None
    for registered in events:
        rebuilt = registered.mutate(rebuilt)

    assert isinstance(rebuilt, Article)
    assert (rebuilt.id, rebuilt.version) == (article.id, 1)
    assert vars(rebuilt) == vars(article)


BAD_ARTICLES: dict[str, tuple[dict[str, Any], str]] = {
    "empty title": ({"title": " "}, "^title: String should have at least 1 character$"),
    "title over 300 characters": (
        {"title": "t" * 301},
        "^title: String should have at most 300 characters$",
    ),
    "published not a date": ({"published": "last Thursday"}, "^published: Input should be a valid"),
    "invalid url": ({"url": "example.org/putin"}, "^url: Input should be a valid URL"),
    "empty text": ({"text": ""}, "^text: String should have at least 1 character$"),
    "text over five mebibytes of characters": (
        {"text": "x" * (5 * 1024 * 1024 + 1)},
        "^text: String should have at most 5242880 characters$",
    ),
    "empty registrant": ({"by": ""}, "^user name '' is empty"),
    "registrant with a space": ({"by": "alice b"}, r"^user name 'alice b' holds U\+0020 SPACE"),
}


@pytest.mark.parametrize(("change", "message"), BAD_ARTICLES.values(), ids=BAD_ARTICLES)
def test_a_bad_article_is_refused_with_one_line_naming_the_field(
    change: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message) as raised:
        register(**change)

    assert "\n" not in str(raised.value)
