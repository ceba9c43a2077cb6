"""`claims audit ...`: activity across claims and tamper evidence, from the event store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from claims.atomic import check_writable, write_atomically
from claims.cli import render, view_text
from claims.cli.app import TIME_HELP, app
from claims.cli.errors import REFUSED, ErrorMappingGroup
from claims.cli.output import Output, output_options
from claims.cli.progress import ProgressBar
from claims.cli.session import session

audit_app = typer.Typer(
    cls=ErrorMappingGroup,
    help="Audit the event store: activity log, verification, anchors, exports.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(audit_app, name="audit")


@audit_app.command("log")
@output_options
def audit_log(
    ctx: typer.Context,
    actor: Annotated[str | None, typer.Option(help="Only this user's events.")] = None,
    since: Annotated[
        str | None, typer.Option(metavar="TIME", help=f"From this time ({TIME_HELP}).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(metavar="TIME", help=f"Up to this time ({TIME_HELP}).")
    ] = None,
    event_type: Annotated[
        list[str] | None,
        typer.Option("--type", help="Only events of this type, e.g. VerdictRecorded; repeatable."),
    ] = None,
    claim: Annotated[str | None, typer.Option(help="Only this claim (id or prefix).")] = None,
    *,
    output: Output,
) -> None:
    """Activity across all claims in store order, streamed (works on millions of events).

    --json prints JSON Lines here, like --nl: one event per line, as it streams.

    \b
    Example:
      claims audit log --actor tom --since 2024-05-16 --type VerdictApproved
    """
    from claims.activity import ActivityFilter
    from claims.moments import parse_moment

    wanted = ActivityFilter(
        actor=actor,
        since=parse_moment(since, what="--since") if since is not None else None,
        until=parse_moment(until, what="--until", end_of_day=True) if until is not None else None,
        types=frozenset(event_type or ()),
    )
    ledger = session(ctx).ledger()
    aggregate_id = ledger.find_claim(claim) if claim is not None else None
    entries = ledger.activity(wanted, aggregate_id=aggregate_id)
    if output is Output.TEXT:
        for entry in entries:
            render.show(view_text.activity_line(entry))
    else:
        render.emit_stream(output, (entry.as_json() for entry in entries))


@audit_app.command("verify")
@output_options
def audit_verify(
    ctx: typer.Context,
    anchor: Annotated[
        str | None,
        typer.Option(help="ROOT@POSITION from `claims audit anchor`: prove no rewrite since."),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", help="Check an export file instead of the store (no database)."),
    ] = None,
    *,
    output: Output,
) -> None:
    """Recompute every event hash: exit 0 when intact, 1 naming the first broken event.

    \b
    Example:
      claims audit verify --file desk.jsonl --anchor ROOT@POSITION
    """
    from claims.audit.verify import Anchor

    published = Anchor.parse(anchor) if anchor is not None else None
    if file is not None:
        from claims.audit.export import verify_export_file

        result = verify_export_file(file, anchor=published)
    else:
        bar = ProgressBar.on_terminal("verifying", unless=output is not Output.TEXT)
        try:
            result = (
                session(ctx)
                .ledger()
                .verify_store(published, progress=bar.show if bar is not None else None)
            )
        finally:
            if bar is not None:
                bar.close()
    render.emit(
        output, view_text.verification_json(result), lambda: view_text.verification_text(result)
    )
    if not result.intact:
        raise typer.Exit(REFUSED)


@audit_app.command("anchor")
@output_options
def audit_anchor(ctx: typer.Context, *, output: Output) -> None:
    """Print the current root hash with its log position (ROOT@POSITION), to publish.

    Exit 1 when the log does not verify (nothing to anchor).

    \b
    Example:
      claims audit anchor > anchor.txt
    """
    result = session(ctx).ledger().verify_store()
    if not result.intact:
        render.say(f"claims: not anchoring a broken log: {result.first_break}", err=True)
        raise typer.Exit(REFUSED)
    anchor = {"root": result.root, "position": result.position}
    render.emit(output, anchor, lambda: f"{result.root}@{result.position}")


@audit_app.command("export")
def audit_export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="The JSON Lines file to write.")],
    claim: Annotated[str | None, typer.Option(help="Only this claim (id or prefix).")] = None,
) -> None:
    """Write events with their hashes as JSON Lines, for `claims audit verify --file`.

    \b
    Example:
      claims audit export --out desk.jsonl
    """
    ledger = session(ctx).ledger()
    claim_id = ledger.find_claim(claim) if claim is not None else None
    check_writable(out)
    # The log's last position is the total for a whole-store export (gaps aside).
    bar = ProgressBar.on_terminal("exporting", unless=claim_id is not None)
    total = (ledger.recorder.max_notification_id() or 0) if bar is not None else 0
    try:
        count = write_atomically(out, _shown(ledger.export_audit(claim_id), bar, total))
    finally:
        if bar is not None:
            bar.close()
    render.say(f"exported {count - 1} events to {out}")


def _shown(lines: Iterator[bytes], bar: ProgressBar | None, total: int) -> Iterator[bytes]:
    """The lines, moving the progress bar every thousand."""
    for count, line in enumerate(lines, start=1):
        yield line
        if bar is not None and count % 1000 == 0:
            bar.show(min(count, total), total)
    if bar is not None:
        bar.show(total, total)
