"""Costs follow the targets and action baselines are values where nothing exists yet
(the third reading of the golden plans): RA-1 costs the places its target counts,
RA-2 a mediator in each school named with RAE pupils, a shared psychologist is charged
as the school's share; what an action sets up starts from 0, and a target's N counts
the action's own evidence."""

from typing import Any

from schemas.plans import Plan, PlannedAction
from tests.factories import drafted, rae_gap_statistics, record


def _issue(category: str, **kw: Any) -> dict[str, Any]:
    return {"category": category, "description": "Problem described.", "severity": "high", **kw}


_plan = drafted


def _action(plan: Plan, action_id: str) -> PlannedAction:
    return next(a for p in plan.priorities for a in p.actions if a.action_id == action_id)


def _rae_school(name: str, pupils: int) -> Any:
    return record(
        municipality="podujeve",
        school={"name": name, "level": "primary"},
        raised_issues=[_issue("rae_inclusion", affected_groups=["rae"], affected_students=pupils)],
    )


def test_ra_1_costs_the_places_its_target_counts_and_ra_2_a_mediator_per_school() -> None:
    stats = rae_gap_statistics("podujeve", rae_dropouts=16, rae_enrolled=145)
    plan = _plan(
        "podujeve",
        _rae_school("SHFMU Hasan Prishtina", 12),
        _rae_school("SHFMU Fan Noli", 9),
        statistics=[stats],
    )
    centre = _action(plan, "RA-1")
    assert centre.indicator.target_label is not None
    assert "N = 145" in centre.indicator.target_label.en
    # 70% of 145 is 101.5: the places that reach the target are 102, at EUR 95 each a
    # school year, charged for the 7 months from December (9.50 a month): November, the
    # month after the evidence, is left for adopting the plan.
    assert centre.cost_eur == 102 * 9.5 * 7
    assert centre.cost_basis is not None
    assert "102 places, what the target counts: 70% of the 145" in centre.cost_basis.en
    mediators = _action(plan, "RA-2")
    assert mediators.cost_eur == 2 * 480 * 7
    assert mediators.indicator.target_label is not None
    assert "N = 2" in mediators.indicator.target_label.en
    assert "SHFMU Fan Noli, SHFMU Hasan Prishtina" in mediators.indicator.target_label.en
    assert "numri përcaktohet" not in (mediators.indicator.target_label.sq or "")


def test_without_statistics_ra_1_still_costs_the_pupils_reported() -> None:
    plan = _plan("podujeve", _rae_school("SHFMU Fan Noli", 9))
    # 9 × EUR 9.50 × 7 months (charged December to June) = 598.50, in whole euros 599.
    assert _action(plan, "RA-1").cost_eur == 599


def test_a_shared_psychologist_is_charged_as_the_school_s_share_not_to_its_budget() -> None:
    serbian = record(
        municipality="gracanice",
        language="sr",
        school={"name": "Srednja tehnička škola Gračanica", "level": "upper_secondary"},
        raised_issues=[_issue("psychosocial_support", affected_students=10)],
    )
    psychologist = _action(_plan("gracanice", serbian), "PS-1S")
    assert psychologist.cost_eur == 7200 / 4 * 7 / 10  # its quarter, charged Dec to June
    assert psychologist.cost_basis is not None
    assert psychologist.cost_basis.en.startswith("Estimate: 0.25 × ")
    assert "0,25 × " in (psychologist.cost_basis.sq or "")
    assert "School budget" not in psychologist.funding_source
    assert psychologist.funding_label is not None
    assert psychologist.funding_label.sq == "Buxheti i ZKKK-së dhe donatorët, për t'u dakorduar"
    target = psychologist.indicator.target_label
    assert target is not None
    # The school is what the share counts, never the target itself ("one school" since the
    # eighth reading, "N = 1" before).
    assert target.en.startswith("100% of the schools sharing the post (one school named")


def test_what_an_action_sets_up_starts_from_zero_and_lists_still_to_count_keep_a_date() -> None:
    plan = _plan(
        "podujeve",
        record(
            municipality="podujeve",
            school={"name": "SHFMU Fan Noli", "level": "primary"},
            raised_issues=[_issue("absenteeism", affected_students=20)],
        ),
    )
    reviews = _action(plan, "AB-2").indicator
    assert reviews.baseline_value == 0
    assert reviews.baseline_date is not None
    assert reviews.baseline_date.day == 1  # the month the action starts
    # EWS home visits exist already; they are counted, not assumed to be none.
    visits = _action(plan, "AB-1").indicator
    assert visits.baseline_value is None
    assert visits.baseline_label is not None
    assert visits.baseline_label.en.startswith("To be counted by")


def test_a_kosovo_curriculum_action_is_sized_on_its_own_pupils_not_the_serbian_school_s() -> None:
    kosovo = record(
        municipality="gracanice",
        stakeholder_group="med",
        school=None,
        language="sq",
        raised_issues=[_issue("career_guidance", affected_students=30)],
    )
    serbian = record(
        municipality="gracanice",
        language="sr",
        stakeholder_group="student",
        school={"name": "Srednja tehnička škola Gračanica", "level": "upper_secondary"},
        raised_issues=[_issue("career_guidance", affected_students=60)],
    )
    plan = _plan("gracanice", kosovo, serbian)
    counselling = _action(plan, "CG-1")
    assert counselling.indicator.target_label is not None
    assert "N = 30" in counselling.indicator.target_label.en
    assert "N = 90" not in counselling.indicator.target_label.en


def test_the_budget_line_the_plan_proposes_does_not_exist_before_it() -> None:
    plan = _plan(
        "podujeve",
        record(
            municipality="podujeve",
            stakeholder_group="med",
            school=None,
            raised_issues=[_issue("budget_capacity")],
        ),
    )
    line = _action(plan, "BC-1").indicator
    assert line.baseline_value == 0
    assert line.baseline_date is not None
    assert line.baseline_label is not None
    assert not line.baseline_label.en.startswith("To be counted")
