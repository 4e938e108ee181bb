"""Pure tests of steering (evidence and ranking decisions) and amending (the rest)."""

from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from pydantic import TypeAdapter

from schemas.amendments import ActionFields, Change
from schemas.plans import AppliedAmendment, Plan
from schemas.vocabulary import IssueCategory, MunicipalityCode
from services.planning.domain.amending import (
    Context,
    amend,
    dates_refusal,
    edited,
    in_force,
    local_action_id,
    new_action,
)
from services.planning.domain.plan import draft_plan
from services.planning.domain.steering import NO_STEERING, choose, steering_of
from services.planning.rules import catalogue, classifier_rules
from tests.factories import record
from tests.unit.planning_shell import CROWDED, EDIT

AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
CHANGE: TypeAdapter[Any] = TypeAdapter(Change)
CL, PV, AB, DA = (
    IssueCategory.CHILD_LABOUR,
    IssueCategory.POVERTY,
    IssueCategory.ABSENTEEISM,
    IssueCategory.DISTANCE_ACCESS,
)


def applied(change: dict[str, Any], amendment_id: UUID | None = None) -> AppliedAmendment:
    return AppliedAmendment(
        amendment_id=amendment_id or uuid4(),
        change=CHANGE.validate_python(change),
        reason="Agreed.",
        author="Planner",
        at=AT,
    )


def proposal(*amendments: AppliedAmendment) -> tuple[Plan, Context]:
    """The engine's steered proposal from one crowded consultation, and its context."""
    records = [record(raised_issues=CROWDED)]
    plan = draft_plan(
        MunicipalityCode("prizren"),
        "2026-2027",
        records,
        classifier_rules(),
        catalogue(),
        steering=steering_of(amendments),
    )
    issues = {r.consultation_id: len(r.raised_issues) for r in records}
    return plan, Context(catalogue().bodies, issues, catalogue().wording)


def test_steering_lets_the_later_of_pin_and_drop_win_and_ignores_withdrawn() -> None:
    pin, drop = (
        applied({"kind": "pin_priority", "category": "poverty"}),
        applied({"kind": "drop_priority", "category": "poverty"}),
    )
    assert steering_of([pin, drop]).dropped == {PV}
    assert steering_of([pin, drop]).pinned == frozenset()
    assert steering_of([drop, pin]).pinned == {PV}
    assert steering_of([pin.model_copy(update={"in_force": False})]) == NO_STEERING


def test_steering_turns_issue_corrections_into_overrides() -> None:
    cid = uuid4()
    steering = steering_of(
        [
            applied({"kind": "exclude_issue", "consultation_id": str(cid), "issue_index": 0}),
            applied(
                {
                    "kind": "recategorise_issue",
                    "consultation_id": str(cid),
                    "issue_index": 1,
                    "category": "poverty",
                }
            ),
        ]
    )
    assert steering.overrides == {(cid, 0): None, (cid, 1): PV}


def test_choose_keeps_the_top_not_dropped_adds_pinned_and_applies_moves() -> None:
    ranked = [(CL, 1), (PV, 2), (AB, 3), (DA, 4)]
    pin, drop = (
        applied({"kind": "pin_priority", "category": "distance_access"}),
        applied({"kind": "drop_priority", "category": "child_labour"}),
    )
    move = applied({"kind": "move_priority", "category": "distance_access", "rank": 1})
    top, rest = choose(ranked, steering_of([pin, drop, move]), 2)
    assert [c for c, _ in top] == [DA, PV, AB]
    assert [c for c, _ in rest] == [CL]
    far = applied({"kind": "move_priority", "category": "child_labour", "rank": 20})
    top, _ = choose(ranked, steering_of([far]), 3)
    assert [c for c, _ in top] == [PV, AB, CL]


def test_a_withdrawn_amendment_is_no_longer_in_force() -> None:
    edit = applied({"kind": "edit_narrative", "text": "Tekst."})
    withdraw = applied({"kind": "withdraw", "amendment_id": str(edit.amendment_id)})
    assert [a.in_force for a in in_force([edit, withdraw])] == [False, True]
    assert [a.in_force for a in in_force([edit])] == [True]


def test_withdrawing_a_withdrawal_brings_the_amendment_back() -> None:
    edit = applied({"kind": "edit_narrative", "text": "Tekst."})
    first = applied({"kind": "withdraw", "amendment_id": str(edit.amendment_id)})
    second = applied({"kind": "withdraw", "amendment_id": str(first.amendment_id)})
    assert [a.in_force for a in in_force([edit, first, second])] == [True, False, True]


def test_an_edit_sets_months_as_quarters_targets_and_names_the_fields() -> None:
    plan, ctx = proposal()
    engine = plan.priorities[0].actions[0]
    action = edited(engine, ActionFields.model_validate(EDIT), ctx)
    assert (action.start, action.end, action.cost_eur) == ("Q2", "Q3", 1200.0)
    assert (action.indicator.target_value, action.indicator.target_unit) == (80.0, "%")
    assert action.amended == tuple(sorted(EDIT))
    again = edited(action, ActionFields(responsible="csw", indicator="Familje të takuara"), ctx)
    assert (again.responsible, again.responsible_label.en) == ("csw", "Centre for Social Work")
    assert again.indicator.label.en == "Familje të takuara"
    assert again.indicator.target_value == 80.0
    assert again.amended == tuple(sorted({*EDIT, "responsible", "indicator"}))


def test_dates_are_refused_when_the_end_comes_before_the_start_kept_on_the_action() -> None:
    plan, ctx = proposal()
    action = edited(plan.priorities[0].actions[0], ActionFields(start_month="2027-02"), ctx)
    assert dates_refusal(action, ActionFields(end_month="2027-02")) is None
    refusal = dates_refusal(action, ActionFields(end_month="2027-01"))
    assert (
        refusal == f"end month 2027-01 is before start month 2027-02 of action {action.action_id}"
    )


@pytest.mark.parametrize(("cost", "band"), [(None, "low"), (5000, "low"), (5001, "medium"),
                                            (25000, "medium"), (25001, "high")])  # fmt: skip
def test_a_local_action_is_costed_in_the_catalogues_bands(cost: float | None, band: str) -> None:
    _, ctx = proposal()
    amendment_id = uuid4()
    fields = ActionFields(label="Libra falas", responsible="Shoqata e prindërve", cost_eur=cost)
    action = new_action(amendment_id, fields, ctx)
    assert (
        action.action_id == local_action_id(amendment_id) == (f"LOC-{amendment_id.hex[:6].upper()}")
    )
    assert (action.origin, action.cost_band, action.amended) == ("local", band, ())
    assert action.responsible_label.en == "Shoqata e prindërve"  # not a catalogue body


def test_amendments_apply_in_order_and_targets_missing_now_are_conflicts() -> None:
    edit = applied({"kind": "edit_action", "action_id": "CL-1", "fields": {"cost_eur": 10}})
    remove = applied({"kind": "remove_action", "action_id": "CL-1"})
    late = applied({"kind": "edit_action", "action_id": "CL-1", "fields": {"cost_eur": 20}})
    orphan = applied(
        {"kind": "edit_objective", "category": "discrimination_bullying", "text": "Objektiv."}
    )
    issue = applied({"kind": "exclude_issue", "consultation_id": str(uuid4()), "issue_index": 0})
    plan, ctx = proposal(edit, remove, late, orphan, issue)
    amended = amend(plan, [edit, remove, late, orphan, issue], [], ctx)
    assert "CL-1" not in [a.action_id for p in amended.priorities for a in p.actions]
    assert [c.amendment_id for c in amended.conflicts] == [
        late.amendment_id,
        orphan.amendment_id,
        issue.amendment_id,
    ]
    assert amended.amendments == (edit, remove, late, orphan, issue)
    assert amend(plan, [], [], ctx).priorities == plan.priorities


def test_a_pinned_category_without_evidence_is_a_conflict() -> None:
    pin = applied({"kind": "pin_priority", "category": "discrimination_bullying"})
    plan, ctx = proposal(pin)
    [conflict] = amend(plan, [pin], [], ctx).conflicts
    assert conflict.amendment_id == pin.amendment_id
    assert conflict.explanation.en.startswith("No consultation supports")


def test_a_pin_overruled_by_a_later_drop_is_not_said_to_lack_evidence() -> None:
    pin = applied({"kind": "pin_priority", "category": "poverty"})
    drop = applied({"kind": "drop_priority", "category": "poverty"})
    plan, ctx = proposal(pin, drop)
    amended = amend(plan, [pin, drop], [], ctx)
    assert "poverty" in [f.category.value for f in amended.other_findings]
    assert all("No consultation supports" not in c.explanation.en for c in amended.conflicts)
