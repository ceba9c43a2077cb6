"""`--json`, `--csv` and `--nl` for every read command, from one decorator.

Like sqlite-utils' output options: a read command declares `output: Output` and is
decorated with `@output_options`; the decorator gives it the three flags (refusing
more than one) and hands the command the format chosen. `render.emit` then prints
the command's JSON shape (the keys `--json` always had) as one JSON document, as
JSON Lines (one row per line), or as CSV (a header, then one row per record, nested
values as compact JSON), or calls the command's text renderer.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any, TypeVar

import typer

F = TypeVar("F", bound=Callable[..., Any])


class Output(Enum):
    TEXT = "text"
    JSON = "json"
    CSV = "csv"
    NL = "nl"


_FLAGS = {
    "as_json": (Output.JSON, "--json", "Print JSON (stable keys, ids as strings, UTC ISO times)."),
    "as_csv": (Output.CSV, "--csv", "Print CSV: a header, then one row per record."),
    "as_nl": (Output.NL, "--nl", "Print JSON Lines: one record per line."),
}


def output_options(command: F) -> F:
    """Replace the command's `output: Output` parameter with --json, --csv and --nl."""
    # Evaluated here once; typer then reads this signature instead of evaluating again.
    signature = inspect.signature(command, eval_str=True)
    kept = [p for p in signature.parameters.values() if p.name != "output"]
    flags = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=False,
            annotation=Annotated[bool, typer.Option(flag, help=help_text)],
        )
        for name, (_, flag, help_text) in _FLAGS.items()
    ]

    @functools.wraps(command)
    def run(*args: Any, as_json: bool, as_csv: bool, as_nl: bool, **kwargs: Any) -> Any:
        chosen = [
            _FLAGS[name][0]
            for name, on in (("as_json", as_json), ("as_csv", as_csv), ("as_nl", as_nl))
            if on
        ]
        if len(chosen) > 1:
            msg = "give one of --json, --csv and --nl"
            raise typer.BadParameter(msg, param_hint="--" + chosen[1].value)
        return command(*args, output=chosen[0] if chosen else Output.TEXT, **kwargs)

    params = [p for p in kept if p.kind is not inspect.Parameter.VAR_KEYWORD]
    run.__signature__ = signature.replace(parameters=[*params, *flags])  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in [*params, *flags]}
    return run  # type: ignore[return-value]
