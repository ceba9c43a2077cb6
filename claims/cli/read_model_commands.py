"""Commands that read the read models as they stand (SELECT only; `--wait` waits for a
follower to catch up): `claims queue`, `claims articles`, `claims export
claimreview|csv`. Importing this module registers them on the app.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from claims.atomic import write_atomically
from claims.cli import render
from claims.cli.app import WaitOption, app
from claims.cli.errors import ErrorMappingGroup
from claims.cli.output import Output, output_options
from claims.cli.session import session
from claims.printable import printable

if TYPE_CHECKING:
    from claims.projections.views import ArticleStats, QueueItem, QueueView

export_app = typer.Typer(
    cls=ErrorMappingGroup,
    help="Export the fact-checks: ClaimReview JSON-LD, or the fact-check table as CSV.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _a_file(out: Path | None) -> Path | None:
    """--out names a file to write: not a directory, and not a path without a name
    ('.', '/', ''), which has no file name to write beside."""
    if out is not None and (not out.name or out.is_dir()):
        from claims.printable import printable

        msg = f"{printable(str(out))} is a directory; give a file name"
        raise typer.BadParameter(msg)
    return out


OutFile = Annotated[
    Path | None,
    typer.Option(
        "--out", help="Write to this file (atomically) instead of stdout.", callback=_a_file
    ),
]


def queue(
    ctx: typer.Context,
    user: Annotated[
        str | None,
        typer.Argument(help="Whose queue [default: --as, CLAIMS_USER or your login name]."),
    ] = None,
    *,
    output: Output,
    wait: WaitOption = 0.0,
) -> None:
    """Your queue: claims assigned to you that need a verdict, and the verdicts
    awaiting review that you did not record (four eyes).

    \b
    Example:
      claims queue maria --csv
    """
    from claims.projections import queue_for

    s = session(ctx)
    view = queue_for(s.reader(wait), user if user is not None else s.actor)
    render.emit(output, view, lambda: _queue_text(view), records=lambda: _queue_records(view))


def articles(ctx: typer.Context, *, output: Output, wait: WaitOption = 0.0) -> None:
    """Per article: claims extracted, checked and published, and the published ratings.

    \b
    Example:
      claims articles --json
    """
    from claims.projections import article_stats

    rows = article_stats(session(ctx).reader(wait))
    render.emit(output, rows, lambda: _articles_text(rows))


def export_claimreview(
    ctx: typer.Context,
    out: OutFile = None,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="One document per line (JSON Lines).")
    ] = False,
    wait: WaitOption = 0.0,
) -> None:
    """Write the schema.org ClaimReview JSON-LD of every published claim, current after
    corrections: a JSON array, or JSON Lines with --jsonl. The organisation comes
    from CLAIMS_ORG_NAME and CLAIMS_ORG_URL.

    \b
    Example:
      claims export claimreview --jsonl --out claimreview.jsonl
    """
    from claims.projections import claimreview_documents

    documents = claimreview_documents(session(ctx).reader(wait))
    lines = _jsonl(documents) if jsonl else _json_array(documents)
    count = _write(lines, out)
    if out is not None:
        render.say(f"exported {count} ClaimReview documents to {out}")


def export_csv(ctx: typer.Context, out: OutFile = None, wait: WaitOption = 0.0) -> None:
    """Write the fact-check table as CSV: a header, then one row per claim.

    \b
    Example:
      claims export csv --out factchecks.csv
    """
    from claims.projections import factcheck_rows
    from claims.projections.queries import CSV_COLUMNS

    rows = factcheck_rows(session(ctx).reader(wait))
    count = _write(_csv_lines(CSV_COLUMNS, rows), out) - 1
    if out is not None:
        render.say(f"exported {count} claims to {out}")


app.command("queue")(output_options(queue))
app.command("articles")(output_options(articles))
app.add_typer(export_app, name="export")
export_app.command("claimreview")(export_claimreview)
export_app.command("csv")(export_csv)


# --- rendering ---


def _write(lines: Iterable[str], out: Path | None) -> int:
    """Write the lines to stdout, or to `out` via a temporary file renamed at the end
    (a killed export never leaves a half file); returns how many were written."""
    count = 0
    if out is None:
        for line in lines:
            render.emit_line(line, nl=False)
            count += 1
        return count
    return write_atomically(out, (line.encode("utf-8") for line in lines))


def _jsonl(documents: Iterable[dict[str, Any]]) -> Iterator[str]:
    for document in documents:
        yield render.compact_json(document) + "\n"


def _json_array(documents: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A JSON array, one document per line-group, without holding them all."""
    import json

    first = True
    for document in documents:
        body = json.dumps(document, ensure_ascii=False, indent=2)
        yield ("[\n" if first else ",\n") + _indent(body)
        first = False
    yield "[]\n" if first else "\n]\n"


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def _csv_lines(columns: Iterable[str], rows: Iterable[tuple[Any, ...]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    names = list(columns)
    writer.writerow(names)
    yield buffer.getvalue()
    times = [name.endswith("_at") or name == "last_change" for name in names]
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(
            [
                "" if value is None else render.utc_text(value) if is_time else value
                for value, is_time in zip(row, times, strict=True)
            ]
        )
        yield buffer.getvalue()


def _queue_table(items: list[QueueItem], *, who: str) -> str:
    return render.table(
        ["ID", "STATUS", "RATING", "ASSIGNEE" if who == "assignee" else "RECORDED BY", "CLAIM"],
        [
            [
                render.short(i.id),
                i.status,
                i.rating or "-",
                (i.assignee if who == "assignee" else i.verdict_by) or "-",
                render.clip(i.text, 70),
            ]
            for i in items
        ],
    )


def _queue_records(view: QueueView) -> list[dict[str, Any]]:
    """The queue's items as rows: which list each is on, then its fields."""
    return [
        {"user": view.user, "list": name, **item.as_json()}
        for name, items in (("assigned", view.assigned), ("to_review", view.to_review))
        for item in items
    ]


def _queue_text(view: QueueView) -> str:
    lines = [printable(f"assigned to {view.user}, needing a verdict: {len(view.assigned)}")]
    if view.assigned:
        lines.append(_queue_table(view.assigned, who="assignee"))
    lines.append(printable(f"verdicts {view.user} may review: {len(view.to_review)}"))
    if view.to_review:
        lines.append(_queue_table(view.to_review, who="verdict_by"))
    return "\n".join(lines)


def _articles_text(rows: list[ArticleStats]) -> str:
    if not rows:
        return "no articles"
    return render.table(
        ["ID", "DATE", "CLAIMS", "CHECKED", "PUBLISHED", "RATINGS", "TITLE"],
        [
            [
                render.short(r.id),
                r.published.isoformat() if r.published else "-",
                str(r.claims),
                str(r.checked),
                str(r.published_claims),
                " ".join(f"{k}={v}" for k, v in r.ratings.items()) or "-",
                render.clip(r.title or "-", 50),
            ]
            for r in rows
        ],
    )
