"""Turning views into text for people, or into JSON for machines."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

import orjson
import typer

from claims.printable import printable

if TYPE_CHECKING:
    from claims.audit.verify import Verification
    from claims.cli.output import Output
    from claims.views import (
        ActivityEntry,
        ClaimDiff,
        ClaimSummary,
        ClaimView,
        HistoryEntry,
        ScaleView,
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


def _lines(lines: Iterable[str]) -> str:
    return "\n".join(printable(line) for line in lines)


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


def claims_table(rows: Sequence[ClaimSummary]) -> str:
    if not rows:
        return "no claims"
    return table(
        ["ID", "STATUS", "RATING", "SPEAKER", "ASSIGNEE", "CLAIM"],
        [
            [
                short(r.id),
                r.status,
                r.rating or "-",
                clip(r.speaker or "-", 20),
                r.assignee or "-",
                clip(r.text, 70),
            ]
            for r in rows
        ],
    )


def claim_detail(view: ClaimView) -> str:
    lines = [
        f"claim     {view.id}",
        f"status    {view.status}  (version {view.version}, last change {when(view.last_change)})",
        f"text      {view.text}",
        f"quote     “{view.quote}”",
    ]
    if view.article_id is not None:
        span = f" chars {view.span[0]}-{view.span[1]}" if view.span else ""
        lines.append(f"article   {view.article_id}{span}")
    lines.append(f"speaker   {view.speaker or '-'}")
    if view.checkworthiness is not None:
        lines.append(f"score     {view.checkworthiness:.2f}")
    lines.append(f"assignee  {view.assignee or '-'}")
    lines.append(f"registered by {view.registered_by} at {when(view.registered_at)}")
    if view.verdict is not None:
        v = view.verdict
        lines.append(
            f"verdict   {v.rating} ({v.rating_label}) by {v.recorded_by} at "
            f"{when(v.recorded_at)}; review: {v.review}"
            + (f" by {v.reviewed_by}" if v.reviewed_by else "")
        )
        lines.append(f"          {v.rationale}")
        if v.rejection_reason:
            lines.append(f"          rejected: {v.rejection_reason}")
    if view.published_at is not None:
        lines.append(f"published by {view.published_by} at {when(view.published_at)}")
    for c in view.corrections:
        lines.append(
            f"corrected {c.old_rating} -> {c.new_rating} by {c.corrected_by} at "
            f"{when(c.corrected_at)}: {c.note}"
        )
    for r in view.retractions:
        lines.append(
            f"retracted {r.rating} (published {when(r.published_at)}) by {r.retracted_by} at "
            f"{when(r.retracted_at)}: {r.reason}"
        )
        lines.extend(
            f"          it had been corrected {c.old_rating} -> {c.new_rating} by "
            f"{c.corrected_by} at {when(c.corrected_at)}: {c.note}"
            for c in r.corrections
        )
    if view.dismissed_reason:
        lines.append(f"dismissed {view.dismissed_reason}")
    if view.duplicate_of:
        lines.append(f"duplicate of {view.duplicate_of}")
    if view.evidence:
        lines.append("evidence")
        for e in view.evidence:
            state = f" WITHDRAWN: {e.withdrawn_reason}" if e.withdrawn else ""
            consulted = f", consulted {e.accessed_on}" if e.accessed_on else ""
            lines.append(f"  {e.id}  {e.stance:<8} {e.url} ({e.added_by}{consulted}){state}")
            lines.append(f"      “{clip(e.quote, 100)}”")
    for n in view.notes:
        lines.append(f"note      {n.by} at {when(n.at)}: {n.text}")
    return _lines(lines)


def history_lines(entries: Sequence[HistoryEntry]) -> str:
    lines = (
        f"{e.version:>4}  {when(e.timestamp)}  {e.actor:<12} {e.type:<18} {_payload(e.payload)}"
        for e in entries
    )
    return _lines(
        line.rstrip() + _entered(e.entered_by) for line, e in zip(lines, entries, strict=True)
    )


def _payload(payload: dict[str, Any]) -> str:
    return " ".join(f"{k}={_json_value(v)}" for k, v in payload.items() if v is not None)


def _json_value(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False)`; strings, most values, take a short cut."""
    if type(value) is str:
        return encode_basestring(value)
    return json.dumps(value, ensure_ascii=False)


def scale_table(view: ScaleView) -> str:
    adopted = (
        f"adopted by {view.adopted_by} at {when(view.adopted_at)}"
        if view.adopted_by is not None and view.adopted_at is not None
        else "built in"
    )
    rows = table(
        ["KEY", "LABEL", "VALUE"],
        [[r.key, r.label, "-" if r.value is None else str(r.value)] for r in view.ratings],
    )
    return f"{printable(f'scale {view.name} ({adopted})')}\n{rows}"


def diff_lines(result: ClaimDiff) -> str:
    lines = [f"claim {result.claim_id}: version {result.from_version} -> {result.to_version}"]
    if not result.changes:
        lines.append("  no field changed")
    for change in result.changes:
        before = json.dumps(change.before, ensure_ascii=False)
        after = json.dumps(change.after, ensure_ascii=False)
        lines.append(f"  {change.field}: {before} -> {after}")
    lines.append("events in between:")
    return _lines(lines) + "\n" + history_lines(result.events)


def activity_line(entry: ActivityEntry) -> str:
    line = (
        f"{entry.position:>8}  {when(entry.timestamp)}  {entry.actor or '-':<12} "
        f"{entry.aggregate:<7} {short(entry.aggregate_id)} v{entry.version:<4} "
        f"{entry.type:<18} {_payload(entry.payload)}"
    )
    return printable(line.rstrip() + _entered(entry.entered_by))


def _entered(entered_by: str | None) -> str:
    """Whoever ran the command, when it was not the actor, at the end of its line."""
    return f" (entered by {entered_by})" if entered_by else ""


def verification_json(result: Verification) -> dict[str, Any]:
    broken = result.first_break
    return {
        "intact": result.intact,
        "events": result.events,
        "aggregates": result.aggregates,
        "root": result.root,
        "position": result.position,
        "first_break": None
        if broken is None
        else {
            "position": broken.position,
            "aggregate_id": broken.aggregate_id,
            "version": broken.version,
            "problem": broken.problem,
        },
        "anchor": None if result.anchor is None else str(result.anchor),
        "anchor_problem": result.anchor_problem,
        "stamp_mismatches": result.stamp_mismatches,
        "first_stamp_mismatch": result.first_stamp_mismatch,
    }


def verification_text(result: Verification) -> str:
    if result.first_break is not None:
        return printable(f"BROKEN after {result.events} intact events: {result.first_break}")
    lines = [
        f"intact: {result.events} events of {result.aggregates} aggregates; "
        f"root {result.root}@{result.position}"
    ]
    if result.anchor is not None:
        lines.append(
            f"anchor {result.anchor}: "
            + (result.anchor_problem or "matches: the log up to it was not rewritten")
        )
    if result.stamp_mismatches:
        lines.append(
            f"NOT WHO THEY SAY: {result.stamp_mismatches} events name an actor other than the "
            f"role that inserted them; the first: {result.first_stamp_mismatch}"
        )
    return _lines(lines)
