"""`claims copy-to TARGET`: copy the whole event store into another (SQLite to PostgreSQL)."""

from __future__ import annotations

import os
import time
from typing import Annotated

import typer

from claims.cli import render
from claims.cli.app import JsonFlag, app
from claims.cli.progress import ProgressBar
from claims.cli.session import session


@app.command("copy-to")
def copy_to(
    ctx: typer.Context,
    target: Annotated[
        str,
        typer.Argument(help="The store to copy into: postgresql://user@host:port/db or a path."),
    ],
    as_json: JsonFlag = False,
) -> None:
    """Copy every event of this store, byte for byte and verified, into an empty store
    (or finish a copy that was cut short); then build the target's read models. The
    store stays as it is: point CLAIMS_DB at the target to move the desk."""
    from claims.copying import copy_store
    from claims.opening import open_ledger
    from claims.projections import catch_up
    from claims.store import locate_store
    from domain.errors import InvalidInput

    s = session(ctx)
    where = locate_store(target)
    here = locate_store(s.db)
    if where.kind == "memory":
        msg = "the target must be a SQLite file or a PostgreSQL database"
        raise InvalidInput(msg)
    if where.display == here.display or _same_file(where.target, here.target):
        msg = f"the target {where.display} is this store"
        raise InvalidInput(msg)
    source = s.ledger()
    copy = open_ledger(where)
    bar = ProgressBar.on_terminal(unless=as_json)
    # The copying rate counts from the first batch, not from the source's verification.
    first: list[tuple[float, int]] = []

    def show(done: int, total: int) -> None:
        if bar is None:
            return
        now = time.perf_counter()
        if not first:
            first.append((now, done))
        began, base = first[0]
        bar.show(done, total, (done - base) / (now - began) if now > began else 0.0)

    try:
        result = copy_store(source, copy, progress=show)
        catch_up(copy)
    finally:
        if bar is not None:
            bar.close()
        copy.close()
    if as_json:
        render.emit_json(
            {
                "target": where.display,
                "copied": result.copied,
                "resumed_from": result.resumed_from,
                "events": result.events,
                "anchor": str(result.anchor),
                "source_position": result.source_position,
                "positions_kept": result.positions_kept,
            }
        )
        return
    resumed = f" (it held {result.resumed_from} already)" if result.resumed_from else ""
    typer.echo(
        f"copied {result.copied} events to {where.display}{resumed}; it holds "
        f"{result.events}, verified: root {result.anchor}"
    )
    if result.positions_kept:
        typer.echo("log positions are the same in both stores: published anchors hold there")
    else:
        typer.echo(
            f"log positions differ: this store's position {result.source_position} is the "
            f"target's {result.anchor.position}; translate published anchors by event count"
        )


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
