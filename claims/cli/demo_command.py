"""`claims demo`: the seed article through the whole workflow."""

from __future__ import annotations

import typer

from claims.cli import render
from claims.cli.app import JsonFlag, app
from claims.cli.session import session


@app.command()
def demo(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Ingest the seed article (claims extracted with exact quotes, spans, speakers),
    take one claim from evidence to a published, corrected verdict, then print the
    fact-check table and that claim's history, and write the article's report (HTML)
    next to the store. Safe to run again: nothing is duplicated."""
    from claims.demo import run_demo
    from claims.report.writing import write_seed_report

    result = run_demo(session(ctx).ledger())
    report = write_seed_report(session(ctx), result.ingest.article.id)
    ingested = result.ingest
    new_claims = sum(1 for claim in ingested.claims if claim.new)
    if as_json:
        render.emit_json(
            {
                "article": ingested.article.as_json(),
                "already_ingested": ingested.already_ingested,
                "claims_registered": new_claims,
                "workflow_claim": str(result.workflow_claim),
                "workflow_ran": result.workflow_ran,
                "table": [row.as_json() for row in result.table],
                "history": [entry.as_json() for entry in result.history],
                "report": str(report),
            }
        )
        return
    article = ingested.article
    state = "already ingested" if ingested.already_ingested else "ingested"
    typer.echo(f"article {render.short(article.id)} {state}: {article.title} ({article.published})")
    typer.echo(f"claims registered this run: {new_claims}")
    if not result.workflow_ran:
        typer.echo("workflow already done on an earlier run; nothing was duplicated")
    typer.echo("")
    typer.echo(render.claims_table(result.table))
    typer.echo("")
    typer.echo(f"history of claim {result.workflow_claim}:")
    typer.echo(render.history_lines(result.history))
    typer.echo("")
    typer.echo(f"the article's report: {report}")
