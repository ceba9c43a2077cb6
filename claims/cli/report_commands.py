"""`claims report` (an article's page, or the desk's) and `claims stats`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claims.cli import render
from claims.cli.app import JsonFlag, app
from claims.cli.session import session

Since = Annotated[
    str | None,
    typer.Option(
        help="From this ISO-8601 date or time (UTC if no zone; a bare date: from its start)."
    ),
]
Until = Annotated[
    str | None,
    typer.Option(
        help="Up to this ISO-8601 date or time, included (UTC if no zone; a bare date: "
        "that whole day)."
    ),
]


@app.command()
def report(
    ctx: typer.Context,
    out: Annotated[
        Path,
        typer.Option("--out", help="The HTML file to write (atomically; its folder must exist)."),
    ],
    article: Annotated[
        str | None, typer.Argument(help="Article id or prefix (not with --desk).")
    ] = None,
    desk: Annotated[
        bool, typer.Option("--desk", help="The desk's overview instead of one article.")
    ] = False,
    since: Since = None,
    until: Until = None,
) -> None:
    """Write a self-contained HTML page: an article's text with every claim highlighted
    and its fact-check record, or with --desk the desk's figures and charts for a
    period. The page loads nothing from the network.

    \b
    Example:
      claims report ba9b465e --out putin-xi.html
      claims report --desk --since 2024-05-01 --out desk.html
    """
    from claims.report.output import check_target, write_page
    from claims.report.period import Period
    from domain.errors import InvalidInput

    if desk == (article is not None):
        msg = "give an ARTICLE id, or --desk for the desk's report"
        raise InvalidInput(msg)
    if article is not None and (since or until):
        msg = "--since and --until go with --desk"
        raise InvalidInput(msg)
    period = Period.parse(since, until)
    check_target(out)
    ledger = session(ctx).ledger()
    if article is not None:
        from claims.report.article import article_report
        from claims.report.article_page import render as render_article

        page = render_article(article_report(ledger, ledger.find_article(article)))
        what = "article report"
    else:
        from claims.report.desk_page import render as render_desk
        from claims.report.figures import desk_figures

        page = render_desk(desk_figures(ledger, period), ledger.scale)
        what = "desk report"
    write_page(out, page)
    render.say(f"wrote the {what} to {out}")


@app.command()
def stats(
    ctx: typer.Context, since: Since = None, until: Until = None, as_json: JsonFlag = False
) -> None:
    """The desk's figures for a period: claims by status and rating, checked and
    published per week, time to verdict and to publication, corrections and
    retractions, per-person counts, articles.

    \b
    Example:
      claims stats --since 2024-05-01 --until 2024-05-31 --json
    """
    from claims.report.figures import desk_figures
    from claims.report.period import Period

    figures = desk_figures(session(ctx).ledger(), Period.parse(since, until))
    if as_json:
        render.emit_json(figures.as_json())
    else:
        from claims.cli.report_text import figures_text

        render.show(figures_text(figures))
