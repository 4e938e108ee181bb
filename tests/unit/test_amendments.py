"""Amendments to the evidence and the priorities, through the subscriber shell.

Exclusions, re-categorisations, pins, drops and moves act while the engine
ranks; every amendment in force survives re-drafting from new evidence, and
one whose target the evidence took away is listed as a conflict, not dropped.
"""

import pytest

from schemas.topics import CONSULTATIONS
from services.planning.workflow import Planning
from tests.fakes.planning import planning_units
from tests.unit.planning_shell import (
    CROWDED,
    EDIT,
    SETTINGS,
    TOP_FIVE,
    Units,
    action,
    amend,
    amendment,
    consultation,
    crowded,
    deliver,
    draft,
    issue,
    make_planning,
    priority,
    ranked,
    two_consultations,
)


@pytest.fixture
def planning() -> Planning:
    return make_planning()


@pytest.fixture
def units() -> Units:
    return planning_units(SETTINGS)


async def test_excluding_an_issue_uncounts_it_and_leaves_the_record(
    units: Units, planning: Planning
) -> None:
    first, second = await two_consultations(units, planning)
    stored = units.state.consultations[first]
    assert priority(draft(units), "child_labour").consultation_count == 2
    change = {"kind": "exclude_issue", "consultation_id": str(first), "issue_index": 0}
    await amend(units, planning, amendment(change))
    child_labour = priority(draft(units), "child_labour")
    assert (child_labour.consultation_count, child_labour.consultation_ids) == (1, (second,))
    assert child_labour.affected_students == 14
    assert priority(draft(units), "career_guidance").consultation_count == 2
    assert units.state.consultations[first] == stored
    assert [a.change.kind for a in draft(units).amendments] == ["exclude_issue"]
    assert draft(units).revision == 2


async def test_recategorising_an_issue_counts_it_elsewhere(
    units: Units, planning: Planning
) -> None:
    first, second = await two_consultations(units, planning)
    change = {
        "kind": "recategorise_issue",
        "consultation_id": str(first),
        "issue_index": 1,
        "category": "poverty",
    }
    await amend(units, planning, amendment(change))
    plan = draft(units)
    assert priority(plan, "poverty").consultation_ids == (first,)
    assert priority(plan, "career_guidance").consultation_ids == (second,)


async def test_a_pinned_category_is_a_priority_with_its_actions(
    units: Units, planning: Planning
) -> None:
    await crowded(units, planning)
    assert [f.category.value for f in draft(units).other_findings] == ["distance_access"]
    await amend(units, planning, amendment({"kind": "pin_priority", "category": "distance_access"}))
    plan = draft(units)
    assert ranked(plan) == [*TOP_FIVE, "distance_access"]
    pinned = priority(plan, "distance_access")
    assert (pinned.rank, pinned.amended) == (6, ("pinned",))
    assert [a.action_id for a in pinned.actions] == ["DA-1"]
    assert pinned.objective is not None
    assert plan.other_findings == ()


async def test_drop_and_move_steer_the_ranking(units: Units, planning: Planning) -> None:
    await crowded(units, planning)
    await amend(
        units,
        planning,
        amendment({"kind": "drop_priority", "category": "child_labour"}),
        amendment({"kind": "move_priority", "category": "special_needs", "rank": 1}),
    )
    plan = draft(units)
    # the dropped category makes room for the sixth; the moved one leads
    assert ranked(plan) == [
        "special_needs",
        "poverty",
        "absenteeism",
        "rae_inclusion",
        "distance_access",
    ]
    assert [p.rank for p in plan.priorities] == [1, 2, 3, 4, 5]
    assert priority(plan, "special_needs").amended == ("rank",)
    assert [f.category.value for f in plan.other_findings] == ["child_labour"]


async def test_an_edit_whose_priority_leaves_the_list_conflicts_until_it_is_pinned(
    units: Units, planning: Planning
) -> None:
    await crowded(units, planning)
    edit = amendment({"kind": "edit_action", "action_id": "SN-1", "fields": {"cost_eur": 900}})
    await amend(units, planning, edit)
    heavier = consultation(
        stakeholder_group="parent", raised_issues=[issue("distance_access", "critical", 30)]
    )
    await deliver(units, planning, CONSULTATIONS, heavier)
    plan = draft(units)
    assert "special_needs" not in ranked(plan)
    [conflict] = plan.conflicts
    assert (conflict.amendment_id, conflict.kind) == (edit.data.amendment_id, "edit_action")
    assert "SN-1" in conflict.explanation.en
    assert [(a.amendment_id, a.in_force) for a in plan.amendments] == [
        (edit.data.amendment_id, True)
    ]
    pin = amendment({"kind": "pin_priority", "category": "special_needs"})
    await amend(units, planning, pin)
    plan = draft(units)
    assert plan.conflicts == ()
    assert (action(plan, "SN-1").cost_eur, action(plan, "SN-1").amended) == (900, ("cost_eur",))


async def test_the_same_evidence_and_amendments_give_byte_identical_drafts(
    planning: Planning,
) -> None:
    records = [consultation(raised_issues=CROWDED), consultation(), consultation(school=None)]
    changes = [
        amendment({"kind": "pin_priority", "category": "distance_access"}),
        amendment({"kind": "edit_action", "action_id": "CL-1", "fields": EDIT}),
        amendment(
            {
                "kind": "add_action",
                "category": "poverty",
                "fields": {"label": "Libra falas", "responsible": "med", "cost_eur": 7000},
            }
        ),
        amendment({"kind": "edit_narrative", "text": "Grupi i punës shqyrtoi konsultimet."}),
    ]
    drafts = []
    for order in (records, records[::-1]):
        units = planning_units(SETTINGS)
        await deliver(units, planning, CONSULTATIONS, *order)
        await amend(units, planning, *changes)
        drafts.append(draft(units).model_dump_json())
    assert drafts[0] == drafts[1]
    assert '"origin":"local"' in drafts[0]
