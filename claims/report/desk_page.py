"""The desk's overview page: its figures for a period, charts, people, corrections
and retractions with their notes, and the articles with their scorecards."""

from __future__ import annotations

from datetime import UTC, datetime

from claims.report.figures import PERSON_HEADINGS, PERSON_KINDS, DeskFigures
from claims.report.html import isolated, link, page, text
from claims.report.palette import STATUS_LINES, rating_swatches, status_swatches
from claims.report.style import sheet
from claims.report.svg import Bar, bar_chart, weekly_chart
from claims.report.units import duration
from domain.ratings import DEFAULT_SCALE, RatingScale


def render(f: DeskFigures, scale: RatingScale = DEFAULT_SCALE) -> str:
    ratings = rating_swatches(scale, list(f.by_rating))
    statuses = status_swatches()
    checked = sum(w.checked for w in f.weeks)
    published = sum(w.published for w in f.weeks)
    figures = [
        (str(f.claims), "claims registered"),
        (str(checked), "claims checked (first verdict)"),
        (str(published), "claims published (first time)"),
        (
            f"{duration(f.to_verdict.median)} / {duration(f.to_verdict.p90)}",
            "registration to verdict: median / 90th percentile",
        ),
        (
            f"{duration(f.to_publication.median)} / {duration(f.to_publication.p90)}",
            "registration to publication: median / 90th percentile",
        ),
        (f"{f.corrections} / {f.retractions}", "corrections / retractions"),
    ]
    status_bars = [
        Bar(
            status,
            count,
            STATUS_LINES[status][1] if status in STATUS_LINES else "#8c8c8c",
            statuses[status].pattern if status in statuses else "solid",
        )
        for status, count in f.by_status.items()
    ]
    rating_bars = [
        Bar(
            f"{f.rating_labels.get(key, key)} ({f.published_by_rating.get(key, 0)} published)",
            count,
            ratings[key].colour,
            ratings[key].pattern,
        )
        for key, count in f.by_rating.items()
    ]
    weekly = weekly_chart(
        "weekly",
        "Claims checked and published per week",
        [(w.label, w.checked, w.published) for w in f.weeks],
        (("checked (first verdict)", "#0072B2", "solid"), ("published", "#E69F00", "diagonal")),
    )
    body = [
        "<header>",
        '<p class="kicker">Desk report</p>',
        f"<h1>The desk: {text(f.period.describe())}</h1>",
        f'<p class="meta">Generated {text(datetime.now(UTC).strftime("%Y-%m-%d %H:%MZ"))} '
        "from the claim ledger's read models. Claims by status and rating count the claims "
        "registered in the period; weeks run Monday to Sunday (UTC).</p>",
        "</header>",
        '<section class="figures" aria-label="Key figures">',
        *(f'<div class="figure"><b>{text(v)}</b><span>{text(k)}</span></div>' for v, k in figures),
        "</section>",
        '<section class="charts">',
        f"<div><h2>Claims by status</h2>{bar_chart('status', 'Claims by status', status_bars)}"
        "</div>",
        "<div><h2>Claims by current rating</h2>"
        f"{bar_chart('rating', 'Claims by current rating', rating_bars)}</div>",
        "</section>",
        f"<h2>Checked and published per week</h2>{weekly}",
        _people(f),
        _amendments(f),
        _articles(f, scale),
        "<footer>This page loads nothing from the network. The same figures: "
        "<code>claims stats --json</code>.</footer>",
    ]
    return page(f"Desk report: {f.period.describe()}", "\n".join(body), sheet(ratings, statuses))


def _people(f: DeskFigures) -> str:
    if not f.people:
        return "<h2>Who did what</h2><p>Nobody decided anything in this period.</p>"
    head = "".join(f'<th class="n">{text(PERSON_HEADINGS[k])}</th>' for k in PERSON_KINDS)
    rows = "".join(
        f"<tr><td>{isolated(name)}</td>"
        + "".join(f'<td class="n">{counts.get(k, 0)}</td>' for k in PERSON_KINDS)
        + "</tr>"
        for name, counts in f.people.items()
    )
    return (
        "<h2>Who did what</h2>"
        f"<table><thead><tr><th>person</th>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _amendments(f: DeskFigures) -> str:
    title = f"<h2>Corrections and retractions ({f.corrections} and {f.retractions})</h2>"
    if not f.amendments:
        return f"{title}<p>None in this period.</p>"
    rows = []
    for a in f.amendments:
        change = (
            f"corrected {text(a.old_rating)} → {text(a.new_rating)}"
            if a.kind == "corrected"
            else "<strong>retracted</strong>"
        )
        rows.append(
            f'<tr><td><time datetime="{text(a.at.isoformat())}">'
            f"{text(a.at.strftime('%Y-%m-%d %H:%MZ'))}</time></td>"
            f"<td>{isolated(a.by or '-')}</td><td>{isolated(a.claim_text or a.claim_id)}</td>"
            f'<td>{change}</td><td class="note">{isolated(a.note or "")}</td></tr>'
        )
    shown = len(f.amendments)
    more = (
        f"<p>The {shown} most recent are listed.</p>"
        if shown < f.corrections + f.retractions
        else ""
    )
    return (
        f"{title}<table><thead><tr><th>when</th><th>by</th><th>claim</th><th>change</th>"
        f"<th>note</th></tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"
    )


def _articles(f: DeskFigures, scale: RatingScale) -> str:
    title = f"<h2>Articles ({f.articles_total})</h2>"
    if not f.articles:
        return f"{title}<p>No article was registered in this period.</p>"
    rows = []
    for a in f.articles:
        ratings = ", ".join(
            f"{text(scale.label_of(key))} {n}" for key, n in sorted(a.ratings.items())
        )
        name = link(a.url, a.title or a.id) if a.url else isolated(a.title or a.id)
        rows.append(
            f"<tr><td>{name}</td><td>{text(a.published or '-')}</td>"
            f'<td class="n">{a.claims}</td><td class="n">{a.checked}</td>'
            f'<td class="n">{a.published_claims}</td><td>{ratings or "-"}</td></tr>'
        )
    more = (
        f"<p>The {len(f.articles)} most recent are listed.</p>"
        if len(f.articles) < f.articles_total
        else ""
    )
    return (
        f'{title}<table><thead><tr><th>article</th><th>published</th><th class="n">claims'
        '</th><th class="n">checked</th><th class="n">published</th><th>ratings published'
        f"</th></tr></thead><tbody>{''.join(rows)}</tbody></table>{more}"
    )
