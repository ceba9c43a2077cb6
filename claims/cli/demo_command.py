"""`claims demo`: the seed article through the whole workflow."""

from __future__ import annotations

import typer

from claims.cli import render
from claims.cli.app import JsonFlag, app
from claims.cli.session import session


@app.command()
def demo(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Register the seed article and its claims, take one claim from evidence to a
    published, corrected verdict, then print the fact-check table and its history.
    Safe to run again: nothing is duplicated."""
    from claims.demo import run_demo

    result = run_demo(session(ctx).ledger())
    if as_json:
        render.emit_json(
            {
                "article": result.article.as_json(),
                "article_was_new": result.article_was_new,
                "claims_registered": result.registered,
                "workflow_claim": str(result.workflow_claim),
                "workflow_ran": result.workflow_ran,
                "table": [row.as_json() for row in result.table],
                "history": [entry.as_json() for entry in result.history],
            }
        )
        return
    article = result.article
    state = "registered" if result.article_was_new else "already registered"
    typer.echo(f"article {render.short(article.id)} {state}: {article.title} ({article.published})")
    typer.echo(f"claims registered this run: {result.registered}")
    if not result.workflow_ran:
        typer.echo("workflow already done on an earlier run; nothing was duplicated")
    typer.echo("")
    typer.echo(render.claims_table(result.table))
    typer.echo("")
    typer.echo(f"history of claim {result.workflow_claim}:")
    typer.echo(render.history_lines(result.history))
