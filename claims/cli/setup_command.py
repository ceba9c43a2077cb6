"""`claims setup`: make a PostgreSQL database a newsroom's store (run once, as its owner)."""

from __future__ import annotations

from typing import Annotated

import typer

from claims.cli import render
from claims.cli.app import JsonFlag, app
from claims.cli.session import session


@app.command()
def setup(
    ctx: typer.Context,
    admin: Annotated[
        str | None,
        typer.Option(
            "--admin",
            help="The first admin's login: created with an admin's rights (or the SQL "
            "printed, when this role cannot create roles).",
        ),
    ] = None,
    sql: Annotated[
        bool, typer.Option("--sql", help="Print the SQL for --admin instead of running it.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """PostgreSQL: create the event store and read models, make the events table
    append-only (the database refuses UPDATE, DELETE and TRUNCATE to everyone),
    stamp each event with the role that inserts it, and create the reader, writer
    and admin group roles. Run it as the database's owner, who is not a member;
    members then connect as their own logins ('claims team add' gives them rights).

    \b
    Example:
      claims --db postgresql://newsroom_owner@db.example.org/newsroom setup --admin ana
    """
    from claims.newsroom import provision, set_up
    from claims.storage.location import locate_store
    from domain.errors import InvalidInput
    from domain.names import member_name

    where = locate_store(session(ctx).db)
    if not where.proves_identity:  # only a PostgreSQL store authenticates its members
        msg = "setup is for a PostgreSQL newsroom; a SQLite desk needs none"
        raise InvalidInput(msg)
    first_admin = member_name(admin) if admin is not None else None
    result = set_up(where)
    groups = result.groups
    granted = (
        list(provision(where, first_admin, ["admin"], only_print=sql, new=True))
        if first_admin
        else []
    )
    if as_json:
        render.emit_json(
            {
                "database": result.database,
                "owner": result.owner,
                "reader": groups.reader,
                "writer": groups.writer,
                "admin": groups.admin,
                "first_admin": first_admin,
                "first_admin_sql": granted,
            }
        )
        return
    render.say(
        f"{result.database} is set up: events are append-only and stamped with the inserting "
        f"role; group roles {groups.reader}, {groups.writer}, {groups.admin}"
    )
    for line in granted:
        render.say(line)
    render.say(
        "next: the first admin connects as their own login and runs "
        "'claims team add USER --role ROLE'"
    )
