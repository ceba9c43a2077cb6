"""Turning views into text for people, or into JSON for machines."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import orjson
import typer

from claims.printable import printable

if TYPE_CHECKING:
    from claims.cli.output import Output
    from claims.views import (
        View,
    )


def emit_json(data: Any) -> None:
    typer.echo(pretty_json(data))


def emit_line(line: str, *, nl: bool = True) -> None:
    """One line of a machine format (JSON Lines, CSV), exactly as made."""
    typer.echo(line, nl=nl)


def say(text: str, *, err: bool = False) -> None:
    """One line we composed, any user text in it made printable (newlines too)."""
    typer.echo(printable(text), err=err)


def show(text: str) -> None:
    """Text a renderer below made: every line of it already printable."""
    typer.echo(text)


def pretty_json(data: Any) -> str:
    """`json.dumps(data, ensure_ascii=False, indent=2)`, character for character.

    The standard library indents in pure Python (0.1 s for a 10,000-event history);
    orjson writes the same text whenever every value is one it spells the same way.
    """
    if _spelled_alike_by_orjson(data):
        try:
            return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()
        except orjson.JSONEncodeError:  # e.g. a lone surrogate, or an int beyond 64 bits
            pass
    return json.dumps(data, ensure_ascii=False, indent=2)


def _spelled_alike_by_orjson(value: Any) -> bool:
    """Plain JSON types only, and no float that orjson writes differently ("1e-5")."""
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return True
    if kind is float:
        return orjson.dumps(value) == repr(value).encode()
    if kind is list or kind is tuple:
        return all(_spelled_alike_by_orjson(item) for item in value)
    if kind is dict:
        return all(
            type(key) is str and _spelled_alike_by_orjson(item) for key, item in value.items()
        )
    return False


def compact_json(data: Any) -> str:
    """One line of JSON, for JSON Lines output."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def emit(
    output: Output,
    data: Any,
    text: Callable[[], str],
    *,
    records: Callable[[], list[dict[str, Any]]] | None = None,
) -> None:
    """Print a read command's result in the format asked for: its text rendering, or
    its JSON shape as one document, JSON Lines or CSV. `records` gives the rows for
    the line formats when they are not simply the items of a list (or the object)."""
    from claims.cli.output import Output

    if output is Output.TEXT:
        show(text())
        return
    document = _json_of(data)
    if output is Output.JSON:
        emit_json(document)
        return
    rows = records() if records is not None else document
    emit_stream(output, rows if isinstance(rows, list) else [rows])


def emit_stream(output: Output, rows: Iterable[dict[str, Any]]) -> None:
    """JSON-shaped records as JSON Lines (for --json too: a stream) or CSV."""
    from claims.cli.output import Output

    if output is not Output.CSV:
        for row in rows:
            typer.echo(compact_json(row))
        return
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns: list[str] | None = None
    for row in rows:
        if columns is None:
            columns = list(row)
            writer.writerow(columns)
        writer.writerow([_csv_cell(row.get(column)) for column in columns])
        typer.echo(buffer.getvalue(), nl=False)
        buffer.seek(0)
        buffer.truncate()


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return compact_json(value)


def _json_of(data: Any) -> Any:
    if isinstance(data, list | tuple):
        return [_json_of(item) for item in data]
    as_json = getattr(data, "as_json", None)
    return as_json() if as_json is not None else data


def emit_view(view: View) -> None:
    emit_json(view.as_json())


def emit_views(views: Iterable[View]) -> None:
    emit_json([view.as_json() for view in views])


def short(claim_id: object) -> str:
    return str(claim_id).replace("-", "")[:8]


def utc_text(moment: datetime | str) -> str:
    """A stored time in the one machine spelling every output uses: ISO-8601 UTC
    ending in `Z` ("2024-05-16T09:30:00.123456Z"), as the JSON has it."""
    text = moment.isoformat() if isinstance(moment, datetime) else moment
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


def when(moment: datetime | None) -> str:
    """ISO-8601 UTC to the second, as the machine formats spell it but without the
    microseconds a desk does not read ("2024-05-16T09:30:00Z"); --json keeps them."""
    return "-" if moment is None else moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, terminal: bool | None = None
) -> str:
    """Rows under headers. On a terminal rich draws them (bold headers, status and
    rating in colour unless NO_COLOR is set, the widest column wrapped to the
    window); anywhere else, a pipe or a file, plain columns two spaces apart, the
    same on every machine, for scripts. Cells are made printable either way."""
    cells = [[printable(cell) for cell in row] for row in rows]
    if terminal is None:
        terminal = sys.stdout.isatty()
    if terminal:
        return _rich_table(headers, cells)
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
        for line in [list(headers), *cells]
    ]
    return "\n".join(lines)


# Colours by meaning: settled in green, under way in yellow or cyan, against in red.
_STATUS_STYLES = {
    "in-review": "yellow",
    "rejected": "red",
    "approved": "cyan",
    "published": "green",
    "retracted": "magenta",
    "dismissed": "dim",
    "duplicate": "dim",
}
_RATING_STYLES = {
    "true": "green",
    "mostly-true": "green",
    "mixed": "yellow",
    "half-true": "yellow",
    "misleading": "yellow",
    "mostly-false": "red",
    "false": "red",
    "pants-on-fire": "red",
    "unproven": "dim",
}
_COLUMN_STYLES = {"STATUS": _STATUS_STYLES, "RATING": _RATING_STYLES}


def _rich_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    import io
    import shutil

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    # Every cell is a Text, never markup: "[bold]" in a title stays those characters.
    grid = Table(box=None, show_edge=False, pad_edge=False, padding=(0, 2, 0, 0))
    for header in headers:
        grid.add_column(Text(header, style="bold"), overflow="fold")
    for row in rows:
        grid.add_row(
            *[
                Text(cell, style=_COLUMN_STYLES.get(header, {}).get(cell, ""))
                for header, cell in zip(headers, row, strict=True)
            ]
        )
    # rich leaves out colour when NO_COLOR is set.
    console = Console(
        file=io.StringIO(),
        force_terminal=True,
        width=shutil.get_terminal_size().columns,
        highlight=False,
    )
    console.print(grid)
    drawn: str = console.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in drawn.rstrip("\n").split("\n"))
