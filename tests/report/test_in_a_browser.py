"""The reports as a person sees them: opened in headless Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.application.support import ledger_at
from tests.cli.support import invoke
from tests.report.support import FIRST_TEXT, build

# Where each claim's first highlighted character sits in the article's text, counted
# over the text nodes of the article body (the printed labels left out).
MARK_OFFSETS = """
() => {
  const root = document.getElementById("article-text");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const starts = {};
  let offset = 0;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.closest(".badge")) { continue; }
    const mark = node.parentElement.closest("mark[data-claim]");
    if (mark && !(mark.dataset.claim in starts)) { starts[mark.dataset.claim] = offset; }
    offset += node.data.length;
  }
  return {starts: starts, length: offset};
}
"""


def watch_requests(context: Any) -> tuple[list[str], list[str]]:
    """(every request the page made, those that tried to leave the machine); the
    latter are aborted."""
    made: list[str] = []
    leaving: list[str] = []

    def route(handle: Any) -> None:
        url = handle.request.url
        if url.startswith("file:"):
            handle.continue_()
        else:
            leaving.append(url)
            handle.abort()

    context.on("request", lambda request: made.append(request.url))
    context.route("**/*", route)
    return made, leaving


def test_the_article_page_highlights_the_claims_and_opens_one_to_its_verdict(
    browser: Any, sqlite_url: str, tmp_path: Path
) -> None:
    with ledger_at(sqlite_url) as ledger:
        scenario = build(ledger)
    out = tmp_path / "article.html"
    result = invoke(["--db", sqlite_url, "report", str(scenario.first), "--out", str(out)])
    assert result.exit_code == 0, result.output
    made, leaving = watch_requests(browser)
    page = browser.new_page()

    page.goto(out.as_uri())

    placed = page.evaluate(MARK_OFFSETS)
    assert placed["length"] == len(FIRST_TEXT)
    for claim_id, quote in scenario.spans(scenario.first).items():
        marks = page.locator(f'mark[data-claim="{claim_id}"]')
        assert "".join(marks.all_text_contents()) == quote
        assert placed["starts"][str(claim_id)] == FIRST_TEXT.index(quote)
        assert marks.first.is_visible()

    card = page.locator(f"#claim-{scenario.trade}")
    verdict = card.locator(".verdict-label")
    assert card.get_attribute("open") is None
    assert not verdict.is_visible()
    page.locator(f'mark[data-claim="{scenario.trade}"]').click()
    assert card.get_attribute("open") is not None
    assert verdict.is_visible()
    assert verdict.inner_text() == "True"
    assert "Rounding is exact at this precision." in card.inner_text()
    assert "https://english.customs.gov.cn/statistics/2023" in card.inner_text()

    blocked = page.evaluate(
        "() => fetch('https://example.org/x').then(() => 'fetched', () => 'blocked')"
    )
    screenshot = tmp_path / "article.png"
    page.screenshot(path=str(screenshot), full_page=True)

    assert blocked == "blocked"
    assert leaving == []
    assert made == [out.as_uri()]
    assert screenshot.stat().st_size > 10_000


def test_the_desk_page_draws_its_charts_without_a_request(
    browser: Any, shared_url: str, tmp_path: Path
) -> None:
    with ledger_at(shared_url) as ledger:
        build(ledger)
    out = tmp_path / "desk.html"
    result = invoke(["--db", shared_url, "report", "--desk", "--out", str(out)])
    assert result.exit_code == 0, result.output
    made, leaving = watch_requests(browser)
    page = browser.new_page()

    page.goto(out.as_uri())

    charts = page.locator("svg.chart")
    assert charts.count() == 3
    for index in range(3):
        box = charts.nth(index).bounding_box()
        assert box is not None
        assert box["width"] > 300
        assert box["height"] > 50
    assert page.locator("h1").inner_text().startswith("The desk")
    assert "The exchange revised its series." in page.locator("body").inner_text()
    screenshot = tmp_path / "desk.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert leaving == []
    assert made == [out.as_uri()]
    assert screenshot.stat().st_size > 10_000
