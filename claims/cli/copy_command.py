"""`claims copy-to TARGET`: copy the whole event store into another (SQLite to PostgreSQL)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from claims.cli import render
from claims.cli.app import JsonFlag, app
from claims.cli.progress import ProgressBar
from claims.cli.session import session

if TYPE_CHECKING:
    from claims.copying import CopyResult
    from claims.storage.location import StoreLocation


@app.command("copy-to")
def copy_to(
    ctx: typer.Context,
    target: Annotated[
        str,
        typer.Argument(help="The store to copy into: postgresql://user@host:port/db or a path."),
    ],
    as_json: JsonFlag = False,
) -> None:
    """Copy every event of this store, as stored and verified, into an empty store (or
    finish a copy that was cut short); then build the target's read models. This store
    stays as it is: point CLAIMS_DB at the target to move the desk.

    \b
    Example:
      claims copy-to postgresql://postgres@127.0.0.1:5432/desk
    """
    from claims.application import ClaimsLedger
    from claims.copying import copy_store, same_store
    from claims.projections import rebuild
    from claims.storage.location import locate_store
    from domain.errors import InvalidInput

    if not target.strip():
        msg = "give the TARGET store: a SQLite file path or a postgresql:// URL"
        raise InvalidInput(msg)
    where = locate_store(target)
    if not where.shared:
        msg = "the target must be a SQLite file or a PostgreSQL database"
        raise InvalidInput(msg)
    source = session(ctx).ledger()
    new_file = _new_sqlite_file(where)
    copy = ClaimsLedger.open(where)
    bar = ProgressBar.on_terminal("copying", unless=as_json)
    try:
        if same_store(source, copy):
            msg = f"the target {where.display} is this store"
            raise InvalidInput(msg)
        source_name = locate_store(session(ctx).db).display
        result = copy_store(source, copy, progress=_shown_on(bar), source_name=source_name)
        # From scratch: a target emptied by hand may keep another desk's read models.
        rebuild(copy)
    except BaseException:
        empty = copy.recorder.max_notification_id() is None
        copy.close()
        if new_file is not None and empty:  # a refused copy leaves no file behind
            for suffix in ("", "-wal", "-shm"):
                Path(f"{new_file}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        if bar is not None:
            bar.close()
    copy.close()
    _report(where, result, as_json)


def _new_sqlite_file(where: StoreLocation) -> Path | None:
    """The target's path when it is a SQLite file that does not exist yet."""
    path = where.file
    return None if path is None or path.exists() else path


def _shown_on(bar: ProgressBar | None) -> Callable[[int, int], None] | None:
    """Progress drawn on the bar; the rate counts from the first batch, not from the
    source's verification before it."""
    if bar is None:
        return None
    first: list[tuple[float, int]] = []

    def show(done: int, total: int) -> None:
        now = time.perf_counter()
        if not first:
            first.append((now, done))
        began, base = first[0]
        bar.show(done, total, (done - base) / (now - began) if now > began else 0.0)

    return show


def _report(where: StoreLocation, result: CopyResult, as_json: bool) -> None:
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
    render.say(
        f"copied {result.copied} events to {where.display}{resumed}; it holds "
        f"{result.events}, verified: root {result.anchor}"
    )
    if result.positions_kept:
        render.say("log positions are the same in both stores: published anchors hold there")
    else:
        render.say(
            "log positions differ between the stores: check anchors published before the "
            f"move against this store; the target's own anchor is {result.anchor}"
        )
