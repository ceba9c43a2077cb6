"""Every text that comes from the store is escaped, links are only http(s), and the
page can neither fetch nor run anything but its own script."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser

import pytest

from claims.application import ClaimsLedger
from claims.report import article_page, desk_page
from claims.report.article import ArticleReport, article_report
from claims.report.figures import desk_figures
from claims.report.html import json_ld, link, safe_url, text
from claims.report.period import Period
from tests.application.support import ledger_at
from tests.report.support import CHECKER, EDITOR

HOSTILE = "<script>alert(\"x\")</script> 'quoted' & <img src=x onerror=alert(1)>"
RLO = "\u202eevil\u202c"
LONG = "why " * 12_500  # 50,000 characters
TEXT = f"Lead. The minister said {HOSTILE} rose 5 percent. Speaker {RLO} spoke. End."
QUOTE = f"The minister said {HOSTILE} rose 5 percent."


class Page(HTMLParser):
    """Tags, attributes and text of a page, with the elements open around each text."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[tuple[tuple[str, ...], str]] = []
        self.scripts: list[tuple[str | None, str]] = []
        self._stack: list[str] = []
        self._script_type: str | None = None
        self._in_script = False
        self.feed(source)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self._script_type = dict(attrs).get("type")
        if tag not in ("meta", "br", "rect", "path", "circle", "line", "input"):
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        while self._stack:
            if self._stack.pop() == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append((self._script_type, data))
        else:
            self.texts.append((tuple(self._stack), data))

    @property
    def all_text(self) -> str:
        return "".join(t for _, t in self.texts)


@pytest.fixture
def ledger() -> Iterator[ClaimsLedger]:
    """The memory store: what is escaped does not depend on the store."""
    with ledger_at(":memory:") as opened:
        yield opened


@pytest.fixture
def hostile(ledger: ClaimsLedger) -> ArticleReport:
    article, _ = ledger.register_article(
        title=f"Title {HOSTILE}",
        published=date(2024, 5, 16),
        text=TEXT,
        url='https://news.example.org/a?x=1&y="2"',
        by=CHECKER,
    )
    claim = ledger.register_claim(
        text=f"Claim {HOSTILE} </script><script>alert(2)</script>",
        quote=QUOTE,
        article_id=article.id,
        speaker=f"Minister {RLO}",
        by=CHECKER,
    ).id
    ledger.add_evidence(
        claim,
        url="https://stats.example.org/q?a=<b>",
        quote=f"Evidence {HOSTILE}",
        stance="refutes",
        note=f"Note {RLO} after",
        by=CHECKER,
    )
    ledger.record_verdict(claim, rating="false", rationale=HOSTILE, by=CHECKER)
    ledger.approve_verdict(claim, by=EDITOR)
    ledger.publish(claim, by=EDITOR)
    ledger.correct(claim, rating="mostly-false", note=f"Corrected {HOSTILE} {RLO}", by=EDITOR)
    return article_report(ledger, article.id)


def with_long_rationale(report: ArticleReport) -> ArticleReport:
    """The report with a 50,000-character rationale (the domain caps new ones at 5,000;
    the page must not depend on that)."""
    [placed] = report.claims
    assert placed.view.verdict is not None
    verdict = placed.view.verdict.model_copy(update={"rationale": LONG + HOSTILE})
    view = placed.view.model_copy(update={"verdict": verdict})
    return replace(report, claims=[replace(placed, view=view)])


def with_bad_urls(report: ArticleReport) -> ArticleReport:
    """The report as if the store held URLs the domain refuses today."""
    [placed] = report.claims
    evidence = [
        e.model_copy(update={"url": "javascript:alert(document.cookie)"})
        for e in placed.view.evidence
    ]
    view = placed.view.model_copy(update={"evidence": evidence})
    article = report.article.model_copy(update={"url": " JaVaScRiPt:alert(1)"})
    return replace(report, article=article, claims=[replace(placed, view=view)])


def test_no_stored_text_becomes_markup(hostile: ArticleReport) -> None:
    source = article_page.render(with_bad_urls(hostile))
    page = Page(source)

    assert "<script>alert" not in source
    assert "<img" not in source
    assert HOSTILE in page.all_text  # shown as text, character for character
    assert f"Title {HOSTILE}" in page.all_text
    plain_scripts = [body for kind, body in page.scripts if kind is None]
    assert plain_scripts == [article_page.SCRIPT]
    assert {kind for kind, _ in page.scripts} == {None, "application/ld+json"}
    for _, attrs in page.tags:
        assert not [name for name in attrs if name.startswith("on")], attrs


def test_links_are_only_http_or_https(hostile: ArticleReport) -> None:
    page = Page(article_page.render(with_bad_urls(hostile)))

    hrefs = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    assert hrefs
    for href in hrefs:
        assert href is not None
        assert href.startswith(("#claim-", "https://", "http://")), href
    assert "javascript:alert(document.cookie)" in page.all_text  # shown, not linked


def test_right_to_left_marks_stay_inside_their_own_isolate(hostile: ArticleReport) -> None:
    page = Page(article_page.render(hostile))

    outside = [
        (stack, data)
        for stack, data in page.texts
        if "\u202e" in data and "bdi" not in stack and "mark" not in stack
    ]
    # Only the article's own text may carry it, as written (inside the article body).
    assert all("article" in stack for stack, _ in outside), outside


def test_a_50000_character_rationale_is_shown_whole_and_escaped(hostile: ArticleReport) -> None:
    page = Page(article_page.render(with_long_rationale(hostile)))

    assert LONG + HOSTILE in page.all_text


def test_the_json_ld_cannot_close_its_script_and_reads_back_exactly(
    hostile: ArticleReport,
) -> None:
    source = article_page.render(hostile)
    page = Page(source)

    [document] = [json.loads(body) for kind, body in page.scripts if kind == "application/ld+json"]
    assert document["claimReviewed"] == f"Claim {HOSTILE} </script><script>alert(2)</script>"
    assert document["reviewRating"]["alternateName"] == "Mostly false"
    block = source.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block
    assert ">" not in block


def test_the_page_allows_no_request_and_only_its_own_style_and_script(
    hostile: ArticleReport,
) -> None:
    page = Page(article_page.render(hostile))

    [policy] = [
        attrs["content"]
        for tag, attrs in page.tags
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    assert policy is not None
    assert "default-src 'none'" in policy
    assert "script-src 'sha256-" in policy
    assert "unsafe-inline" not in policy


def test_the_desk_page_escapes_notes_names_and_titles(
    ledger: ClaimsLedger, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Names are logins today (domain.names), but a store written before that rule
    # may hold any name: record these as such a version would have.
    monkeypatch.setattr("domain.claim.actor", lambda name: name)
    article, _ = ledger.register_article(
        title=f"T {HOSTILE}", published=date(2024, 5, 16), text=TEXT, url=None, by=CHECKER
    )
    claim = ledger.register_claim(
        text="A claim", quote=QUOTE, article_id=article.id, by=f"<b>{CHECKER}</b>"
    ).id
    ledger.record_verdict(claim, rating="false", rationale="r", by=f"<i>{CHECKER}</i>")
    ledger.approve_verdict(claim, by=EDITOR)
    ledger.publish(claim, by=EDITOR)
    ledger.retract(claim, reason=f"Gone {HOSTILE} {RLO}", by=EDITOR)

    source = desk_page.render(desk_figures(ledger, Period()))
    page = Page(source)

    assert "<script>alert" not in source
    assert "<i>maria" not in source
    assert f"Gone {HOSTILE} {RLO}" in page.all_text
    assert f"T {HOSTILE}" in page.all_text
    assert [kind for kind, _ in page.scripts] == []


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "//evil.example.org/x",
        "/relative",
        "https://",
        "http://exa mple.org",
        "https://example.org/\u202e",
    ],
)
def test_a_url_that_is_not_http_or_https_with_a_host_is_not_linked(url: str) -> None:
    assert safe_url(url) is None
    assert "<a " not in link(url)


def test_an_http_url_is_linked_with_its_quotes_escaped() -> None:
    shown = link('https://example.org/?q="x"&y=<z>')

    assert shown.startswith('<a href="https://example.org/?q=&quot;x&quot;&amp;y=&lt;z&gt;"')
    assert text("a\x00b\x1bc") == "a\ufffdb\ufffdc"
    block = json_ld({"x": "</script>"})
    assert "</script>" not in block.removesuffix("</script>")
    assert json.loads(block.split(">", 1)[1].rsplit("<", 1)[0]) == {"x": "</script>"}
