"""Amendments to actions, objectives and the narrative, and their refusals.

Each applies to the working draft only; one whose target does not exist now,
or that names an issued version, is refused with a reason and published.
"""

import pytest

from schemas.plans import PlanRequestRefusedEvent
from schemas.topics import PLAN_AMENDMENTS, PLAN_REVIEWS
from services.planning.domain.amending import local_action_id
from services.planning.workflow import Planning
from tests.fakes.planning import planning_units
from tests.unit.planning_shell import (
    EDIT,
    SETTINGS,
    Units,
    action,
    amend,
    amendment,
    deliver,
    draft,
    make_planning,
    of_type,
    priority,
    refusals,
    review,
    two_consultations,
)


@pytest.fixture
def planning() -> Planning:
    return make_planning()


@pytest.fixture
def units() -> Units:
    return planning_units(SETTINGS)


async def test_editing_an_action_sets_its_fields_and_names_them(
    units: Units, planning: Planning
) -> None:
    await two_consultations(units, planning)
    engine = action(draft(units), "CL-1")
    assert (engine.start, engine.end) == ("Q1", "Q4")
    change = {"kind": "edit_action", "action_id": "CL-1", "fields": EDIT}
    await amend(units, planning, amendment(change))
    edited = action(draft(units), "CL-1")
    assert (edited.cost_eur, edited.focal_point) == (1200.0, EDIT["focal_point"])
    assert (edited.start_month, edited.end_month, edited.start, edited.end) == (
        "2026-12",
        "2027-03",
        "Q2",
        "Q3",
    )
    assert (edited.indicator.target_value, edited.indicator.target_unit) == (80.0, "%")
    assert edited.indicator.label == engine.indicator.label
    assert edited.amended == tuple(sorted(EDIT))
    assert (edited.label, edited.responsible) == (engine.label, engine.responsible)


async def test_removing_and_adding_actions(units: Units, planning: Planning) -> None:
    await two_consultations(units, planning)
    add = amendment(
        {
            "kind": "add_action",
            "category": "child_labour",
            "fields": {"label": "Takime me tregtarët e tregut", "responsible": "csw"},
        }
    )
    await amend(units, planning, amendment({"kind": "remove_action", "action_id": "CL-2"}), add)
    actions = priority(draft(units), "child_labour").actions
    local = local_action_id(add.data.amendment_id)
    # NE-1 (non-enrolment) and GR-RA (the RAE pupils named) are placed under it too, and
    # BC-1, the budget line, since its actions charge the most municipal money.
    assert [a.action_id for a in actions] == ["CL-1", "CL-3", "NE-1", "GR-RA", "BC-1", local]
    assert local == "LOC-" + add.data.amendment_id.hex[:6].upper()
    added = actions[-1]
    assert (added.origin, added.responsible) == ("local", "csw")
    assert added.responsible_label.en == "Centre for Social Work"
    assert added.label.en == added.label.sq == "Takime me tregtarët e tregut"
    assert all(a.origin == "catalogue" for a in actions[:-1])


async def test_editing_the_objective_and_the_narrative(units: Units, planning: Planning) -> None:
    await two_consultations(units, planning)
    objective = "Asnjë nxënës nuk punon gjatë orarit të mësimit."
    narrative = "Grupi i punës shqyrtoi konsultimet e vitit shkollor."
    await amend(
        units,
        planning,
        amendment({"kind": "edit_objective", "category": "child_labour", "text": objective}),
        amendment({"kind": "edit_narrative", "text": narrative}),
    )
    plan = draft(units)
    child_labour = priority(plan, "child_labour")
    assert child_labour.objective is not None
    assert (child_labour.objective.en, child_labour.amended) == (objective, ("objective",))
    assert plan.narrative == narrative


async def test_a_withdrawn_amendment_gives_back_the_engines_proposal(
    units: Units, planning: Planning
) -> None:
    await two_consultations(units, planning)
    engine = action(draft(units), "CL-1")
    edit = amendment({"kind": "edit_action", "action_id": "CL-1", "fields": EDIT})
    await amend(units, planning, edit)
    withdraw = {"kind": "withdraw", "amendment_id": str(edit.data.amendment_id)}
    await amend(units, planning, amendment(withdraw))
    plan = draft(units)
    assert action(plan, "CL-1") == engine
    assert [(a.change.kind, a.in_force) for a in plan.amendments] == [
        ("edit_action", False),
        ("withdraw", True),
    ]
    again = amendment(withdraw)
    assert (await deliver(units, planning, PLAN_AMENDMENTS, again))["refused"] == 1
    assert refusals(units) == [f"amendment {edit.data.amendment_id} is not in force on this plan"]


async def test_an_amendment_to_an_unknown_action_is_refused_with_its_name(
    units: Units, planning: Planning
) -> None:
    await two_consultations(units, planning)
    before = draft(units)
    edit = amendment({"kind": "remove_action", "action_id": "XX-9"})
    summary = await deliver(units, planning, PLAN_AMENDMENTS, edit)
    assert (summary["amendments"], summary["refused"]) == (0, 1)
    [refused] = of_type(units, PlanRequestRefusedEvent)
    assert (refused.data.request_id, refused.data.request_type) == (
        edit.data.amendment_id,
        "amendment",
    )
    assert refused.data.action == "remove_action"
    assert "Action XX-9 is not in the plan" in refused.data.reason
    assert units.state.amendments[edit.data.amendment_id][2] == refused.data.reason
    assert draft(units) == before


async def test_a_replayed_amendment_applies_once(units: Units, planning: Planning) -> None:
    await two_consultations(units, planning)
    edit = amendment({"kind": "edit_action", "action_id": "CL-1", "fields": {"cost_eur": 500}})
    await amend(units, planning, edit)
    published, revision = len(units.published), draft(units).revision
    summary = await deliver(units, planning, PLAN_AMENDMENTS, edit, edit)
    assert (summary["applied"], summary["duplicates"]) == (0, 2)
    assert len(units.published) == published
    assert draft(units).revision == revision
    assert len(draft(units).amendments) == 1


async def test_an_amendment_to_an_issued_version_is_refused(
    units: Units, planning: Planning
) -> None:
    await two_consultations(units, planning)
    await deliver(units, planning, PLAN_REVIEWS, review(1, "submit_for_review"))
    frozen = amendment({"kind": "edit_narrative", "text": "Një tekst i ri."}, version=1)
    assert (await deliver(units, planning, PLAN_AMENDMENTS, frozen))["refused"] == 1
    assert refusals(units) == [
        "version 1 is issued and frozen; amend the working draft (version 2)"
    ]
    assert units.state.versions[0].narrative is None
    assert draft(units).narrative is None
    ahead = amendment({"kind": "edit_narrative", "text": "Një tekst i ri."}, version=2, revision=9)
    assert (await deliver(units, planning, PLAN_AMENDMENTS, ahead))["refused"] == 1
    assert refusals(units)[-1] == "revision 9 does not exist yet (the draft is at 2)"


async def test_dates_that_end_before_they_start_are_refused_naming_the_action(
    units: Units, planning: Planning
) -> None:
    await two_consultations(units, planning)
    months = {"start_month": "2027-02", "end_month": "2027-05"}
    await amend(
        units, planning, amendment({"kind": "edit_action", "action_id": "CL-1", "fields": months})
    )
    early = {"kind": "edit_action", "action_id": "CL-1", "fields": {"end_month": "2027-01"}}
    assert (await deliver(units, planning, PLAN_AMENDMENTS, amendment(early)))["refused"] == 1
    assert refusals(units) == ["End month 2027-01 is before start month 2027-02 of action CL-1."]


async def test_an_amendment_to_a_version_not_yet_issued_is_not_called_frozen(
    units: Units, planning: Planning
) -> None:
    await two_consultations(units, planning)
    ahead = amendment({"kind": "edit_narrative", "text": "Një tekst i ri."}, version=5)
    assert (await deliver(units, planning, PLAN_AMENDMENTS, ahead))["refused"] == 1
    assert "issued and frozen" not in refusals(units)[0]
