"""Commands that only read: show, list, history."""

from __future__ import annotations

from typing import Annotated

import typer

from claims.cli import render, view_text
from claims.cli.app import TIME_HELP, ClaimId, WaitOption, app
from claims.cli.choices import Status
from claims.cli.output import Output, output_options
from claims.cli.session import session


@app.command()
@output_options
def show(
    ctx: typer.Context,
    claim: ClaimId,
    version: Annotated[
        int | None, typer.Option(min=1, help="Show the claim as it was at this version.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", metavar="TIME", help=f"Show the claim as it was at this time ({TIME_HELP})."
        ),
    ] = None,
    *,
    output: Output,
) -> None:
    """Show one claim: text, quote, status, evidence, verdict, publication.

    \b
    Example:
      claims show 0bfe46ba --as-of 2024-05-16T12:00:00Z
    """
    if version is not None and as_of is not None:
        msg = "give --version or --as-of, not both"
        raise typer.BadParameter(msg, param_hint="--as-of")
    ledger = session(ctx).ledger()
    claim_id = ledger.find_claim(claim)
    if as_of is not None:
        from claims.moments import parse_moment

        view = ledger.claim_as_of(claim_id, parse_moment(as_of, what="--as-of", end_of_day=True))
    else:
        view = ledger.get_claim(claim_id, version=version)
    render.emit(output, view, lambda: view_text.claim_detail(view))


@app.command("list")
@output_options
def list_claims(
    ctx: typer.Context,
    status: Annotated[
        Status | None,
        typer.Option(help="Only claims in this state."),
    ] = None,
    article: Annotated[str | None, typer.Option(help="Article id or prefix.")] = None,
    speaker: Annotated[str | None, typer.Option(help="Speaker name contains this.")] = None,
    rating: Annotated[str | None, typer.Option(help="Current rating key.")] = None,
    assignee: Annotated[str | None, typer.Option(help="Assigned to this user.")] = None,
    *,
    output: Output,
    wait: WaitOption = 0.0,
) -> None:
    """List claims (the fact-check table, a read model), filtered.

    \b
    Example:
      claims list --status in-review --speaker putin
    """
    from claims.projections import list_claims as read_model

    ledger = session(ctx).reader(wait)
    rows = read_model(
        ledger,
        status=status,
        article_id=ledger.find_article(article) if article else None,
        speaker=speaker,
        rating=rating,
        assignee=assignee,
    )
    render.emit(output, rows, lambda: view_text.claims_table(rows))


@app.command()
@output_options
def history(ctx: typer.Context, claim: ClaimId, *, output: Output) -> None:
    """Every event of a claim in order: version, UTC time, actor, type, payload.

    \b
    Example:
      claims history 0bfe46ba --nl
    """
    ledger = session(ctx).ledger()
    entries = ledger.history(ledger.find_claim(claim))
    render.emit(output, entries, lambda: view_text.history_lines(entries))


@app.command()
@output_options
def diff(
    ctx: typer.Context,
    claim: ClaimId,
    version_a: Annotated[int, typer.Argument(min=1, help="One version.")],
    version_b: Annotated[int, typer.Argument(min=1, help="Another version.")],
    *,
    output: Output,
) -> None:
    """What changed in a claim between two versions, and the events that changed it.

    \b
    Example:
      claims diff 0bfe46ba 7 9
    """
    ledger = session(ctx).ledger()
    result = ledger.diff(ledger.find_claim(claim), version_a, version_b)
    render.emit(output, result, lambda: view_text.diff_lines(result))
