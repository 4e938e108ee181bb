"""Who may do what on which municipality's plan: roles, permissions and token scopes."""

from uuid import uuid4

import pytest

from services.runtime.auth.http import AuthError, authorize
from services.runtime.auth.roles import (
    ACTIONS,
    DECISION_PERMISSION,
    PERMISSIONS,
    SCOPED_ROLES,
    Permission,
    Role,
    refusal,
)
from services.runtime.auth.tokens import Principal

P = Permission
PLAN_WORK = {P.AMEND, P.SUBMIT_PLAN, P.APPROVE, P.COMMENT}

# The plan work each role may do (docs/co-authoring.md, "Decisions").
MAY = {
    Role.CONSULTANT: set(),
    Role.PLANNER: {P.AMEND, P.SUBMIT_PLAN},
    Role.APPROVER: {P.APPROVE, P.COMMENT},
    Role.REVIEWER: {P.COMMENT},
    Role.INTEGRATOR: set(),
    Role.ADMIN: PLAN_WORK,
    Role.SCHOOL_TEAM: set(),
    Role.MED_FOCAL: set(),
    Role.PARTNER: set(),
}


def principal(role: Role, municipalities: set[str] | None = None) -> Principal:
    scope = None if municipalities is None else frozenset(municipalities)
    return Principal(uuid4(), f"test {role}", role, scope)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_does_its_own_plan_work_and_no_other(role: Role) -> None:
    assert PERMISSIONS[role] & PLAN_WORK == MAY[role]


def test_every_role_but_the_consultant_reads_every_plan() -> None:
    readers = {r for r in Role if P.READ_PLANS in PERMISSIONS[r]}
    assert readers == set(Role) - {Role.CONSULTANT, Role.SCHOOL_TEAM, Role.PARTNER}


def test_plan_workers_and_reporters_are_scoped_to_municipalities() -> None:
    reporters = {Role.SCHOOL_TEAM, Role.MED_FOCAL, Role.PARTNER}
    assert {Role.PLANNER, Role.APPROVER} | reporters == SCOPED_ROLES


def test_the_four_eyes_split_submitting_and_approving() -> None:
    assert DECISION_PERMISSION["submit_for_review"] == P.SUBMIT_PLAN
    assert DECISION_PERMISSION["approve"] == DECISION_PERMISSION["request_changes"] == P.APPROVE
    assert not any(
        {P.SUBMIT_PLAN, P.APPROVE} <= PERMISSIONS[r] for r in Role if r is not Role.ADMIN
    )


def test_every_permission_has_words_for_its_refusal() -> None:
    assert set(ACTIONS) == set(Permission)


@pytest.mark.parametrize(
    ("role", "permission", "detail"),
    [
        (Role.REVIEWER, P.APPROVE, "Reviewer tokens may not approve plans or request changes"),
        (Role.PLANNER, P.APPROVE, "Planner tokens may not approve plans or request changes"),
        (Role.APPROVER, P.AMEND, "Approver tokens may not amend plans (plans:amend)."),
        (Role.APPROVER, P.SUBMIT_PLAN, "Approver tokens may not submit plans for review"),
        (Role.PLANNER, P.COMMENT, "Planner tokens may not comment on plans (plans:comment)."),
        (Role.INTEGRATOR, P.COMMENT, "Integrator tokens may not comment on plans"),
        (Role.CONSULTANT, P.READ_PLANS, "Consultant tokens may not read plans (plans:read)."),
    ],
)
def test_a_role_without_the_permission_is_forbidden_in_words(
    role: Role, permission: Permission, detail: str
) -> None:
    with pytest.raises(AuthError) as refused:
        authorize(principal(role), permission, "prizren")
    assert (refused.value.status, refused.value.code) == (403, "forbidden")
    assert refused.value.detail.startswith(detail)


@pytest.mark.parametrize(
    ("scope", "detail"),
    [
        ({"prizren"}, "This token acts for prizren, not dragash."),
        ({"prizren", "gjilan"}, "This token acts for gjilan and prizren, not dragash."),
        (
            {"viti", "prizren", "gjilan"},
            "This token acts for gjilan, prizren and viti, not dragash.",
        ),
        (set(), "This token acts for no municipality, not dragash."),
    ],
)
def test_a_token_for_other_municipalities_is_forbidden_in_words(
    scope: set[str], detail: str
) -> None:
    with pytest.raises(AuthError) as refused:
        authorize(principal(Role.PLANNER, scope), P.AMEND, "dragash")
    assert (refused.value.status, refused.value.code, refused.value.detail) == (
        403,
        "forbidden",
        detail,
    )


def test_the_role_is_checked_before_the_scope() -> None:
    reason = refusal(Role.PLANNER, {"prizren"}, P.APPROVE, "dragash")
    assert reason is not None
    assert reason.startswith("Planner tokens may not approve")


@pytest.mark.parametrize(
    ("role", "scope", "permission"),
    [
        (Role.PLANNER, {"prizren"}, P.AMEND),
        (Role.PLANNER, {"dragash", "prizren"}, P.SUBMIT_PLAN),
        (Role.APPROVER, {"prizren"}, P.APPROVE),
        (Role.APPROVER, None, P.COMMENT),
        (Role.PLANNER, None, P.AMEND),  # an all-municipality token, as before scopes
        (Role.REVIEWER, None, P.COMMENT),
        (Role.ADMIN, None, P.APPROVE),
        (Role.INTEGRATOR, None, P.READ_PLANS),
    ],
)
def test_a_role_with_the_permission_acts_for_its_municipalities(
    role: Role, scope: set[str] | None, permission: Permission
) -> None:
    authorize(principal(role, scope), permission, "prizren")
    assert refusal(role, scope, permission, "prizren") is None
