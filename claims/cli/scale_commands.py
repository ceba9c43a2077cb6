"""`claims scale`: the rating scale in force; `claims scale adopt FILE` changes it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claims.cli import render, view_text
from claims.cli.app import JsonFlag, app
from claims.cli.errors import ErrorMappingGroup
from claims.cli.output import Output, output_options
from claims.cli.session import session

scale_app = typer.Typer(
    cls=ErrorMappingGroup,
    help="The rating scale: keys, labels, ordinal values; `adopt` puts another in force.",
    invoke_without_command=True,
    rich_markup_mode=None,
)
app.add_typer(scale_app, name="scale")


@scale_app.callback()
@output_options
def scale(ctx: typer.Context, *, output: Output) -> None:
    """The rating scale in force in this store: keys, labels, ordinal values.

    \b
    Example:
      claims scale --csv
    """
    if ctx.invoked_subcommand is not None:
        return
    view = session(ctx).ledger().rating_scale()
    render.emit(
        output,
        view,
        lambda: view_text.scale_table(view),
        records=lambda: [rating.as_json() for rating in view.ratings],
    )


@scale_app.command("adopt")
def adopt(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(help="The scale: TOML (.toml) or JSON, a name and a list of ratings."),
    ],
    relabel: Annotated[
        bool,
        typer.Option(
            "--relabel",
            help="Allow new labels or values for ratings that published fact-checks carry.",
        ),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Put a rating scale in force for everyone using this store (recorded as an event).

    \b
    Example:
      claims scale adopt politifact.toml
    """
    from claims.scale_file import read_scale_definition

    definition = read_scale_definition(file)
    s = session(ctx)
    view = s.ledger().adopt_scale(definition, by=s.actor, relabel=relabel)
    if as_json:
        render.emit_view(view)
    else:
        render.say(f"adopted the {view.name} scale ({len(view.ratings)} ratings)")
