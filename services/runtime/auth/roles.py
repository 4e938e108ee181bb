"""Roles, what each may do, and which municipalities a token acts for.

A MED planner amends and submits its municipality's plan; a MED director (the
`approver`) approves it or sends it back; a MESTI `reviewer` reads every plan
and comments; integrators read; consultants submit consultations. After
adoption a school's `school_team` reports its month, the MED's `med_focal`
officer its quarter and the indicator measurements, and a `partner` (a CSW,
MOCR, mediator or NGO) its own quarter (docs/monitoring.md).
"""

from collections.abc import Iterable
from enum import StrEnum
from typing import get_args

from schemas.progress import PartnerKind


class Role(StrEnum):
    CONSULTANT = "consultant"
    PLANNER = "planner"
    APPROVER = "approver"
    REVIEWER = "reviewer"
    INTEGRATOR = "integrator"
    ADMIN = "admin"
    SCHOOL_TEAM = "school_team"
    MED_FOCAL = "med_focal"
    PARTNER = "partner"


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
    REPORT_PROGRESS = "progress:report"
    READ_PROGRESS = "progress:read"
    RECORD_MINUTES = "minutes:record"
    RECORD_STATISTICS = "statistics:record"


_READ = {Permission.READ_ALL, Permission.READ_PLANS}

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CONSULTANT: frozenset({Permission.SUBMIT, Permission.READ_OWN}),
    # A planner may still report the MED's quarter (as before `med_focal` existed).
    # The MED's planner also enters its municipality's statistics (EMIS or MED records).
    Role.PLANNER: frozenset(
        _READ
        | {Permission.AMEND, Permission.SUBMIT_PLAN}
        | {Permission.REPORT_PROGRESS, Permission.READ_PROGRESS}
        | {Permission.RECORD_STATISTICS}
    ),
    # The MED director also records the working group's decisions and minutes.
    Role.APPROVER: frozenset(
        _READ
        | {Permission.APPROVE, Permission.COMMENT, Permission.READ_PROGRESS}
        | {Permission.RECORD_MINUTES}
    ),
    Role.REVIEWER: frozenset(_READ | {Permission.COMMENT, Permission.READ_PROGRESS}),
    Role.INTEGRATOR: frozenset(_READ | {Permission.READ_PROGRESS}),
    Role.ADMIN: frozenset(Permission),
    Role.SCHOOL_TEAM: frozenset({Permission.REPORT_PROGRESS, Permission.READ_PROGRESS}),
    Role.MED_FOCAL: frozenset(
        {Permission.READ_PLANS, Permission.REPORT_PROGRESS, Permission.READ_PROGRESS}
    ),
    Role.PARTNER: frozenset({Permission.REPORT_PROGRESS, Permission.READ_PROGRESS}),
}

# Roles whose tokens are issued for named municipalities (`--municipality`).
SCOPED_ROLES = frozenset(
    {Role.PLANNER, Role.APPROVER, Role.SCHOOL_TEAM, Role.MED_FOCAL, Role.PARTNER}
)
# Roles whose tokens also name one school (`--school`), inside one municipality.
SCHOOL_ROLES = frozenset({Role.SCHOOL_TEAM})
# Roles whose tokens name one organisation kind (`--organisation`).
ORGANISATION_ROLES = frozenset({Role.PARTNER})
ORGANISATIONS: tuple[str, ...] = get_args(PartnerKind)  # csw, mocr, mediator, ngo

# Which progress reports each reporting role sends (`kind` of the report); a token of
# another role with `progress:report` (admin) sends any.
REPORT_KINDS: dict[Role, frozenset[str]] = {
    Role.SCHOOL_TEAM: frozenset({"school_monthly"}),
    Role.MED_FOCAL: frozenset({"med_quarterly"}),
    Role.PLANNER: frozenset({"med_quarterly"}),
    Role.PARTNER: frozenset({"partner_quarterly"}),
}

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


# What each permission lets a token do, in the words of a refusal.
ACTIONS: dict[Permission, str] = {
    Permission.SUBMIT: "submit consultations",
    Permission.READ_OWN: "read its own consultations",
    Permission.READ_ALL: "read consultations",
    Permission.READ_PLANS: "read plans",
    Permission.AMEND: "amend plans",
    Permission.SUBMIT_PLAN: "submit plans for review",
    Permission.APPROVE: "approve plans or request changes",
    Permission.COMMENT: "comment on plans",
    Permission.MANAGE_TOKENS: "manage tokens",
    Permission.REPORT_PROGRESS: "report progress on adopted plans",
    Permission.READ_PROGRESS: "read the progress and alerts of adopted plans",
    Permission.RECORD_MINUTES: "record the working group's decisions and minutes",
    Permission.RECORD_STATISTICS: "record municipal statistics",
}


def refusal(
    role: Role, municipalities: Iterable[str] | None, permission: Permission, municipality: str
) -> str | None:
    """Why a token of `role` and scope may not use `permission` for `municipality`, or None.

    Pure, so that an HTTP check and a consumer checking an event's token agree.
    """
    if permission not in PERMISSIONS[role]:
        return f"{role.capitalize()} tokens may not {ACTIONS[permission]} ({permission})."
    if not covers(municipalities, municipality):
        return f"This token acts for {_listed(municipalities or ())}, not {municipality}."
    return None


def _listed(municipalities: Iterable[str]) -> str:
    """`a`, `a and b`, `a, b and c` (sorted)."""
    codes = sorted(set(municipalities))
    if len(codes) < 2:
        return codes[0] if codes else "no municipality"
    return f"{', '.join(codes[:-1])} and {codes[-1]}"
