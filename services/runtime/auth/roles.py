"""Roles, what each may do, and which municipalities a token acts for.

A MED planner amends and submits its municipality's plan; a MED director (the
`approver`) approves it or sends it back; a MESTI `reviewer` reads every plan
and comments; integrators read; consultants submit consultations.
"""

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    CONSULTANT = "consultant"
    PLANNER = "planner"
    APPROVER = "approver"
    REVIEWER = "reviewer"
    INTEGRATOR = "integrator"
    ADMIN = "admin"


class Permission(StrEnum):
    SUBMIT = "consultations:submit"
    READ_OWN = "consultations:read_own"
    READ_ALL = "consultations:read"
    READ_PLANS = "plans:read"
    AMEND = "plans:amend"
    SUBMIT_PLAN = "plans:submit"
    APPROVE = "plans:approve"
    COMMENT = "plans:comment"
    MANAGE_TOKENS = "tokens:manage"


_READ = {Permission.READ_ALL, Permission.READ_PLANS}

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CONSULTANT: frozenset({Permission.SUBMIT, Permission.READ_OWN}),
    Role.PLANNER: frozenset(_READ | {Permission.AMEND, Permission.SUBMIT_PLAN}),
    Role.APPROVER: frozenset(_READ | {Permission.APPROVE, Permission.COMMENT}),
    Role.REVIEWER: frozenset(_READ | {Permission.COMMENT}),
    Role.INTEGRATOR: frozenset(_READ),
    Role.ADMIN: frozenset(Permission),
}

# Roles whose tokens are issued for named municipalities (`--municipality`).
SCOPED_ROLES = frozenset({Role.PLANNER, Role.APPROVER})

# What each review decision needs.
DECISION_PERMISSION: dict[str, Permission] = {
    "submit_for_review": Permission.SUBMIT_PLAN,
    "approve": Permission.APPROVE,
    "request_changes": Permission.APPROVE,
    "comment": Permission.COMMENT,
}

# Anyone who may decide or amend: the workspace offers plan actions to these.
PLAN_WRITERS = frozenset({Permission.AMEND, Permission.SUBMIT_PLAN, Permission.APPROVE})


def covers(municipalities: Iterable[str] | None, municipality: str) -> bool:
    """Whether a token scoped to `municipalities` (None: every one) acts for `municipality`."""
    return municipalities is None or municipality in set(municipalities)
