"""Which role each act needs: one table, read where every write passes.

A write is the events it records, so the table maps event classes to roles: the
ledger checks every pending event's actor against it just before saving, and no
command, however it was reached, stores an event its actor's roles do not allow.
An editor may do everything a checker does; an admin looks after the team, the
rating scale and the store, and is not thereby an editor. Reading needs any role.
"""

from __future__ import annotations

from typing import Any

from domain.article import Article
from domain.claim import Claim
from domain.scale_book import ScaleBook
from domain.team import Role, Team

# The roles that include another's rights: an editor may do what a checker does.
_INCLUDES: dict[Role, frozenset[Role]] = {Role.EDITOR: frozenset({Role.CHECKER})}

NEEDED: dict[type[Any], Role] = {
    Article.Registered: Role.CHECKER,
    Claim.Registered: Role.CHECKER,
    Claim.AppearanceAdded: Role.CHECKER,
    Claim.EvidenceAdded: Role.CHECKER,
    Claim.EvidenceWithdrawn: Role.CHECKER,
    Claim.VerdictRecorded: Role.CHECKER,
    Claim.NoteAdded: Role.CHECKER,
    # Assigning anyone but oneself: see `needed_role`.
    Claim.Assigned: Role.CHECKER,
    Claim.VerdictApproved: Role.EDITOR,
    Claim.VerdictRejected: Role.EDITOR,
    Claim.Published: Role.EDITOR,
    Claim.Corrected: Role.EDITOR,
    Claim.Retracted: Role.EDITOR,
    Claim.Dismissed: Role.EDITOR,
    Claim.Reopened: Role.EDITOR,
    Claim.MarkedDuplicate: Role.EDITOR,
    ScaleBook.Opened: Role.ADMIN,
    ScaleBook.Adopted: Role.ADMIN,
    Team.Formed: Role.ADMIN,
    Team.MemberAdded: Role.ADMIN,
    Team.RolesChanged: Role.ADMIN,
    Team.MemberRemoved: Role.ADMIN,
}

# What each act is called in a refusal ("... needs the editor role to publish").
_DOING: dict[type[Any], str] = {
    Article.Registered: "register articles",
    Claim.Registered: "register claims",
    Claim.AppearanceAdded: "register claims",
    Claim.EvidenceAdded: "add evidence",
    Claim.EvidenceWithdrawn: "withdraw evidence",
    Claim.VerdictRecorded: "record verdicts",
    Claim.NoteAdded: "add notes",
    Claim.Assigned: "assign claims",
    Claim.VerdictApproved: "review verdicts",
    Claim.VerdictRejected: "review verdicts",
    Claim.Published: "publish",
    Claim.Corrected: "correct published fact-checks",
    Claim.Retracted: "retract published fact-checks",
    Claim.Dismissed: "dismiss claims",
    Claim.Reopened: "reopen claims",
    Claim.MarkedDuplicate: "mark duplicates",
    ScaleBook.Opened: "adopt rating scales",
    ScaleBook.Adopted: "adopt rating scales",
    Team.Formed: "change the team",
    Team.MemberAdded: "change the team",
    Team.RolesChanged: "change the team",
    Team.MemberRemoved: "change the team",
}


def needed_role(domain_event: Any) -> Role:
    """The role the event's actor must hold. Unknown events need admin: a new kind of
    event is refused to everyone else until it is given its place in the table."""
    kind = type(domain_event)
    if kind is Claim.Assigned and domain_event.assignee != domain_event.actor:
        return Role.EDITOR  # a checker may take a claim; handing one out is an editor's
    return NEEDED.get(kind, Role.ADMIN)


def doing(domain_event: Any) -> str:
    kind = type(domain_event)
    if kind is Claim.Assigned and domain_event.assignee != domain_event.actor:
        return "assign claims to others"
    return _DOING.get(kind, f"record {kind.__name__}")


def holds(roles: frozenset[Role], needed: Role) -> bool:
    """Whether `roles` give the rights of `needed`."""
    return any(role == needed or needed in _INCLUDES.get(role, ()) for role in roles)
