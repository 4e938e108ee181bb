"""Who answers for results and risks (issue 13, third MED review): the MED owns every
municipal rate, the MED leads the learning centres with NGOs implementing, and a risk is
owned by the body that carries out its mitigation."""

from typing import Any

import pytest

from schemas.plans import Plan
from services.reporting.rendering.markdown import render
from tests.factories import drafted, rae_gap_statistics, record

pytestmark = pytest.mark.unit


def _issue(category: str, description: str) -> dict[str, Any]:
    return {"category": category, "description": description, "severity": "high"}


def _plan(municipality: str, *records: Any) -> Plan:
    return drafted(municipality, *records, statistics=[rae_gap_statistics(municipality, 9)])


def _gracanice() -> Plan:
    return _plan(
        "gracanice",
        record(
            municipality="gracanice",
            language="sr",
            school={"name": "Srednja tehnička škola Gračanica", "level": "upper_secondary"},
            raised_issues=[
                _issue("gender_early_marriage", "Devojčice napuštaju školu zbog ranih brakova."),
                _issue("psychosocial_support", "Škola nema psihologa ni pedagoga."),
            ],
            recommendations=[],
        ),
        record(
            municipality="gracanice",
            school={"name": "SHFMU Fan Noli", "level": "lower_secondary"},
            raised_issues=[
                {**_issue("child_labour", "Fëmijët punojnë në treg."), "affected_groups": ["rae"]}
            ],
            recommendations=[],
        ),
    )


def test_every_municipal_result_is_owned_by_the_med_with_the_serbian_schools_noted() -> None:
    plan = _gracanice()
    outcomes = [p.outcome for p in plan.priorities if p.outcome is not None]
    assert len(outcomes) >= 2  # the RAE rate and the dropout rate
    leads = {a.responsible for p in plan.priorities for a in p.actions}
    assert leads - {"med"}  # schools, teams or partners lead actions, yet own no result
    for o in outcomes:
        assert o.owner == "med", o.label.en
        assert o.owner_label is not None
        assert o.owner_label.sq == "Drejtoria Komunale e Arsimit"
        assert o.owner_note is not None
        assert o.owner_note.sq == "(shifrat e shkollave me kurrikulën e Serbisë përmes ZKKK-së)"
        assert all(getattr(o.owner_note, lang) for lang in ("en", "sr", "tr", "bs"))
    md = render(plan, "sq")
    assert "Drejtoria Komunale e Arsimit (shifrat e shkollave me kurrikulën" in md
    assert "OJQ-të partnere |" not in md.split("## ")[0]  # no NGO owns a result row


def test_a_municipality_without_serbian_curriculum_schools_gets_no_mocr_note() -> None:
    plan = _plan("prizren", record(municipality="prizren"))
    outcomes = [p.outcome for p in plan.priorities if p.outcome is not None]
    assert outcomes
    assert all(o.owner == "med" and o.owner_note is None for o in outcomes)


def test_learning_centres_are_led_by_the_med_with_ngos_implementing_and_reporting() -> None:
    plan = _gracanice()
    ra1 = next(a for p in plan.priorities for a in p.actions if a.action_id == "RA-1")
    assert ra1.responsible == "med"
    assert "ngo" in ra1.partners
    assert all(a.responsible != "ngo" for p in plan.priorities for a in p.actions)
    # The NGO still sends its attendance report on what it implements.
    assert "ngo" in {m.owner for m in plan.monitoring}


def test_each_risk_is_owned_by_the_body_that_carries_out_its_mitigation() -> None:
    plan = _gracanice()
    owners = {r.risk.en: r for r in plan.risk_register}
    mediators = next(r for t, r in owners.items() if "mediator" in t)
    assert mediators.owner == "mocr"
    assert mediators.owner_label is not None
    assert mediators.owner_label.sq == "Zyra Komunale për Komunitete dhe Kthim"
    income = next(r for t, r in owners.items() if "depend on" in t and "children" in t)
    assert income.owner == "csw"
    assert income.owner_label is not None
    assert income.owner_label.sr == "Centar za socijalni rad"
    outside = next(r for t, r in owners.items() if "outside EMIS" in t)
    assert outside.owner == "mocr"
    for r in plan.risk_register:  # the mitigation names its owner, in every language
        assert r.owner_label is not None
        assert r.owner in {"med", "mocr", "csw"}, r.risk.en
