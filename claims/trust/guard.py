"""The checks every command passes: one for the events a command records, one for
the commands that record none.

Writes are checked by what they store. Just before a save, every pending event's
actor must hold the role `domain.permissions` names for it, as the team stands at
that moment; a save that fails the check stores nothing. So no command can store
what its actor may not do, whichever way it reached the save (a CLI command, an
ingest batch, the demo, a script using the ledger).

Who runs a command and whose act it is can differ only where the store cannot prove
identity (SQLite): on a desk without a team anyone may name anyone with `--as`, and
on a team's desk an admin may act for a member. Either way the event keeps the name
of whoever ran the command (`entered_by`), so the record never hides who did it.
On PostgreSQL the two are always the same: the authenticated role.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from claims.errors import NotPermitted
from domain.errors import InvalidInput
from domain.permissions import doing, holds, needed_role
from domain.team import Role, Team

# The name a pending event carries for whoever ran the command, when that is not
# its actor. Stored with the event (so chained and audited), never a parameter of
# the @event bodies; absent from events whose actor ran the command themselves.
ENTERED_BY = "entered_by"

# The role each command needs, checked when it opens the store, so a command its
# actor may not run is refused at once, naming the role, before anything is read or
# decided. For commands that record events this is the least role their events need
# (assigning a claim to someone else needs more; the save checks that); the events
# themselves are checked again at the save, which is the guarantee. Commands not
# listed read, and need only membership.
COMMAND_ROLES: dict[str, tuple[Role, str]] = {
    "add": (Role.CHECKER, "register claims"),
    "ingest": (Role.CHECKER, "register articles"),
    "assign": (Role.CHECKER, "assign claims"),
    "evidence add": (Role.CHECKER, "add evidence"),
    "evidence withdraw": (Role.CHECKER, "withdraw evidence"),
    "verdict": (Role.CHECKER, "record verdicts"),
    "note": (Role.CHECKER, "add notes"),
    "review": (Role.EDITOR, "review verdicts"),
    "publish": (Role.EDITOR, "publish"),
    "correct": (Role.EDITOR, "correct published fact-checks"),
    "retract": (Role.EDITOR, "retract published fact-checks"),
    "dismiss": (Role.EDITOR, "dismiss claims"),
    "reopen": (Role.EDITOR, "reopen claims"),
    "duplicate": (Role.EDITOR, "mark duplicates"),
    "scale adopt": (Role.ADMIN, "adopt rating scales"),
    "team add": (Role.ADMIN, "change the team"),
    "team roles": (Role.ADMIN, "change the team"),
    "team remove": (Role.ADMIN, "change the team"),
    # Commands that record no event but rebuild or copy what the store holds.
    "projections rebuild": (Role.ADMIN, "rebuild read models"),
    "projections verify": (Role.ADMIN, "verify read models"),
    "copy-to": (Role.ADMIN, "copy the store"),
    "projections follow": (Role.ADMIN, "follow the read models"),
}


def held(team: Team, member: str) -> str:
    roles = team.roles_of(member)
    if not roles:
        return f"{member} is not a member of the team"
    return f"{member} holds {', '.join(r.value for r in Role if r in roles)}"


def require(team: Team | None, member: str, role: Role | None, what: str) -> None:
    """`member` may do `what` when it needs `role` (None: any role, i.e. reading)."""
    if team is None:
        return
    roles = team.roles_of(member)
    if role is None:
        if not roles:
            msg = f"{member} may not {what}: {member} is not a member of the team"
            raise NotPermitted(msg)
        return
    if not holds(roles, role):
        msg = f"{member} may not {what}: that needs the {role.value} role ({held(team, member)})"
        raise NotPermitted(msg)


def acting_member(team: Team | None, runner: str, named: str | None, *, proven: bool) -> str:
    """The member a command acts as: `runner`, or the one named with --as when the
    store allows it (see the module docstring)."""
    if named is None or named == runner:
        return runner
    if proven:
        msg = (
            f"on PostgreSQL you act as the role you connected as ({runner}); "
            f"to act as {named}, connect as {named}"
        )
        raise InvalidInput(msg)
    if team is not None:
        require(team, runner, Role.ADMIN, f"act for {named}")
    return named


def check_pending(
    team: Team | None, aggregates: Iterable[Any], runner: str, *, proven: bool
) -> None:
    """Refuse the save unless every pending event is allowed; mark the events whose
    actor is not who runs the command with `entered_by`."""
    forming = team is None
    for aggregate in aggregates:
        for domain_event in getattr(aggregate, "pending_events", ()):
            member = getattr(domain_event, "actor", None)
            if not isinstance(member, str):
                msg = f"{type(domain_event).__name__} names no actor"
                raise NotPermitted(msg)
            if member != runner:
                if not forming:  # without a team, the ledger's callers name anyone
                    acting_member(team, runner, member, proven=proven)
                # Events are frozen dataclasses; like the hash, this is stored state.
                object.__setattr__(domain_event, ENTERED_BY, runner)
            if not forming:
                require(team, member, needed_role(domain_event), doing(domain_event))
