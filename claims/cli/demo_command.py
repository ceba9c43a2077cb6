"""`claims demo`: the seed article through the whole workflow."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claims.cli import render, view_text
from claims.cli.app import JsonFlag, app
from claims.cli.session import session


@app.command()
def demo(
    ctx: typer.Context,
    seed_file: Annotated[
        Path | None,
        typer.Option(
            "--seed-file",
            metavar="PATH",
            help="Write the seed article to PATH (to try `claims ingest` on) and stop; "
            "the store is not opened.",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Ingest the seed article (claims extracted with exact quotes, spans, speakers),
    take one claim from evidence to a published, corrected verdict, then print the
    fact-check table and that claim's history, and write the article's report (HTML)
    next to the store. Safe to run again: nothing is duplicated.

    \b
    Example:
      claims demo --seed-file putin-xi-beijing-2024-05-16.txt
    """
    if seed_file is not None:
        _write_seed(seed_file)
        return
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
    render.say(f"article {render.short(article.id)} {state}: {article.title} ({article.published})")
    render.say(f"claims registered this run: {new_claims}")
    if not result.workflow_ran:
        render.say("workflow already done on an earlier run; nothing was duplicated")
    render.say("")
    render.show(view_text.claims_table(result.table))
    render.say("")
    render.say(f"history of claim {result.workflow_claim}:")
    render.show(view_text.history_lines(result.history))
    render.say("")
    render.say(f"the article's report: {report}")


def _write_seed(path: Path) -> None:
    from importlib import resources

    from claims.demo import SEED_FILE
    from domain.errors import InvalidInput

    data = resources.files("claims.data").joinpath(SEED_FILE).read_bytes()
    try:
        path.write_bytes(data)
    except OSError as exc:
        msg = f"cannot write {path}: {exc.strerror}"
        raise InvalidInput(msg) from None
    render.say(f"wrote the seed article to {path} ({len(data):,} bytes)")
