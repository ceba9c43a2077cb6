"""`claims team ...`: the members of the desk and their roles, recorded as events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from claims.cli import render
from claims.cli.app import JsonFlag, app
from claims.cli.errors import ErrorMappingGroup
from claims.cli.session import session

if TYPE_CHECKING:
    from claims.views import TeamView

team_app = typer.Typer(
    cls=ErrorMappingGroup,
    help="The team: members and their roles (checker, editor, auditor, admin).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(team_app, name="team")

ShowSql = Annotated[
    bool,
    typer.Option(
        "--sql",
        help="PostgreSQL: print the SQL that gives the member's login its rights "
        "instead of running it (for a DBA).",
    ),
]


@team_app.command("add")
def add(
    ctx: typer.Context,
    user: Annotated[str, typer.Argument(help="The member's login name.")],
    role: Annotated[
        list[str],
        typer.Option("--role", help="checker, editor, auditor or admin; repeatable."),
    ],
    sql: ShowSql = False,
    as_json: JsonFlag = False,
) -> None:
    """Add a member with their roles. The first member added forms the team, and
    whoever adds them becomes its first admin.

    \b
    Example:
      claims team add maria --role checker --role editor
    """
    s = session(ctx)
    ledger = s.ledger()
    forming = ledger.team() is None
    view = ledger.add_member(user, role, by=s.actor)
    # With --sql, stdout is the SQL alone, for a DBA to pipe into psql.
    quiet = as_json or sql
    _report(view, f"added {_named(user)} ({', '.join(_roles_of(view, user))})", as_json, sql)
    if forming:
        render.say(f"formed the team: {s.actor} is its first admin", err=quiet)
    _grant(ctx, view, _named(user), sql, new=True)


@team_app.command("roles")
def roles(
    ctx: typer.Context,
    user: Annotated[str, typer.Argument(help="The member.")],
    role: Annotated[list[str], typer.Argument(help="Their roles from now on.")],
    sql: ShowSql = False,
    as_json: JsonFlag = False,
) -> None:
    """Give a member exactly these roles (the last admin keeps the admin role).

    \b
    Example:
      claims team roles maria editor
    """
    s = session(ctx)
    view = s.ledger().change_roles(user, role, by=s.actor)
    _report(view, f"{_named(user)} now holds {', '.join(_roles_of(view, user))}", as_json, sql)
    _grant(ctx, view, _named(user), sql)


@team_app.command("remove")
def remove(
    ctx: typer.Context,
    user: Annotated[str, typer.Argument(help="The member.")],
    sql: ShowSql = False,
    as_json: JsonFlag = False,
) -> None:
    """Take a member off the team (never the last admin); their past acts stay on record.

    \b
    Example:
      claims team remove maria
    """
    s = session(ctx)
    view = s.ledger().remove_member(user, by=s.actor)
    _report(view, f"removed {_named(user)}", as_json, sql)
    _grant(ctx, view, _named(user), sql)


@team_app.command("list")
def list_members(
    ctx: typer.Context,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="The team as it was at this ISO-8601 time (UTC if no zone)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """The members and their roles, now or as they were at a past moment.

    \b
    Example:
      claims team list --as-of 2024-05-16
    """
    from claims.moments import parse_moment

    moment = parse_moment(as_of, what="--as-of") if as_of is not None else None
    view = session(ctx).ledger().team_view(moment)
    if as_json:
        render.emit_view(view)
    else:
        render.show(_team_text(view))


def _named(user: str) -> str:
    from domain.names import member_name

    return member_name(user)


def _roles_of(view: TeamView, user: str) -> list[str]:
    name = _named(user)
    return next((m.roles for m in view.members if m.name == name), [])


def _report(view: TeamView, message: str, as_json: bool, sql: bool) -> None:
    if as_json:
        render.emit_view(view)
    else:
        render.say(message, err=sql)


def _grant(
    ctx: typer.Context, view: TeamView, member: str, sql: bool, *, new: bool = False
) -> None:
    """On PostgreSQL, give `member`'s login the rights their roles now need (none,
    once removed)."""
    s = session(ctx)
    if not s.ledger().identity_proven:
        return
    from claims.newsroom import provision
    from claims.storage.location import locate_store

    where = locate_store(s.db)
    for line in provision(where, member, _roles_of(view, member), only_print=sql, new=new):
        render.say(line, err=not sql and line.startswith("claims:"))


def _team_text(view: TeamView) -> str:
    when = f" as of {render.when(view.as_of)}" if view.as_of is not None else ""
    if not view.formed:
        return (
            f"no team{when}: every command is open to anyone who can open the store "
            "('claims team add USER --role ROLE' forms one, with you as its first admin)"
        )
    table = render.table(["MEMBER", "ROLES"], [[m.name, ", ".join(m.roles)] for m in view.members])
    return f"team{when}: {len(view.members)} members\n{table}"
