"""The desk's team as an aggregate: who is a member, with which roles, since when.

Membership is recorded like everything else: adding a member, changing their roles
and removing them are events, chained and audited, and the team as it stood at any
past moment is its events up to then, replayed. A store where nobody ever added a
member has no team, and every command is open to anyone (one desk trying the tool).

Two rules keep a team from locking itself out: whoever forms the team is its first
admin, and the last admin can be neither removed nor stripped of the admin role.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.checks import actor
from domain.errors import InvalidInput, RuleViolation

# Fixed: every store keeps its team under this id.
TEAM_ID = uuid5(UUID("3f6a2d1c-9b8e-4c7a-a5d0-6e1f2b3c4d5e"), "team")


class Role(StrEnum):
    """What a member may do (domain.permissions says which role each act needs)."""

    CHECKER = "checker"
    EDITOR = "editor"
    AUDITOR = "auditor"
    ADMIN = "admin"


def roles_from(names: Iterable[str]) -> tuple[Role, ...]:
    """Role names as given on a command line, checked, without repeats, in a fixed order."""
    given = {name.strip().casefold() for name in names}
    if not given:
        msg = "give at least one role: checker, editor, auditor or admin"
        raise InvalidInput(msg)
    unknown = sorted(given - {role.value for role in Role})
    if unknown:
        msg = f"{unknown[0]!r} is not a role: checker, editor, auditor or admin"
        raise InvalidInput(msg)
    return tuple(role for role in Role if role.value in given)


class Team(Aggregate):
    """One per store: the members and their roles."""

    class Formed(Aggregate.Created):
        actor: str

    class MemberAdded(Aggregate.Event):
        member: str
        roles: list[str]
        actor: str

    class RolesChanged(Aggregate.Event):
        member: str
        roles: list[str]
        actor: str

    class MemberRemoved(Aggregate.Event):
        member: str
        actor: str

    @staticmethod
    def create_id(**_: Any) -> UUID:
        return TEAM_ID

    @classmethod
    def form(cls, *, by: str) -> Team:
        """A new team whose author is its first admin: nobody else can be yet."""
        who = actor(by)
        team = cls(actor=who)
        team._member_added(member=who, roles=[Role.ADMIN.value], actor=who)
        return team

    @event(Formed)
    def __init__(self, actor: str, timestamp: datetime | None = None) -> None:
        self.members: dict[str, frozenset[Role]] = {}
        self.formed_by = actor
        self.formed_at = timestamp

    # --- queries ---

    def roles_of(self, name: str) -> frozenset[Role]:
        return self.members.get(name, frozenset())

    @property
    def admins(self) -> list[str]:
        return sorted(name for name, roles in self.members.items() if Role.ADMIN in roles)

    # --- commands ---

    def add(self, name: str, roles: Iterable[str], *, by: str) -> None:
        who, member, wanted = actor(by), actor(name), roles_from(roles)
        if member in self.members:
            held = ", ".join(sorted(self.members[member]))
            msg = f"{member} is already a member ({held}); change roles with 'claims team roles'"
            raise RuleViolation(msg)
        self._member_added(member=member, roles=[r.value for r in wanted], actor=who)

    @event(MemberAdded)
    def _member_added(self, member: str, roles: list[str], actor: str) -> None:
        self.members[member] = frozenset(Role(r) for r in roles)

    def change_roles(self, name: str, roles: Iterable[str], *, by: str) -> None:
        who, member, wanted = actor(by), actor(name), roles_from(roles)
        held = self._member(member)
        if held == frozenset(wanted):
            msg = f"{member} already holds exactly {', '.join(wanted)}"
            raise RuleViolation(msg)
        if Role.ADMIN in held and Role.ADMIN not in wanted:
            self._refuse_losing_last_admin(member, "take the admin role from")
        self._roles_changed(member=member, roles=[r.value for r in wanted], actor=who)

    @event(RolesChanged)
    def _roles_changed(self, member: str, roles: list[str], actor: str) -> None:
        self.members[member] = frozenset(Role(r) for r in roles)

    def remove(self, name: str, *, by: str) -> None:
        who, member = actor(by), actor(name)
        held = self._member(member)
        if Role.ADMIN in held:
            self._refuse_losing_last_admin(member, "remove")
        self._member_removed(member=member, actor=who)

    @event(MemberRemoved)
    def _member_removed(self, member: str, actor: str) -> None:
        del self.members[member]

    def _member(self, member: str) -> frozenset[Role]:
        if member not in self.members:
            msg = f"{member} is not a member of the team"
            raise RuleViolation(msg)
        return self.members[member]

    def _refuse_losing_last_admin(self, member: str, doing: str) -> None:
        if self.admins == [member]:
            msg = f"cannot {doing} {member}: the team's last admin (make another admin first)"
            raise RuleViolation(msg)
