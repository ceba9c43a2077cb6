"""The typer app, its global options, and the options many commands share."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from claims.cli.errors import ErrorMappingGroup
from claims.cli.session import Session
from claims.storage.location import STORE_VARIABLE

# `-h` as well as `--help`, on every command (click hands it down the tree).
CONTEXT = {"help_option_names": ["-h", "--help"]}


class ClaimsGroup(ErrorMappingGroup):
    """The root group: before running, every option and argument without a metavar
    gets one people read (`--url URL`, `CLAIM`), instead of a Python type name."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        _name_metavars(self)
        return super().main(*args, **kwargs)


def _no_type(ctx: Any) -> None:
    return None


def _name_metavars(command: Any) -> None:
    for param in command.params:
        if param.metavar is not None or getattr(param, "is_flag", False):
            continue
        described = getattr(param, "type_descriptor", None)
        choices = getattr(described, "choices", None)
        if choices and param.param_type_name == "option":
            param.metavar = "[" + "|".join(str(getattr(c, "value", c)) for c in choices) + "]"
        elif param.param_type_name == "option":
            param.metavar = max(param.opts, key=len).lstrip("-").replace("-", "_").upper()
        elif param.name is not None:
            name = param.name.upper()
            param.metavar = name.removesuffix("S") if param.nargs != 1 else name
        if param.param_type_name == "argument" and not choices:
            # typer prints an argument's Python type beside its name ("<list[Path]>");
            # the name and the help say what it is.
            param.display_type_rich = _no_type
    for sub in getattr(command, "commands", {}).values():
        _name_metavars(sub)


app = typer.Typer(
    name="claims",
    cls=ClaimsGroup,
    help="A claim-verification ledger: every change to a claim is an immutable event.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings=CONTEXT,
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
# What every time option says about a bare date (claims.activity.parse_moment).
TIME_HELP = "ISO-8601 date or time, UTC without a zone; a bare date YYYY-MM-DD means the whole day"


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        from claims.cli import render

        render.say(f"claims {version('claims')}")
        raise typer.Exit


@app.callback()
def configure(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="STORE",
            # Not typer's envvar: the store's location reads the variable, in one place.
            help=(
                "SQLite file path or postgresql://user:pass@host:port/db "
                f"[default: claims.db]  [env var: {STORE_VARIABLE}]"
            ),
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option(
            "--as",
            envvar="CLAIMS_USER",
            metavar="NAME",
            help="Who is acting [default: your login name].",
            show_envvar=True,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Record, review, publish and audit fact-checks of claims.

    Exit codes: 0 done, 1 refused by a rule, a role or a conflict, 2 bad input or usage.
    Shell completion: `claims --install-completion`."""
    session = Session(db=db, user=user)
    ctx.obj = session
    ctx.call_on_close(session.close)
