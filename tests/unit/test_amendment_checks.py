"""Reporting's checks on an evidence correction before it publishes the amendment."""

from typing import Any
from uuid import UUID, uuid4

import pytest

from services.reporting.requests import AmendmentRequest, Refused, check_amendment
from services.runtime.auth.roles import Role
from services.runtime.auth.tokens import Principal

CITED = uuid4()


def _detail() -> dict[str, Any]:
    plan = {
        "priorities": [{"category": "poverty", "consultation_ids": [str(CITED)]}],
        "other_findings": [],
        "checklist": [],
    }
    draft = {"version": 1, "revision": 3, "plan": plan}
    return {"municipality": "prizren", "draft": draft, "history": []}


def _exclude(consultation: UUID, index: int = 0) -> AmendmentRequest:
    return AmendmentRequest.model_validate(
        {
            "version": 1,
            "revision": 3,
            "change": {
                "kind": "exclude_issue",
                "consultation_id": str(consultation),
                "issue_index": index,
            },
            "reason": "misfiled",
        }
    )


PLANNER = Principal(uuid4(), "planner", Role.PLANNER, frozenset({"prizren"}))


def test_a_consultation_the_draft_cites_passes_before_reporting_projects_it() -> None:
    # consultations.v1 and plans.v1 reach reporting independently; planning re-checks.
    check_amendment(PLANNER, _detail(), _exclude(CITED), issue_count=None)


def test_an_unknown_consultation_is_refused_with_its_field() -> None:
    with pytest.raises(Refused) as refused:
        check_amendment(PLANNER, _detail(), _exclude(uuid4()), issue_count=None)
    assert refused.value.errors == [
        {"field": "change.consultation_id", "reason": "no such consultation in this municipality"}
    ]


def test_an_issue_index_past_the_consultation_issues_is_refused() -> None:
    with pytest.raises(Refused) as refused:
        check_amendment(PLANNER, _detail(), _exclude(CITED, index=2), issue_count=2)
    assert refused.value.errors[0]["field"] == "change.issue_index"
