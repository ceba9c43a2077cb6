"""Commands that read the read models, and the operator's `claims projections ...`.

`claims queue`, `claims articles`, `claims export claimreview|csv` read the read
models as they stand (SELECT only; `--wait` waits for a follower to catch up);
`claims projections status|rebuild|verify` look after them. Importing this module
registers the commands on the app.
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
from claims.cli.app import JsonFlag, WaitOption, app
from claims.cli.choices import Model
from claims.cli.errors import REFUSED, ErrorMappingGroup
from claims.cli.output import Output, output_options
from claims.cli.progress import ProgressBar
from claims.cli.session import session
from claims.printable import printable

if TYPE_CHECKING:
    from claims.projections.follower import Step
    from claims.projections.rebuilding import Progress
    from claims.projections.verification import Verification
    from claims.projections.views import ArticleStats, ModelStatus, QueueItem, QueueView

projections_app = typer.Typer(
    cls=ErrorMappingGroup,
    help="Look after the read models: status, rebuild, verify.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
export_app = typer.Typer(
    cls=ErrorMappingGroup,
    help="Export the fact-checks: ClaimReview JSON-LD, or the fact-check table as CSV.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

ModelName = Annotated[
    Model | None,
    typer.Argument(help="A read model.", show_default=False),
]


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


# --- reading the read models ---


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


# --- the operator's commands ---


def projections_status(ctx: typer.Context, *, output: Output) -> None:
    """Per read model: its position, the head of the event log, the lag in events and
    seconds (the age of the oldest event not applied), whether a follower leads it,
    the code version, and whether it must be rebuilt.

    \b
    Example:
      claims projections status
    """
    from claims.projections import status

    rows = status(session(ctx).ledger())
    render.emit(output, rows, lambda: _status_text(rows))


def projections_rebuild(
    ctx: typer.Context,
    name: ModelName = None,
    all_models: Annotated[bool, typer.Option("--all", help="Rebuild every read model.")] = False,
    batch: Annotated[
        int | None,
        typer.Option("--batch", min=1, help="Events per transaction [default: 50000]."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=1, help="Processes for the first pass [default: 2 on big stores]."
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Rebuild read models beside the live ones and swap them in atomically; readers
    never see a half-built table. A rebuild that was killed resumes where it stopped.
    `factcheck` (the claim state the others derive from) is always rebuilt too.

    \b
    Example:
      claims projections rebuild --all
    """
    if name is not None and all_models:
        msg = "give a read model NAME or --all, not both"
        raise typer.BadParameter(msg, param_hint="NAME")
    if name is None and not all_models:
        msg = "give a read model NAME, or --all"
        raise typer.BadParameter(msg, param_hint="NAME")
    from claims.projections import rebuild

    bar = ProgressBar.on_terminal("rebuilding", unless=as_json)

    def show(progress: Progress) -> None:
        if bar is not None:
            bar.show(progress.done, progress.total, progress.rate)

    try:
        result = rebuild(
            session(ctx).ledger(),
            None if all_models else [name or ""],
            batch_size=batch,
            workers=workers,
            progress=show if bar else None,
        )
    finally:
        if bar is not None:
            bar.close()
    if as_json:
        render.emit_json(
            {
                "models": list(result.models),
                "events": result.events,
                "position": result.position,
                "seconds": round(result.seconds, 3),
                "events_per_second": round(result.rate),
                "resumed_from": result.resumed_from,
                "swapped": result.swapped,
                "workers": result.workers,
                "phases": {name: round(seconds, 3) for name, seconds in result.phases},
            }
        )
        return
    resumed = f", resumed from {result.resumed_from}" if result.resumed_from else ""
    summary = (
        f"{result.events:,} events in {result.seconds:.1f} s "
        f"({result.rate:,.0f} events/s){resumed}; position {result.position}"
    )
    if result.swapped:
        render.say(f"rebuilt {', '.join(result.models)}: {summary}")
    else:
        render.say(f"another process took this rebuild over after {summary}")


def projections_follow(
    ctx: typer.Context,
    poll: Annotated[
        float,
        typer.Option(
            "--poll",
            min=0.01,
            metavar="SECONDS",
            help="Look for new events this often even without a notification [default: 1].",
        ),
    ] = 1.0,
    batch: Annotated[
        int | None,
        typer.Option("--batch", min=1, help="Events per transaction [default: 10000]."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Keep every read model current until stopped: one follower leads (any number
    may run, on any machine; the others stand by and take over within seconds).
    Progress on stderr, one line each; --json prints JSON Lines of what it applied.
    SIGTERM or Ctrl-C finishes the batch in hand and exits 0.

    \b
    Example:
      claims projections follow --poll 0.5
    """
    import signal
    import threading

    from claims.projections.applying import FOLLOW_PAGE
    from claims.projections.follower import follow

    stop = threading.Event()

    def stop_after_batch(signum: int, frame: object) -> None:
        stop.set()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop_after_batch)

    def report(step: Step) -> None:
        if as_json and step.kind == "applied":
            line = {
                "applied": step.events,
                "position": step.position,
                "head": step.head,
                "seconds": round(step.seconds, 4),
            }
            render.emit_line(render.compact_json(line))
        render.say(f"claims follow: {_step_line(step)}", err=True)

    follow(
        session(ctx).ledger(),
        stop,
        report,
        poll_seconds=poll,
        standby_seconds=min(poll, 1.0),
        page=batch or FOLLOW_PAGE,
    )
    render.say("claims follow: stopped", err=True)


def _step_line(step: Step) -> str:
    if step.kind == "leading":
        return f"leading the read models at position {step.position} of {step.head}"
    if step.kind == "standing-by":
        return "another follower leads; standing by"
    if step.kind == "applied":
        return (
            f"applied {step.events} events in {step.seconds * 1000:.0f} ms; "
            f"position {step.position} of {step.head}"
        )
    return f"error (retrying): {step.detail}"


def projections_verify(ctx: typer.Context, name: ModelName = None, *, output: Output) -> None:
    """Rebuild into scratch tables and compare with the live read models: exit 0 when
    identical, 1 listing the rows that differ.

    \b
    Example:
      claims projections verify factcheck
    """
    from claims.projections import verify

    result = verify(session(ctx).ledger(), [name] if name else None)
    render.emit(
        output,
        _verification_json(result),
        lambda: _verification_text(result),
        records=lambda: _verification_json(result)["models"],
    )
    if not result.identical:
        raise typer.Exit(REFUSED)


app.command("queue")(output_options(queue))
app.command("articles")(output_options(articles))
app.add_typer(export_app, name="export")
app.add_typer(projections_app, name="projections")
export_app.command("claimreview")(export_claimreview)
export_app.command("csv")(export_csv)
projections_app.command("status")(output_options(projections_status))
projections_app.command("rebuild")(projections_rebuild)
projections_app.command("verify")(output_options(projections_verify))
projections_app.command("follow")(projections_follow)


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


def _status_text(rows: list[ModelStatus]) -> str:
    table = render.table(
        ["MODEL", "VERSION", "CODE", "POSITION", "HEAD", "LAG", "LAG S", "FOLLOWED", "REBUILD"],
        [
            [
                r.name,
                "-" if r.version is None else str(r.version),
                str(r.code_version),
                str(r.position),
                str(r.head),
                str(r.lag),
                "-" if r.lag_seconds is None else f"{r.lag_seconds:.1f}",
                "yes" if r.followed else "no",
                f"yes: {r.reason}" if r.needs_rebuild else "no",
            ]
            for r in rows
        ],
    )
    running = [r for r in rows if r.rebuild_position is not None]
    notes = [
        printable(f"{r.name}: a rebuild stopped at position {r.rebuild_position}") for r in running
    ]
    return "\n".join([table, *notes])


def _verification_json(result: Verification) -> dict[str, Any]:
    return {
        "position": result.position,
        "identical": result.identical,
        "models": [
            {
                "name": m.name,
                "identical": m.identical,
                "rows": m.rows,
                "problem": m.problem,
                "differing_rows": m.total_differences,
                "differences": [
                    {
                        "table": d.table,
                        "key": d.key,
                        "kind": d.kind,
                        "columns": {
                            column: {"live": live, "rebuilt": rebuilt}
                            for column, (live, rebuilt) in d.columns.items()
                        },
                    }
                    for d in m.differences
                ],
            }
            for m in result.models
        ],
    }


def _verification_text(result: Verification) -> str:
    lines = []
    for m in result.models:
        if m.problem is not None:
            lines.append(f"{m.name}: cannot verify: {m.problem}")
            continue
        if m.identical:
            lines.append(f"{m.name}: identical ({m.rows} rows at position {result.position})")
            continue
        lines.append(f"{m.name}: {m.total_differences} rows differ from a rebuild")
        for d in m.differences:
            if d.kind == "changed":
                what = "; ".join(
                    f"{column}: live {live!r}, rebuilt {rebuilt!r}"
                    for column, (live, rebuilt) in d.columns.items()
                )
            elif d.kind == "extra":
                what = "only in the live table"
            else:
                what = "missing from the live table"
            lines.append(f"  {d.table} {d.key}: {what}")
        if m.total_differences > len(m.differences):
            lines.append(f"  ... and {m.total_differences - len(m.differences)} more")
    return "\n".join(printable(line) for line in lines)
