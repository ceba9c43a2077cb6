"""The team aggregate: its first admin, the last-admin rule, roles by name, replay."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput, RuleViolation
from domain.permissions import holds, needed_role
from domain.team import TEAM_ID, Role, Team, roles_from


def test_whoever_forms_the_team_is_its_first_admin() -> None:
    team = Team.form(by="Alice")
    assert team.id == TEAM_ID
    assert team.members == {"alice": frozenset({Role.ADMIN})}
    assert [type(e).__name__ for e in team.collect_events()] == ["Formed", "MemberAdded"]


def test_a_member_may_hold_several_roles_named_in_any_case() -> None:
    team = Team.form(by="alice")
    team.add("Bob", ["Editor", "checker", "editor"], by="alice")
    assert team.roles_of("bob") == {Role.CHECKER, Role.EDITOR}


def test_cannot_remove_the_last_admin_or_take_admin_from_them() -> None:
    team = Team.form(by="alice")
    with pytest.raises(RuleViolation, match="last admin"):
        team.remove("alice", by="alice")
    with pytest.raises(RuleViolation, match="last admin"):
        team.change_roles("alice", ["editor"], by="alice")


def test_with_a_second_admin_the_first_may_step_down() -> None:
    team = Team.form(by="alice")
    team.add("bob", ["admin"], by="alice")
    team.change_roles("alice", ["editor"], by="bob")
    assert team.admins == ["bob"]


def test_adding_a_member_twice_or_changing_a_stranger_is_refused() -> None:
    team = Team.form(by="alice")
    team.add("bob", ["checker"], by="alice")
    with pytest.raises(RuleViolation, match="already a member"):
        team.add("bob", ["editor"], by="alice")
    with pytest.raises(RuleViolation, match="not a member"):
        team.change_roles("carol", ["editor"], by="alice")
    with pytest.raises(RuleViolation, match="not a member"):
        team.remove("carol", by="alice")


@pytest.mark.parametrize("roles", [[], ["boss"], ["checker", "reader"]])
def test_roles_outside_the_four_are_bad_input(roles: list[str]) -> None:
    with pytest.raises(InvalidInput):
        roles_from(roles)


def test_the_team_replays_from_its_events() -> None:
    team = Team.form(by="alice")
    team.add("bob", ["checker"], by="alice")
    team.change_roles("bob", ["editor"], by="alice")
    team.add("carol", ["auditor"], by="alice")
    team.remove("carol", by="alice")
    replayed = None
    for domain_event in team.collect_events():
        replayed = domain_event.mutate(replayed)
    assert isinstance(replayed, Team)
    assert replayed.members == team.members


def test_an_editor_holds_a_checkers_rights_but_an_admin_does_not() -> None:
    assert holds(frozenset({Role.EDITOR}), Role.CHECKER)
    assert not holds(frozenset({Role.ADMIN}), Role.CHECKER)
    assert not holds(frozenset({Role.AUDITOR}), Role.CHECKER)


def test_assigning_a_claim_to_someone_else_needs_an_editor() -> None:
    from domain.claim import Claim

    claim = Claim.register(text="A claim", quote="q", by="bob")
    claim.assign("bob", by="bob")
    claim.assign("carol", by="bob")
    _, to_self, to_other = claim.collect_events()
    assert needed_role(to_self) is Role.CHECKER
    assert needed_role(to_other) is Role.EDITOR
