"""The typer app, its global options, and the options many commands share."""

from __future__ import annotations

from typing import Annotated

import typer

from claims.cli.errors import ErrorMappingGroup
from claims.cli.session import Session

app = typer.Typer(
    name="claims",
    cls=ErrorMappingGroup,
    help="A claim-verification ledger: every change to a claim is an immutable event.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

JsonFlag = Annotated[
    bool, typer.Option("--json", help="Print JSON (stable keys, ids as strings, UTC ISO times).")
]
WaitOption = Annotated[
    float,
    typer.Option(
        "--wait",
        min=0,
        metavar="SECONDS",
        help="Wait up to this long for the read models to catch up with the log "
        "(reads never catch up themselves) [default: 0, answer at once].",
    ),
]
ClaimId = Annotated[str, typer.Argument(help="Claim id, or a unique prefix of 8+ hex characters.")]


@app.callback()
def configure(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="CLAIMS_DB",
            help="SQLite file path or postgresql://user:pass@host:port/db [default: claims.db]",
            show_envvar=True,
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option(
            "--as",
            envvar="CLAIMS_USER",
            help="Who is acting [default: your login name].",
            show_envvar=True,
        ),
    ] = None,
) -> None:
    """Record, review, publish and audit fact-checks of claims."""
    session = Session(db=db, user=user)
    ctx.obj = session
    ctx.call_on_close(session.close)
