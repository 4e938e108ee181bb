"""The reporting roles: which report each sends, for which municipalities, school, body."""

from typing import Any
from uuid import uuid4

import pytest

from dmap.tokens import ScopeError, create_token, scope_for
from services.monitoring.accepting import refused_answer, reporter_scope
from services.monitoring.domain.progress import Recorded, apply_report, start
from services.monitoring.domain.refusals import Refused
from services.runtime.auth.http import AuthError, authorize
from services.runtime.auth.roles import (
    ORGANISATIONS,
    PERMISSIONS,
    REPORT_KINDS,
    Permission,
    Role,
)
from services.runtime.auth.tokens import Principal
from services.runtime.settings import Settings
from tests.unit.monitoring_plans import (
    SCHOOLS,
    TODAY,
    adopted_plan,
    med_report,
    partner_report,
    school_report,
)

P = Permission
FERIZAJ = frozenset({"ferizaj"})


def _principal(role: Role, scope: frozenset[str] | None = FERIZAJ, **kw: Any) -> Principal:
    return Principal(uuid4(), f"test {role}", role, scope, **kw)


def _outcome(principal: Principal, report: Any) -> Any:
    return apply_report(start(adopted_plan()), report, today=TODAY, scope=reporter_scope(principal))


def test_the_med_focal_officer_and_a_partner_report_and_read_progress_only() -> None:
    assert PERMISSIONS[Role.MED_FOCAL] == {P.READ_PLANS, P.REPORT_PROGRESS, P.READ_PROGRESS}
    assert PERMISSIONS[Role.PARTNER] == {P.REPORT_PROGRESS, P.READ_PROGRESS}
    for role in (Role.MED_FOCAL, Role.PARTNER):
        assert not PERMISSIONS[role] & {P.AMEND, P.SUBMIT_PLAN, P.APPROVE, P.COMMENT, P.SUBMIT}


def test_each_reporting_role_sends_its_own_kind_of_report() -> None:
    assert REPORT_KINDS[Role.SCHOOL_TEAM] == {"school_monthly"}
    assert REPORT_KINDS[Role.MED_FOCAL] == {"med_quarterly"}
    assert REPORT_KINDS[Role.PARTNER] == {"partner_quarterly"}
    assert Role.ADMIN not in REPORT_KINDS  # an administrator may send any


@pytest.mark.parametrize(
    ("principal", "report"),
    [
        (_principal(Role.MED_FOCAL), med_report()),
        (_principal(Role.PARTNER, organisation="csw"), partner_report()),
        (_principal(Role.SCHOOL_TEAM, school=SCHOOLS[0]), school_report()),
        (_principal(Role.ADMIN, None), partner_report()),
    ],
)
def test_a_reporter_within_its_scope_is_recorded(principal: Principal, report: Any) -> None:
    assert isinstance(_outcome(principal, report), Recorded)


@pytest.mark.parametrize(
    ("principal", "report", "field", "reason"),
    [
        (
            _principal(Role.PARTNER, organisation="ngo"),
            partner_report(),
            "partner",
            "this token reports for a ngo, not csw",
        ),
        (
            _principal(Role.PARTNER, organisation="csw"),
            med_report(),
            "kind",
            "this token sends partner_quarterly reports, not med_quarterly",
        ),
        (
            _principal(Role.MED_FOCAL),
            school_report(),
            "kind",
            "this token sends med_quarterly reports, not school_monthly",
        ),
        (
            _principal(Role.MED_FOCAL, frozenset({"gjilan"})),
            med_report(),
            "municipality",
            "this token does not report for ferizaj",
        ),
        (
            _principal(Role.SCHOOL_TEAM, school=SCHOOLS[1]),
            school_report(),
            "school",
            f"this token reports for {SCHOOLS[1]}, not {SCHOOLS[0]}",
        ),
        (
            _principal(Role.SCHOOL_TEAM, school=SCHOOLS[0]),
            partner_report(),
            "kind",
            "this token sends school_monthly reports, not partner_quarterly",
        ),
    ],
)
def test_a_report_outside_the_tokens_scope_is_403_with_the_reason(
    principal: Principal, report: Any, field: str, reason: str
) -> None:
    outcome = _outcome(principal, report)
    assert isinstance(outcome, Refused)
    assert [(p.field, p.reason) for p in outcome.problems] == [(field, reason)]
    answer = refused_answer(outcome.problems)
    assert answer.status_code == 403
    assert reason.encode() in bytes(answer.body)


def test_a_partner_of_another_municipality_is_forbidden_before_the_report_is_read() -> None:
    with pytest.raises(AuthError) as refused:
        authorize(_principal(Role.PARTNER, organisation="csw"), P.REPORT_PROGRESS, "gjilan")
    assert (refused.value.status, refused.value.detail) == (
        403,
        "This token acts for ferizaj, not gjilan.",
    )


@pytest.mark.parametrize("role", [Role.MED_FOCAL, Role.PARTNER])
def test_reporter_tokens_name_their_municipalities(role: Role) -> None:
    assert scope_for(role, ["ferizaj"], all_municipalities=False) == {"ferizaj"}
    with pytest.raises(ScopeError, match="--municipality CODE"):
        scope_for(role, None, all_municipalities=False)


@pytest.mark.parametrize(
    ("role", "organisation", "message"),
    [
        (Role.PARTNER, None, "--organisation is for partner tokens, and needed"),
        (Role.MED_FOCAL, "csw", "--organisation is for partner tokens"),
        (Role.PARTNER, "police", "unknown --organisation 'police'; one of csw, mocr"),
    ],
)
async def test_a_partner_token_names_one_kind_of_organisation(
    role: Role, organisation: str | None, message: str
) -> None:
    # Refused before any database is reached.
    with pytest.raises(ScopeError, match=message):
        await create_token(
            Settings(), "x", role, municipalities=["ferizaj"], organisation=organisation
        )


def test_the_organisations_are_the_partner_kinds_of_the_contract() -> None:
    assert ORGANISATIONS == ("csw", "mocr", "mediator", "ngo")
