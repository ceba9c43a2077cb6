"""The team and its roles: who may do what in this store."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from claims.ledger.core import LedgerCore, actor_name
from claims.views import (
    TeamView,
)
from domain.errors import RuleViolation
from domain.team import Role, Team, roles_from


class TeamDesk(LedgerCore):
    """Forming the team, changing its members and roles, and checking them."""

    def team_view(self, as_of: datetime | None = None) -> TeamView:
        return TeamView.of(self.team(as_of), as_of)

    def acting_member(self, named: str | None) -> str:
        """The member a command acts as: whoever runs it, or the member named with
        --as where the store allows that (SQLite: no team yet, or an admin acting for a
        member); on PostgreSQL naming anyone but yourself is refused (InvalidInput)."""
        from claims.trust.guard import acting_member

        team = self.team() if named is not None and named != self.runner else None
        return acting_member(team, self.runner, named, proven=self.identity_proven)

    def require(self, member: str, role: Role | None, what: str) -> None:
        """Refuse (NotPermitted) unless `member` holds `role` now; None: any role.
        A store without a team refuses nobody."""
        from claims.trust.guard import require

        require(self.team(), member, role, what)

    def add_member(self, name: str, roles: Sequence[str], *, by: str) -> TeamView:
        """Add a member with their roles. On a store without a team, this forms it,
        and its author becomes its first admin."""
        wanted = roles_from(roles)

        def command(team: Team | None) -> Team:
            if team is not None:
                team.add(name, [r.value for r in wanted], by=by)
                return team
            team = Team.form(by=by)
            if team.roles_of(actor_name(name)):  # the author adds themself
                if set(wanted) - {Role.ADMIN}:
                    team.change_roles(name, [Role.ADMIN.value, *wanted], by=by)
            else:
                team.add(name, [r.value for r in wanted], by=by)
            return team

        return self._change_team(command)

    def change_roles(self, name: str, roles: Sequence[str], *, by: str) -> TeamView:
        """Give a member exactly these roles (the last admin keeps admin)."""
        wanted = [r.value for r in roles_from(roles)]

        def command(team: Team | None) -> Team:
            formed = _formed(team)
            formed.change_roles(name, wanted, by=by)
            return formed

        return self._change_team(command)

    def remove_member(self, name: str, *, by: str) -> TeamView:
        """Take a member off the team (never the last admin)."""

        def command(team: Team | None) -> Team:
            formed = _formed(team)
            formed.remove(name, by=by)
            return formed

        return self._change_team(command)

    def _change_team(self, command: Callable[[Team | None], Team]) -> TeamView:
        team = self._retrying(
            lambda: command(self.team()), "the team", refusal_on_retry_is_conflict=False
        )
        return TeamView.of(team, None)


def _formed(team: Team | None) -> Team:
    if team is None:
        msg = "this store has no team yet: 'claims team add' forms one"
        raise RuleViolation(msg)
    return team
