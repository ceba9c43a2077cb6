"""An article's fact-check page: its text with every claim highlighted at its span,
and each claim's record (speaker, verdict, rationale, evidence, corrections and
retractions, its ClaimReview when published)."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import datetime

from claims.report.article import ArticleReport, ClaimOnPage
from claims.report.html import isolated, json_ld, link, page, text
from claims.report.palette import Swatch, rating_swatches, status_swatches
from claims.report.style import sheet
from claims.views import ClaimView, CorrectionView

# Statuses whose verdict stands (so the claim is shown in its rating's colour).
_RATED = frozenset({"in-review", "approved", "published"})

# Clicking a highlight opens its claim's card; printing opens every card.
SCRIPT = """
document.addEventListener("click", function (event) {
  var mark = event.target.closest("[data-claim]");
  if (!mark || mark.tagName === "DETAILS") { return; }
  var card = document.getElementById("claim-" + mark.getAttribute("data-claim"));
  if (!card) { return; }
  card.open = true;
  var list = card.parentElement;
  if (getComputedStyle(list).position === "sticky") {
    list.scrollTop = card.offsetTop - 8;
  } else {
    card.scrollIntoView({block: "nearest"});
  }
  event.preventDefault();
});
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details.card").forEach(function (d) { d.open = true; });
});
""".strip()


def render(report: ArticleReport) -> str:
    keys = sorted({c.view.verdict.rating for c in report.claims if c.view.verdict})
    ratings = rating_swatches(report.scale, keys)
    statuses = status_swatches()
    article = report.article
    published = Counter(
        c.view.verdict.rating
        for c in report.claims
        if c.view.status == "published" and c.view.verdict is not None
    )
    checked = sum(c.view.verdict is not None for c in report.claims)
    scorecard = (
        f"{len(report.claims)} claims, {checked} checked, "
        f"{sum(published.values())} published"
        + (
            ": " + ", ".join(f"{text(report.scale.label_of(k))} {n}" for k, n in published.items())
            if published
            else ""
        )
    )
    source = f" · {link(article.url)}" if article.url else ""
    body = [
        "<header>",
        '<p class="kicker">Fact-check report</p>',
        f"<h1>{isolated(article.title)}</h1>",
        f'<p class="meta">Published {text(article.published)}{source} · {scorecard}</p>',
        "</header>",
        _legend(report, ratings, statuses),
        '<main class="columns">',
        f'<article class="article-text" id="article-text">{_highlighted(report, ratings, statuses)}'
        "</article>",
        '<section class="cards" aria-label="Claims">',
        *(_card(report, claim, ratings, statuses) for claim in report.claims),
        "</section>",
        "</main>",
        _footer(report),
    ]
    return page(
        f"Fact-check report: {article.title}", "\n".join(body), sheet(ratings, statuses), SCRIPT
    )


def _classes(view: ClaimView, ratings: dict[str, Swatch], statuses: dict[str, Swatch]) -> str:
    names = [statuses[view.status].css_class] if view.status in statuses else []
    if view.verdict is not None and view.status in _RATED and view.verdict.rating in ratings:
        names.append(ratings[view.verdict.rating].css_class)
    return " ".join(names)


def _state(view: ClaimView) -> str:
    """What the claim's label says: its rating (if a verdict stands) and status."""
    verdict = view.verdict
    if verdict is not None and view.status in _RATED:
        if view.status == "published":
            return verdict.rating_label
        return f"{verdict.rating_label} ({view.status})"
    return view.status


def _legend(report: ArticleReport, ratings: dict[str, Swatch], statuses: dict[str, Swatch]) -> str:
    shown_statuses = {c.view.status for c in report.claims} | {"open", "in-review", "published"}
    items = ['<section class="legend" aria-label="Legend"><b>Status (line):</b>']
    for status, swatch in statuses.items():
        if status in shown_statuses:
            items.append(f'<span><mark class="hl {swatch.css_class}">{text(status)}</mark></span>')
    items.append("<b>Rating (colour):</b>")
    for key, swatch in ratings.items():
        items.append(
            f'<span><span class="swatch {swatch.css_class}"></span>'
            f"{text(report.scale.label_of(key))}</span>"
        )
    items.append("<span>Each claim's number and rating are printed after it.</span></section>")
    return "".join(items)


def _highlighted(
    report: ArticleReport, ratings: dict[str, Swatch], statuses: dict[str, Swatch]
) -> str:
    """The article's text with a `<mark>` per claim over exactly its span. Where spans
    overlap, the text is cut at every span's ends and each piece carries the marks of
    every claim over it, so marks nest properly and each claim's pieces join up to
    its span; the claim's label follows its last character."""
    placed = [c for c in report.claims if c.span is not None]
    cuts = {0, len(report.text)}
    for claim in placed:
        assert claim.span is not None
        cuts.update(claim.span)
    points = sorted(cuts)
    out: list[str] = []
    for start, end in itertools.pairwise(points):
        over = [c for c in placed if c.span and c.span[0] <= start and end <= c.span[1]]
        over.sort(key=lambda c: (c.span[0] if c.span else 0, -(c.span[1] if c.span else 0)))
        piece = text(report.text[start:end])
        for claim in reversed(over):
            classes = _classes(claim.view, ratings, statuses)
            piece = (
                f'<mark class="hl {classes}" data-claim="{claim.view.id}" '
                f'title="{text(claim.number)}: {text(_state(claim.view))}">{piece}</mark>'
            )
        out.append(piece)
        for claim in placed:
            if claim.span and claim.span[1] == end:
                out.append(_badge(claim))
    return "".join(out)


def _badge(claim: ClaimOnPage) -> str:
    return (
        f'<a class="badge" href="#claim-{claim.view.id}" data-claim="{claim.view.id}">'
        f"{claim.number} · {text(_state(claim.view))}</a>"
    )


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    shown = moment.strftime("%Y-%m-%d %H:%MZ")
    return f'<time datetime="{text(moment.isoformat())}">{shown}</time>'


def _card(
    report: ArticleReport,
    claim: ClaimOnPage,
    ratings: dict[str, Swatch],
    statuses: dict[str, Swatch],
) -> str:
    view = claim.view
    rows = [
        ("Speaker", isolated(claim.speaker) if claim.speaker else "not attributed"),
        (
            "Said here",
            f"“{isolated(claim.quote)}”"
            + (
                f" <small>(characters {claim.span[0]} to {claim.span[1]})</small>"
                if claim.span
                else " <small>(its span is not in this text)</small>"
            ),
        ),
        ("Status", text(view.status)),
    ]
    verdict = view.verdict
    if verdict is not None:
        review = {
            "pending": "awaiting review",
            "approved": f"approved by {isolated(verdict.reviewed_by)}",
            "rejected": f"rejected by {isolated(verdict.reviewed_by)}",
        }.get(verdict.review, text(verdict.review))
        rows.append(
            (
                "Verdict",
                f'<span class="verdict-label">{text(verdict.rating_label)}</span> '
                f"by {isolated(verdict.recorded_by)} {_when(verdict.recorded_at)}; {review}",
            )
        )
        rows.append(("Rationale", f'<div class="rationale">{isolated(verdict.rationale)}</div>'))
        if verdict.rejection_reason:
            rows.append(("Sent back", isolated(verdict.rejection_reason)))
    else:
        rows.append(("Verdict", "none yet"))
    if view.dismissed_reason:
        rows.append(("Dismissed", isolated(view.dismissed_reason)))
    if view.duplicate_of:
        rows.append(("Duplicate of", text(view.duplicate_of)))
    details = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    parts = [
        f'<details class="card {_classes(view, ratings, statuses)}" id="claim-{view.id}" '
        f'data-claim="{view.id}">',
        f'<summary><span class="badge">{claim.number}</span> {isolated(view.text)}'
        f'<span class="state">{text(_state(view))}</span></summary>',
        f'<div class="card-body"><dl>{details}</dl>',
        _evidence(view),
        _record(view),
    ]
    if claim.claimreview is not None:
        parts.append(json_ld(claim.claimreview))
    parts.append("</div></details>")
    return "\n".join(parts)


def _evidence(view: ClaimView) -> str:
    if not view.evidence:
        return "<h4>Evidence</h4><p>none recorded</p>"
    items = []
    for e in view.evidence:
        note = f" — {isolated(e.note)}" if e.note else ""
        withdrawn = (
            f' <span class="withdrawn-reason">withdrawn: {isolated(e.withdrawn_reason)}</span>'
            if e.withdrawn
            else ""
        )
        opening = '<li class="withdrawn">' if e.withdrawn else "<li>"
        items.append(
            f"{opening}"
            f'<span class="stance {text(e.stance)}">{text(e.stance)}</span> '
            f"{link(e.url)}<br>“{isolated(e.quote)}”{note} "
            f"<small>added by {isolated(e.added_by)} {_when(e.added_at)}</small>{withdrawn}</li>"
        )
    return f'<h4>Evidence</h4><ul class="evidence">{"".join(items)}</ul>'


def _record(view: ClaimView) -> str:
    """Publications, corrections and retractions, oldest first, each dated."""
    entries: list[tuple[datetime, str]] = []

    def corrections(items: list[CorrectionView]) -> None:
        for c in items:
            entries.append(
                (
                    c.corrected_at,
                    f"{_when(c.corrected_at)} corrected from {text(c.old_rating)} to "
                    f"{text(c.new_rating)} by {isolated(c.corrected_by)}: "
                    f'<span class="note">{isolated(c.note)}</span>',
                )
            )

    for r in view.retractions:
        entries.append(
            (
                r.published_at,
                f"{_when(r.published_at)} published as {text(r.rating)} "
                f"by {isolated(r.published_by)}",
            )
        )
        corrections(list(r.corrections))
        entries.append(
            (
                r.retracted_at,
                f"{_when(r.retracted_at)} <strong>retracted</strong> "
                f"by {isolated(r.retracted_by)}: "
                f'<span class="note">{isolated(r.reason)}</span>',
            )
        )
    if view.published_at is not None:
        entries.append(
            (
                view.published_at,
                f"{_when(view.published_at)} published by {isolated(view.published_by or '-')}",
            )
        )
        corrections(list(view.corrections))
    if not entries:
        return ""
    entries.sort(key=lambda entry: entry[0])
    items = "".join(f"<li>{html}</li>" for _, html in entries)
    return f'<h4>Publication, corrections and retractions</h4><ol class="record">{items}</ol>'


def _footer(report: ArticleReport) -> str:
    published = sum(1 for c in report.claims if c.claimreview is not None)
    return (
        f"<footer>Generated {_when(report.generated_at)} from the claim ledger "
        f"(article {text(report.article.id)}). {published} published fact-check"
        f"{'s' if published != 1 else ''} carry ClaimReview data for search engines. "
        "This page loads nothing from the network.</footer>"
    )
