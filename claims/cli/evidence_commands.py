"""`claims evidence add|withdraw`: sources for and against a claim."""

from __future__ import annotations

from typing import Annotated

import typer

from claims.cli import render
from claims.cli.app import ClaimId, JsonFlag, app
from claims.cli.choices import Stance
from claims.cli.errors import ErrorMappingGroup
from claims.cli.session import session

evidence_app = typer.Typer(
    cls=ErrorMappingGroup,
    help="Add or withdraw evidence (never deleted).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(evidence_app, name="evidence")


@evidence_app.command("add")
def add_evidence(
    ctx: typer.Context,
    claim: ClaimId,
    url: Annotated[str, typer.Option(help="Where the evidence is.")],
    stance: Annotated[Stance, typer.Option(help="How the source bears on the claim.")],
    quote: Annotated[str, typer.Option(help="The passage that matters.")],
    note: Annotated[str | None, typer.Option(help="Anything a reviewer should know.")] = None,
    accessed_on: Annotated[
        str | None,
        typer.Option(
            "--accessed-on",
            metavar="YYYY-MM-DD",
            help="The day you consulted the source (pages change).",
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Attach a source to a claim.

    \b
    Example:
      claims evidence add 0bfe46ba --stance supports --url https://example.org/a --quote "..."
    """
    from claims.moments import parse_moment

    s = session(ctx)
    day = (
        parse_moment(accessed_on, what="--accessed-on").date() if accessed_on is not None else None
    )
    ledger = s.ledger()
    view, evidence_id = ledger.add_evidence(
        ledger.find_claim(claim),
        url=url,
        stance=stance,
        quote=quote,
        note=note,
        accessed_on=day,
        by=s.actor,
    )
    if as_json:
        render.emit_json({"evidence_id": evidence_id, "claim": view.as_json()})
    else:
        render.say(f"{render.short(view.id)} evidence {evidence_id} added ({stance})")


@evidence_app.command("withdraw")
def withdraw_evidence(
    ctx: typer.Context,
    claim: ClaimId,
    evidence_id: Annotated[str, typer.Argument(help="e1, e2, ... as `claims show` lists.")],
    reason: Annotated[str, typer.Option(help="Why it no longer counts.")],
    as_json: JsonFlag = False,
) -> None:
    """Withdraw evidence with a reason; the record keeps it.

    \b
    Example:
      claims evidence withdraw 0bfe46ba e1 --reason "The page was taken down."
    """
    s = session(ctx)
    ledger = s.ledger()
    view = ledger.withdraw_evidence(
        ledger.find_claim(claim), evidence_id, reason=reason, by=s.actor
    )
    if as_json:
        render.emit_view(view)
    else:
        render.say(f"{render.short(view.id)} evidence {evidence_id} withdrawn")
