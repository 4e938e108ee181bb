"""Serbian-curriculum schools that no consultation spoke for (Obiliq's Serbian villages)
are still in the plan: the non-enrolment check has their variant (NE-1S), the coverage
gaps say they were not consulted, and their monitoring route and risk stand; where
TR-1's grade-6 check relies on EMIS, a Serbian-curriculum school gets TR-1S."""

from typing import Any

from schemas.plans import Plan
from schemas.vocabulary import MunicipalityCode
from services.planning.domain.plan import draft_plan
from services.planning.rules import catalogue, classifier_rules
from tests.factories import drafted, rae_gap_statistics, record


def _plan(municipality: str, *records: Any) -> Plan:
    return drafted(municipality, *records)


def _albanian_school(municipality: str) -> Any:
    return record(
        municipality=municipality,
        school={"name": "SHFMU Hasan Prishtina", "level": "lower_secondary"},
        raised_issues=[
            {
                "category": "poverty",
                "description": "Families cannot pay for school supplies.",
                "severity": "high",
                "affected_students": 18,
            }
        ],
    )


def _ids(plan: Plan) -> list[str]:
    return [a.action_id for p in plan.priorities for a in p.actions]


def test_serbian_village_schools_get_the_school_led_non_enrolment_check() -> None:
    plan = _plan("obiliq", _albanian_school("obiliq"))
    actions = {a.action_id: a for p in plan.priorities for a in p.actions}
    assert {"NE-1", "NE-1S"} <= set(actions)
    check = actions["NE-1S"]
    # The registry's births stay with the civil registry and the MED (fourth reading):
    # the MED leads, the school gives and gets counts only.
    assert check.responsible == "med"
    assert "school" in check.partners
    assert check.indicator.baseline_source == "MED records"
    assert check.tailored_label is not None
    assert "outside EMIS" in check.tailored_label.en
    assert actions["NE-1"].tailored_because == "for schools under the Kosovo curriculum (in EMIS)"
    s = plan.situation
    assert s is not None
    assert any(
        g.en.startswith("No consultation was held with the schools under the Serbian curriculum")
        for g in s.coverage_gaps
    )
    assert any("Serbisë" in (g.sq or "") and "ZKKK" in (g.sq or "") for g in s.coverage_gaps)
    route = [m for m in plan.monitoring if m.owner == "school"]
    assert route
    assert route[0].data_source == "School records"
    assert any("outside EMIS" in r.risk.en for r in plan.risk_register)


def test_a_municipality_without_serbian_curriculum_schools_gets_none_of_it() -> None:
    plan = _plan("podujeve", _albanian_school("podujeve"))
    assert "NE-1" in _ids(plan)
    assert "NE-1S" not in _ids(plan)
    s = plan.situation
    assert s is not None
    assert not any("Serbian curriculum" in g.en for g in s.coverage_gaps)
    assert not [m for m in plan.monitoring if m.owner == "school"]


def test_a_serbian_curriculum_school_s_grade_5_loss_gets_tr_1s_not_the_emis_check() -> None:
    serbian = record(
        municipality="gracanice",
        language="sr",
        school={"name": "OŠ Kralj Milutin", "level": "primary"},
        raised_issues=[
            {
                "category": "rae_inclusion",
                "description": "Romska deca napuštaju školu posle petog razreda.",
                "severity": "high",
                "affected_groups": ["rae"],
                "affected_students": 7,
            }
        ],
    )
    plan = _plan("gracanice", serbian)
    actions = {a.action_id: a for p in plan.priorities for a in p.actions}
    assert "TR-1" not in actions
    transition = actions["TR-1S"]
    assert transition.responsible == "school"
    assert "mocr" in transition.partners
    assert transition.indicator.baseline_source == "School records"
    assert "own records" in transition.label.en
    assert transition.indicator.baseline_value == 0  # no visits before the action


def test_the_villages_check_is_not_measured_on_emis_children_it_does_not_hold() -> None:
    stats = rae_gap_statistics("obiliq", rae_dropouts=8).model_copy(update={"source": "EMIS"})
    stats = stats.model_copy(
        update={"rows": tuple(r.model_copy(update={"not_enrolled": 5}) for r in stats.rows)}
    )
    plan = draft_plan(
        MunicipalityCode("obiliq"),
        "2026-2027",
        [_albanian_school("obiliq")],
        classifier_rules(),
        catalogue(),
        statistics=[stats],
    )
    actions = {a.action_id: a for p in plan.priorities for a in p.actions}
    assert "the statistics count 10 children not enrolled" in actions["NE-1"].indicator.target
    assert "the number is counted by" in actions["NE-1S"].indicator.target
