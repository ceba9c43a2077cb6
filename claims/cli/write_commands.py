"""Commands that change a claim: each calls one application method, then reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from claims.cli import render
from claims.cli.app import ClaimId, JsonFlag, app
from claims.cli.choices import Decision
from claims.cli.session import session

if TYPE_CHECKING:
    from claims.views import ClaimView

Reason = Annotated[str, typer.Option("--reason", help="Why; kept in the record.")]


def _report(view: ClaimView, message: str, as_json: bool) -> None:
    if as_json:
        render.emit_view(view)
    else:
        render.say(f"{render.short(view.id)} {message} (status {view.status}, v{view.version})")


@app.command()
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The claim, stated plainly.")],
    quote: Annotated[str, typer.Option(help="The exact source words.")],
    article: Annotated[
        str | None, typer.Option(help="Article id or prefix the quote comes from.")
    ] = None,
    speaker: Annotated[str | None, typer.Option(help="Who made the claim.")] = None,
    source_url: Annotated[str | None, typer.Option(help="Where the claim was made.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Register a claim. With --article, the quote must occur in the article's text.

    \b
    Example:
      claims add "Exports rose 12 percent" --quote "Exports rose 12 percent." --speaker minister
    """
    s = session(ctx)
    ledger = s.ledger()
    view = ledger.register_claim(
        text=text,
        quote=quote,
        article_id=ledger.find_article(article) if article else None,
        speaker=speaker,
        source_url=source_url,
        by=s.actor,
    )
    if as_json:
        render.emit_view(view)
    else:
        render.say(f"registered claim {view.id}")


@app.command()
def assign(
    ctx: typer.Context,
    claim: ClaimId,
    user: Annotated[str, typer.Argument(help="Who will check it.")],
    as_json: JsonFlag = False,
) -> None:
    """Assign a claim to a fact-checker.

    \b
    Example:
      claims assign 0bfe46ba maria
    """
    s = session(ctx)
    ledger = s.ledger()
    view = ledger.assign(ledger.find_claim(claim), user, by=s.actor)
    _report(view, f"assigned to {user}", as_json)


@app.command()
def verdict(
    ctx: typer.Context,
    claim: ClaimId,
    rating: Annotated[str, typer.Option(help="A key of `claims scale`.")],
    rationale: Annotated[str, typer.Option(help="Why this rating.")],
    as_json: JsonFlag = False,
) -> None:
    """Record a verdict; it supersedes any unpublished one and awaits review.

    \b
    Example:
      claims verdict 0bfe46ba --rating true --rationale "Reuters, 3 October 2019."
    """
    s = session(ctx)
    ledger = s.ledger()
    view = ledger.record_verdict(
        ledger.find_claim(claim), rating=rating, rationale=rationale, by=s.actor
    )
    _report(view, f"verdict {rating} recorded", as_json)


@app.command()
def review(
    ctx: typer.Context,
    claim: ClaimId,
    decision: Annotated[Decision, typer.Argument(help="What you decide.")],
    reason: Annotated[
        str | None,
        typer.Option("--reason", help="Why: required to reject; recorded with an approval."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Approve or reject the verdict awaiting review (never your own).

    \b
    Example:
      claims --as tom review 0bfe46ba reject --reason "Attribute it to Putin."
    """
    if decision == "reject" and not reason:
        msg = "rejecting a verdict needs --reason"
        raise typer.BadParameter(msg, param_hint="--reason")
    s = session(ctx)
    ledger = s.ledger()
    claim_id = ledger.find_claim(claim)
    if decision == "approve":
        view = ledger.approve_verdict(claim_id, by=s.actor, reason=reason)
    else:
        view = ledger.reject_verdict(claim_id, reason=reason or "", by=s.actor)
    _report(view, "verdict approved" if decision == "approve" else "verdict rejected", as_json)


@app.command()
def publish(ctx: typer.Context, claim: ClaimId, as_json: JsonFlag = False) -> None:
    """Publish an approved verdict.

    \b
    Example:
      claims publish 0bfe46ba
    """
    s = session(ctx)
    ledger = s.ledger()
    view = ledger.publish(ledger.find_claim(claim), by=s.actor)
    _report(view, "published", as_json)


@app.command()
def correct(
    ctx: typer.Context,
    claim: ClaimId,
    rating: Annotated[str, typer.Option(help="The corrected rating.")],
    note: Annotated[str, typer.Option(help="What was wrong and why it changed.")],
    as_json: JsonFlag = False,
) -> None:
    """Correct a published verdict openly: old and new rating, and why.

    \b
    Example:
      claims correct 0bfe46ba --rating mostly-true --note "Officials confirmed it in 2020."
    """
    s = session(ctx)
    ledger = s.ledger()
    view = ledger.correct(ledger.find_claim(claim), rating=rating, note=note, by=s.actor)
    _report(view, f"corrected to {rating}", as_json)


@app.command()
def retract(ctx: typer.Context, claim: ClaimId, reason: Reason, as_json: JsonFlag = False) -> None:
    """Retract a published fact-check openly; a new verdict may follow.

    \b
    Example:
      claims retract 0bfe46ba --reason "The source withdrew its figures."
    """
    s = session(ctx)
    ledger = s.ledger()
    view = ledger.retract(ledger.find_claim(claim), reason=reason, by=s.actor)
    _report(view, "retracted", as_json)


@app.command()
def dismiss(ctx: typer.Context, claim: ClaimId, reason: Reason, as_json: JsonFlag = False) -> None:
    """Dismiss a claim as not worth checking.

    \b
    Example:
      claims dismiss 0bfe46ba --reason "Opinion, not a checkable claim."
    """
    s = session(ctx)
    ledger = s.ledger()
    view = ledger.dismiss(ledger.find_claim(claim), reason=reason, by=s.actor)
    _report(view, "dismissed", as_json)


@app.command()
def reopen(ctx: typer.Context, claim: ClaimId, as_json: JsonFlag = False) -> None:
    """Reopen a dismissed or duplicate claim.

    \b
    Example:
      claims reopen 0bfe46ba
    """
    s = session(ctx)
    ledger = s.ledger()
    view = ledger.reopen(ledger.find_claim(claim), by=s.actor)
    _report(view, "reopened", as_json)


@app.command()
def duplicate(
    ctx: typer.Context,
    claim: ClaimId,
    of: Annotated[str, typer.Option("--of", help="The claim this one repeats.")],
    as_json: JsonFlag = False,
) -> None:
    """Mark a claim as a duplicate of another.

    \b
    Example:
      claims duplicate 0bfe46ba --of 38fd3d34
    """
    s = session(ctx)
    ledger = s.ledger()
    original = ledger.find_claim(of)
    view = ledger.mark_duplicate(ledger.find_claim(claim), original_id=original, by=s.actor)
    _report(view, f"marked duplicate of {render.short(original)}", as_json)


@app.command()
def note(
    ctx: typer.Context,
    claim: ClaimId,
    text: Annotated[str, typer.Argument(help="The note.")],
    as_json: JsonFlag = False,
) -> None:
    """Add a note to a claim's record.

    \b
    Example:
      claims note 0bfe46ba "Asked the ministry for the series."
    """
    s = session(ctx)
    ledger = s.ledger()
    view = ledger.add_note(ledger.find_claim(claim), text, by=s.actor)
    _report(view, "note added", as_json)
