"""Roles and permissions (../shared/ACCESS.md), shared by the console that signs people in and the
services that check every request. A route declares one permission; a permission is held by roles.
"""

from __future__ import annotations

from enum import StrEnum

OFFICES = ("office", "liaison", "rights", "personnel")


class Role(StrEnum):
    office_clerk = "office.clerk"
    office_head = "office.head"
    liaison_clerk = "liaison.clerk"
    liaison_head = "liaison.head"
    rights_clerk = "rights.clerk"
    rights_head = "rights.head"
    personnel_clerk = "personnel.clerk"
    personnel_head = "personnel.head"
    leader = "leader"  # federation leaders: read all but restricted records, leader steps of approvals
    discipline = "discipline"  # discipline inspection: discipline cases only
    cleared_confidential = "cleared_confidential"
    cleared_secret = "cleared_secret"
    cleared_top_secret = "cleared_top_secret"
    foreign_affairs = "foreign_affairs"  # its step of the outbound-trip chain
    auditor = "auditor"  # audit and login logs, read-only
    admin = "admin"  # accounts, roles, holiday calendar
    operator = "operator"  # metrics, dead letters (machine accounts)

    @classmethod
    def clerk(cls, office: str) -> Role:
        return cls(f"{office}.clerk")

    @classmethod
    def head(cls, office: str) -> Role:
        return cls(f"{office}.head")


R = Role
# roles a person holds because of their post: the office's staff
POST_ROLES = frozenset(r for o in OFFICES for r in (R.clerk(o), R.head(o)))
# every person who works on business records (not auditor, admin or operator)
STAFF = POST_ROLES | {R.leader, R.discipline}

# the secrecy levels of documents, lowest first, and the role that clears each
CLEARANCE_LEVELS = ("confidential", "secret", "top_secret")
CLEARANCE_ROLE = {
    "confidential": R.cleared_confidential,
    "secret": R.cleared_secret,
    "top_secret": R.cleared_top_secret,
}


def clearance_of(roles: frozenset[str]) -> str | None:
    """The highest secrecy level the roles clear, or None."""
    cleared = [level for level in CLEARANCE_LEVELS if CLEARANCE_ROLE[level] in roles]
    return cleared[-1] if cleared else None


def _office_permissions(o: str) -> dict[str, frozenset[str]]:
    clerk, head = R.clerk(o), R.head(o)
    return {
        f"{o}.read": frozenset({clerk, head, R.leader}),  # the office's records, personal fields shaped per role
        f"{o}.write": frozenset({clerk, head}),  # the office's daily commands on its own records
        f"{o}.approve": frozenset({head}),  # the office head's decisions: extensions, sign-offs, withdrawals
    }


PERMISSIONS: dict[str, frozenset[str]] = {
    **{k: v for o in OFFICES for k, v in _office_permissions(o).items()},
    "staff.read": frozenset(STAFF),  # what is neither personal nor classified: board, directory, names
    "leader.decide": frozenset({R.leader}),  # leader steps of approval chains, supervised tasks
    "foreign_affairs.decide": frozenset({R.foreign_affairs}),
    "trips.decide": frozenset({R.office_head, R.leader, R.foreign_affairs}),  # a step of the trip chain (and its own)
    # expense claims (財務): every office's staff claims for themself; a step of the claim chain is decided
    # by the claimant's office head or by office's staff (the finance step), each checked at its step
    "claims.submit": frozenset(POST_ROLES),
    "claims.decide": frozenset({R.head(o) for o in OFFICES} | {R.office_clerk}),
    "discipline.cases": frozenset({R.discipline}),
    "audit.read": frozenset({R.auditor}),
    "accounts.manage": frozenset({R.admin}),
    "calendar.manage": frozenset({R.admin}),
    # the years the holiday calendar covers: public knowledge, for everyone signed in (admin and auditor too)
    "calendar.read": frozenset(STAFF | {R.admin, R.auditor, R.operator}),
    "operations": frozenset({R.operator}),  # metrics, dead letters, the outbox
}


def holds(roles: frozenset[str], permission: str) -> bool:
    return bool(PERMISSIONS[permission] & roles)
