"""The operator's commands: `claims projections status|rebuild|follow|verify` look
after the read models. Importing this module registers them on the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from claims.cli import render
from claims.cli.app import JsonFlag, app
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
    from claims.projections.views import ModelStatus

projections_app = typer.Typer(
    cls=ErrorMappingGroup,
    help="Look after the read models: status, rebuild, verify.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


ModelName = Annotated[
    Model | None,
    typer.Argument(help="A read model.", show_default=False),
]


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
    from claims.projections.generations import drop_in_background

    bar = ProgressBar.on_terminal("rebuilding", unless=as_json)

    def show(progress: Progress) -> None:
        if bar is not None:
            bar.show(progress.done, progress.total, progress.rate)

    ledger = session(ctx).ledger()
    try:
        result = rebuild(
            ledger,
            None if all_models else [name or ""],
            batch_size=batch,
            workers=workers,
            progress=show if bar else None,
        )
    finally:
        if bar is not None:
            bar.close()
    if result.swapped:  # the generation it replaced is dropped after the command returns
        drop_in_background(ledger)
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


app.add_typer(projections_app, name="projections")
projections_app.command("status")(output_options(projections_status))
projections_app.command("rebuild")(projections_rebuild)
projections_app.command("verify")(output_options(projections_verify))
projections_app.command("follow")(projections_follow)


# --- rendering ---


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
