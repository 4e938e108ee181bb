"""Actions fit the evidence and the school system (issue 13, second MED review): a school
under the Serbian curriculum gets no MED-led or EMIS-measured action and no Kosovo grade
band; child labour, poverty and the move to grade 6 get the action their words ask for."""

from typing import Any

from schemas.plans import Plan, PlannedAction
from services.reporting.rendering.markdown import render
from tests.factories import drafted, record


def _plan(municipality: str, *records: Any) -> Plan:
    return drafted(municipality, *records)


def _actions(plan: Plan) -> dict[str, PlannedAction]:
    return {a.action_id: a for p in plan.priorities for a in p.actions}


def _issue(category: str, description: str = "Opis problema.", **kw: Any) -> dict[str, Any]:
    return {"category": category, "description": description, "severity": "high", **kw}


def _secondary(*issues: dict[str, Any]) -> Any:
    return record(
        municipality="gracanice",
        language="sr",
        school={"name": "Srednja tehnička škola Gračanica", "level": "upper_secondary"},
        raised_issues=list(issues),
        recommendations=[],
    )


def test_a_serbian_curriculum_secondary_school_gets_school_led_actions_for_its_grades() -> None:
    plan = _plan(
        "gracanice",
        _secondary(
            _issue("psychosocial_support", "Škola nema psihologa ni pedagoga."),
            _issue("gender_early_marriage", "Devojčice napuštaju školu zbog ranih brakova."),
            _issue("career_guidance", "Nemamo karijerno savetovanje pre upisa."),
        ),
    )
    actions = _actions(plan)
    # Not the MED's psychologist for "all schools", not EMIS, not grades 8-9.
    assert not {"PS-1", "GM-3", "CG-1", "CG-1S"} & set(actions)
    for alt in ("PS-1S", "GM-3S", "CG-3S"):
        assert actions[alt].responsible == "school", alt
        assert actions[alt].indicator.baseline_source == "School records", alt
    # The school is the action's scope (fourth reading), never its target.
    for alt in ("GM-3S", "CG-3S"):
        assert "school: Srednja tehnička škola Gračanica" in (actions[alt].tailored_because or "")
        assert "Srednja tehnička škola Gračanica" not in actions[alt].indicator.target, alt
    # The school is what the share counts (N), not the target itself.
    assert actions["PS-1S"].indicator.target.startswith("100% of the schools sharing the post")
    assert {"health", "csw"} <= set(actions["PS-1S"].partners)
    assert "csw" in actions["GM-3S"].partners
    assert "final-year students" in actions["CG-3S"].label.en
    why = actions["GM-3S"].tailored_label  # the Serbian curriculum's grades, not Kosovo's
    assert why is not None
    assert "secondary school level (grades 1-4 of the Serbian curriculum)" in why.en
    assert "10-12" not in why.en
    assert "navedeno na nivou srednje škole (razredi 1-4)" in (why.sr or "")
    for a in actions.values():
        assert "All schools" not in a.indicator.target, a.action_id
        assert "8-9" not in a.label.en, a.action_id
        assert "11-12" not in a.indicator.label.en, a.action_id
    md = render(plan, "sr-Cyrl")
    assert "PS-1S" in md
    assert "8. и 9. разред" not in md


def test_a_kosovo_lower_secondary_school_keeps_grades_8_9_and_the_med_psychologist() -> None:
    kosovo = record(
        municipality="gracanice",
        school={"name": "SHFMU Fan Noli", "level": "lower_secondary"},
        raised_issues=[
            _issue("career_guidance", "Nuk ka orientim në karrierë."),
            _issue("psychosocial_support", "Shkolla nuk ka psikolog."),
        ],
    )
    actions = _actions(_plan("gracanice", kosovo))
    assert "grades 8-9" in actions["CG-1"].label.en
    assert actions["PS-1"].responsible == "med"
    # The schools named, not all: they are what the target's share counts.
    assert actions["PS-1"].indicator.target == (
        "100% of the schools sharing the post "
        "(one school named in the consultations: SHFMU Fan Noli)"
    )
    assert not {"CG-1S", "PS-1S", "CG-3"} & set(actions)


def test_a_serbian_curriculum_primary_school_is_counselled_in_its_own_grades() -> None:
    primary = record(
        municipality="gracanice",
        language="sr",
        school={"name": "OŠ Kralj Milutin", "level": "lower_secondary"},
        raised_issues=[_issue("career_guidance", "Nema profesionalne orijentacije.")],
    )
    actions = _actions(_plan("gracanice", primary))
    assert "CG-1" not in actions
    assert "7. i 8. razreda osnovne škole" in (actions["CG-1S"].label.sr or "")
    cg1 = actions["CG-1S"]
    assert cg1.indicator.target.startswith("95% (the number is counted by ")
    assert "school: OŠ Kralj Milutin" in (cg1.tailored_because or "")


def _labour(description: str) -> Any:
    return record(raised_issues=[_issue("child_labour", description, affected_students=12)])


def test_scrap_collecting_gets_street_outreach_with_a_safeguarding_risk_and_no_season() -> None:
    plan = _plan("obiliq", _labour("Disa nxënës punojnë në mbledhjen e metaleve me familjet."))
    actions = _actions(plan)
    assert "CL-2" not in actions
    outreach = actions["CL-5"]
    assert outreach.responsible == "csw"
    assert "ngo" in outreach.partners
    assert outreach.tailored_label is not None
    assert "scrap" in outreach.tailored_label.en
    risks = list(plan.risk_register)
    assert not any("season" in r.risk.en or "season" in r.mitigation.en for r in risks)
    assert not any("sezon" in (r.risk.sq or "") for r in risks)
    [guard] = [r for r in risks if "never done alone" in r.mitigation.en]
    assert "Centre for Social Work present" in guard.mitigation.en
    assert guard.owner == "csw"
    assert "nuk bëhen kurrë nga një person i vetëm" in (guard.mitigation.sq or "")


def test_harvest_work_keeps_the_seasonal_action_and_its_seasonal_risk() -> None:
    plan = _plan("obiliq", _labour("Fëmijët punojnë në ara gjatë sezonit të korrjeve."))
    actions = _actions(plan)
    assert "CL-2" in actions
    assert "CL-5" not in actions
    assert any("harvest" in r.risk.en for r in plan.risk_register)
    assert not any("never done alone" in r.mitigation.en for r in plan.risk_register)
    autumn = _plan("obiliq", _labour("Fëmijët punojnë në arë gjatë vjeshtës."))
    assert "CL-2" in _actions(autumn)
    english = _plan("obiliq", _labour("Some children are working instead of attending."))
    assert "CL-2" not in _actions(english)  # "are" is no field


def _poverty(description: str, date: str = "2026-10-20", **kw: Any) -> Any:
    issue = _issue("poverty", description, affected_groups=["low_income"], **kw)
    return record(consultation_date=date, raised_issues=[issue])


def test_money_for_transport_gets_transport_and_no_unrequested_meals() -> None:
    plan = _plan("obiliq", _poverty("Nuk kemi para për transport dhe libra.", affected_students=9))
    actions = _actions(plan)
    assert "PV-3" not in actions
    transport = actions["PV-4"]
    assert transport.responsible == "med"
    assert "transport contract" in transport.label.en
    assert transport.indicator.baseline_source == "MED transport lists"
    assert transport.cost_eur == 9 * 40 * 7  # the pupils of its own evidence, charged Dec-Jun


def test_hunger_gets_free_meals() -> None:
    plan = _plan("obiliq", _poverty("Disa fëmijë vijnë në shkollë pa ngrënë dhe të uritur."))
    assert "PV-3" in _actions(plan)
    assert "PV-4" not in _actions(plan)


def test_winter_clothing_asked_for_in_october_comes_at_once_not_next_summer() -> None:
    plan = _plan("obiliq", _poverty("Fëmijët nuk kanë libra dhe veshje dimërore.", "2026-10-01"))
    clothing = _actions(plan)["PV-5"]
    assert clothing.start_month == "2026-11"  # the month after the evidence
    assert clothing.end_month <= "2027-01"
    assert "clothing" not in _actions(plan)["PV-1"].label.en
    early = _plan("obiliq", _poverty("Nuk kanë këpucë dimri.", "2026-06-15"))
    assert (_actions(early)["PV-5"].start_month, _actions(early)["PV-5"].end_month) == (
        "2026-09",
        "2026-11",
    )


def _leavers(groups: list[str]) -> Any:
    issue = _issue(
        "fading_interest",
        "Fëmijët braktisin shkollën pas klasës së pestë.",
        affected_groups=groups,
    )
    return record(
        municipality="obiliq", school=None, stakeholder_group="med", raised_issues=[issue]
    )


def test_leaving_after_grade_5_gets_a_transition_action_with_mediators_for_rae() -> None:
    actions = _actions(_plan("obiliq", _leavers(["rae"])))
    transition = actions["TR-1"]
    assert transition.responsible == "mocr"
    assert "grade-5 list against grade-6 enrolment" in transition.label.en
    assert "transition day in June" in transition.label.en
    assert "mediators" in transition.label.en
    assert "TR-2" not in actions
    other = _actions(_plan("obiliq", _leavers([])))
    assert other["TR-2"].responsible == "school_team"
    assert "TR-1" not in other
    serbian = record(
        municipality="gracanice",
        language="sr",
        raised_issues=[_issue("fading_interest", "Deca napuštaju školu posle petog razreda.")],
    )
    assert "TR-2" in _actions(_plan("gracanice", serbian))
    plain = record(raised_issues=[_issue("fading_interest", "Mësimi është i mërzitshëm.")])
    assert not {"TR-1", "TR-2"} & set(_actions(_plan("obiliq", plain)))
    # Grade 5 named, but nobody leaves between grades: no transition action.
    reading = "Nxënësit e klasës së pestë nuk dinë të lexojnë."
    plain = record(raised_issues=[_issue("fading_interest", reading, affected_groups=["rae"])])
    assert not {"TR-1", "TR-2"} & set(_actions(_plan("obiliq", plain)))


def test_school_scoped_targets_name_the_schools_of_their_evidence() -> None:
    def absences(name: str | None) -> Any:
        school = {"name": name, "level": "primary"} if name else None
        return record(
            municipality="gracanice",
            language="sr",
            school=school,
            stakeholder_group="teacher" if name else "med",
            raised_issues=[_issue("absenteeism", "Učenici često izostaju.")],
        )

    plan = _plan("gracanice", absences("OŠ Kralj Milutin"), absences("Gimnazija Gračanica"))
    shared = _actions(plan)["AB-2S"]
    # A share of the schools named (fourth reading: a target is a number, the schools
    # are its N and the action's scope).
    assert shared.indicator.target == (
        "100% (N = 2: schools named in the consultations, Gimnazija Gračanica, OŠ Kralj Milutin)"
    )
    assert "schools: Gimnazija Gračanica, OŠ Kralj Milutin" in (shared.tailored_because or "")
    assert shared.tailored_label is not None
    assert "shkollat: Gimnazija Gračanica, OŠ Kralj Milutin" in shared.tailored_label.sq
    # The MED speaks for no one school: who counts them and by when, not "all schools".
    med = _actions(_plan("gracanice", absences(None)))["AB-2S"]
    assert med.indicator.target.startswith("100% (the number is counted by ")
    assert "school:" not in (med.tailored_because or "")


def test_one_street_outreach_answers_working_and_street_children() -> None:
    metal = _labour("Disa nxënës punojnë në mbledhjen e metaleve me familjet.")
    street = record(
        raised_issues=[_issue("street_situation", "Shokët nuk vijnë më.", affected_students=2)]
    )
    actions = _actions(_plan("obiliq", metal, street))
    assert "CL-5" in actions  # child labour ranks first, with more pupils
    assert "SS-1" not in actions  # the same outreach, not planned (and paid) twice
    assert "SS-2" in actions


def test_a_serbian_curriculum_school_runs_family_sessions_and_referrals_with_the_csw() -> None:
    # Third MED review (D.5): no MESTI prevention team exists there to lead GM-1 or PS-2.
    actions = _actions(
        _plan(
            "gracanice",
            _secondary(
                _issue("psychosocial_support", "Škola nema psihologa ni pedagoga."),
                _issue("gender_early_marriage", "Devojčice napuštaju školu zbog ranih brakova."),
            ),
        )
    )
    assert not {"GM-1", "PS-2"} & set(actions)
    for alt, partners in (("GM-1S", {"csw"}), ("PS-2S", {"health", "csw"})):
        a = actions[alt]
        assert a.responsible == "school", alt
        assert partners <= set(a.partners), alt
        assert "school: Srednja tehnička škola Gračanica" in (a.tailored_because or ""), alt
        assert "Srednja tehnička škola Gračanica" not in a.indicator.target, alt
        assert all(getattr(a.label, lang) for lang in ("sq", "sr", "tr", "bs")), alt
    assert actions["GM-1S"].indicator.baseline_source == "School records"
    assert actions["PS-2S"].indicator.baseline_value == 0.0  # the path it creates
    assert actions["GM-1S"].cost_eur == 600.0  # costed like GM-1: 4 sessions at its school
    assert actions["PS-2S"].funding_source == "None required"  # PS-2's, inherited
    # A Kosovo-curriculum school keeps the prevention team's GM-1 and PS-2.
    kosovo = _actions(
        _plan(
            "gracanice",
            record(
                municipality="gracanice",
                school={"name": "SHFMU Fan Noli", "level": "lower_secondary"},
                raised_issues=[
                    _issue("psychosocial_support", "Shkolla nuk ka psikolog."),
                    _issue("gender_early_marriage", "Vajzat martohen herët."),
                ],
                recommendations=[],
            ),
        )
    )
    assert kosovo["GM-1"].responsible == kosovo["PS-2"].responsible == "school_team"
    assert not {"GM-1S", "PS-2S"} & set(kosovo)
