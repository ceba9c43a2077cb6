"""`claims similar ID`: known claims that may say the same thing (duplicate candidates)."""

from __future__ import annotations

import typer

from claims.cli import render
from claims.cli.app import ClaimId, JsonFlag, app
from claims.cli.session import session


@app.command()
def similar(ctx: typer.Context, claim: ClaimId, as_json: JsonFlag = False) -> None:
    """List claims that may say the same thing as this one, best score first.

    The same claim in other words, or the same quote in another attribution. Numbers,
    dates and actors must agree. Nothing is merged: confirm with `claims duplicate`.

    \b
    Example:
      claims similar 000eee91
    """
    ledger = session(ctx).ledger()
    claim_id = ledger.find_claim(claim)
    found = ledger.similar_claims(claim_id)
    if as_json:
        render.emit_views(found)
        return
    if not found:
        render.say(f"no similar claims for {render.short(claim_id)}")
        return
    render.show(
        render.table(
            ["ID", "SCORE", "STATUS", "CLAIM"],
            [
                [render.short(v.id), f"{v.score:.2f}", v.status, render.clip(v.text, 80)]
                for v in found
            ],
        )
    )
    render.say(f"confirm one with: claims duplicate {render.short(claim_id)} --of ID")
