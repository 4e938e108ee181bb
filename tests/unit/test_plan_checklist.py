"""Requests for changes and adoption: the checklist on the working draft, the frozen version.

A request for changes opens checklist items that amendments or replies close
before the draft can be submitted again; after adoption, new evidence revises
only the working draft.
"""

import pytest

from schemas.plans import PlanStatusChangedEvent, PlanVersionIssuedEvent
from schemas.topics import CONSULTATIONS, PLAN_AMENDMENTS, PLAN_REVIEWS
from services.planning.workflow import Planning
from tests.fakes.planning import planning_units
from tests.unit.planning_shell import (
    ADOPTION,
    APPROVER,
    PLAN_ID,
    SETTINGS,
    SUBMITTER,
    Units,
    amendment,
    consultation,
    deliver,
    draft,
    make_planning,
    of_type,
    refusals,
    review,
    submitted,
    versions,
)


@pytest.fixture
def planning() -> Planning:
    return make_planning()


@pytest.fixture
def units() -> Units:
    return planning_units(SETTINGS)


async def test_requested_changes_open_a_checklist_that_amendments_close(
    units: Units, planning: Planning
) -> None:
    await submitted(units, planning)
    ask = review(1, "request_changes", reviewer=APPROVER, items=("Cost it.", "Name the lead."))
    await deliver(units, planning, PLAN_REVIEWS, ask)
    [change] = of_type(units, PlanStatusChangedEvent)
    assert change.data.status == "changes_requested"
    working = draft(units)
    assert (working.version, working.revision) == (2, 3)
    assert [(i.text, i.state, i.version) for i in working.checklist] == [
        ("Cost it.", "open", 1),
        ("Name the lead.", "open", 1),
    ]
    first, second = (i.item_id for i in working.checklist)
    early = review(2, "submit_for_review", reviewer=SUBMITTER)
    assert (await deliver(units, planning, PLAN_REVIEWS, early))["refused"] == 1
    assert refusals(units)[-1].startswith("2 checklist item(s) are still open")
    edit = {"kind": "edit_action", "action_id": "CL-1", "fields": {"cost_eur": 1200}}
    reply = {"kind": "reply", "item_id": str(second), "text": "The school team leads it."}
    summary = await deliver(
        units,
        planning,
        PLAN_AMENDMENTS,
        amendment(edit, version=2, revision=3, closes=[first]),
        amendment(reply, version=2, revision=4),
    )
    assert (summary["amendments"], summary["refused"]) == (2, 0)
    closed = draft(units).checklist
    assert [i.state for i in closed] == ["closed", "closed"]
    assert closed[1].reply == "The school team leads it."
    again = review(2, "submit_for_review", reviewer=SUBMITTER)
    assert (await deliver(units, planning, PLAN_REVIEWS, again))["decisions"] == 1
    assert [(v.version, v.status) for v in versions(units)] == [
        (1, "changes_requested"),
        (2, "in_review"),
    ]
    assert of_type(units, PlanVersionIssuedEvent)[-1].data.previous_version == 1
    assert draft(units).version == 3


async def test_new_evidence_after_approval_revises_only_the_working_draft(
    units: Units, planning: Planning
) -> None:
    await submitted(units, planning)
    adopt = review(1, "approve", reviewer=APPROVER, adoption=ADOPTION)
    await deliver(units, planning, PLAN_REVIEWS, adopt)
    [adopted] = versions(units)
    before = draft(units)
    await deliver(units, planning, CONSULTATIONS, consultation(stakeholder_group="parent"))
    working = draft(units)
    assert (working.version, working.revision, working.status) == (2, before.revision + 1, "draft")
    assert (working.consultation_count, working.last_approved_version) == (2, 1)
    assert versions(units) == [adopted]
    assert (adopted.consultation_count, adopted.status) == (1, "approved")
    assert units.state.plans[PLAN_ID].status == "approved"


async def test_the_working_draft_names_the_adopted_version_as_soon_as_it_is_approved(
    units: Units, planning: Planning
) -> None:
    await submitted(units, planning)
    adopt = review(1, "approve", reviewer=APPROVER, adoption=ADOPTION)
    await deliver(units, planning, PLAN_REVIEWS, adopt)
    assert draft(units).last_approved_version == 1
