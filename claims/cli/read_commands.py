"""Commands that only read: show, list, history."""

from __future__ import annotations

from typing import Annotated

import typer

from claims.cli import render
from claims.cli.app import ClaimId, JsonFlag, WaitOption, app
from claims.cli.session import session


@app.command()
def show(
    ctx: typer.Context,
    claim: ClaimId,
    version: Annotated[
        int | None, typer.Option(min=1, help="Show the claim as it was at this version.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Show the claim as it was at this ISO-8601 time (UTC if no zone)."
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Show one claim: text, quote, status, evidence, verdict, publication."""
    if version is not None and as_of is not None:
        msg = "give --version or --as-of, not both"
        raise typer.BadParameter(msg, param_hint="--as-of")
    ledger = session(ctx).ledger()
    claim_id = ledger.find_claim(claim)
    if as_of is not None:
        from claims.audit.activity import parse_moment

        view = ledger.claim_as_of(claim_id, parse_moment(as_of, what="--as-of"))
    else:
        view = ledger.get_claim(claim_id, version=version)
    if as_json:
        render.emit_view(view)
    else:
        typer.echo(render.claim_detail(view))


@app.command("list")
def list_claims(
    ctx: typer.Context,
    status: Annotated[
        str | None,
        typer.Option(
            help="open, in-review, rejected, approved, published, dismissed or duplicate."
        ),
    ] = None,
    article: Annotated[str | None, typer.Option(help="Article id or prefix.")] = None,
    speaker: Annotated[str | None, typer.Option(help="Speaker name contains this.")] = None,
    rating: Annotated[str | None, typer.Option(help="Current rating key.")] = None,
    assignee: Annotated[str | None, typer.Option(help="Assigned to this user.")] = None,
    as_json: JsonFlag = False,
    wait: WaitOption = 0.0,
) -> None:
    """List claims (the fact-check table, a read model), filtered."""
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
    if as_json:
        render.emit_views(rows)
    else:
        typer.echo(render.claims_table(rows))


@app.command()
def history(ctx: typer.Context, claim: ClaimId, as_json: JsonFlag = False) -> None:
    """Every event of a claim in order: version, UTC time, actor, type, payload."""
    ledger = session(ctx).ledger()
    entries = ledger.history(ledger.find_claim(claim))
    if as_json:
        render.emit_views(entries)
    else:
        typer.echo(render.history_lines(entries))


@app.command()
def diff(
    ctx: typer.Context,
    claim: ClaimId,
    version_a: Annotated[int, typer.Argument(min=1, help="One version.")],
    version_b: Annotated[int, typer.Argument(min=1, help="Another version.")],
    as_json: JsonFlag = False,
) -> None:
    """What changed in a claim between two versions, and the events that changed it."""
    ledger = session(ctx).ledger()
    result = ledger.diff(ledger.find_claim(claim), version_a, version_b)
    if as_json:
        render.emit_view(result)
    else:
        typer.echo(render.diff_lines(result))
