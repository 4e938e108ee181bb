"""Plans fit the municipality: schools under the Serbian curriculum get no EWS/EMIS or
MESTI route, every community group gets an action, targets are broken down where the
evidence names girls or a community, risks follow the evidence, and the situation
analysis tells each priority as text with the participants' recommendations."""

from typing import Any

from schemas.plans import Plan, Priority
from services.planning.rules import catalogue
from services.reporting.rendering.markdown import render
from tests.factories import drafted, record

EWS_ROUTES = {"AB-1", "AB-2", "FI-1", "GO-2", "MR-3", "BC-2", "NE-1"}


def _issue(category: str, **kw: Any) -> dict[str, Any]:
    return {"category": category, "description": "Opis problema.", "severity": "high", **kw}


def _plan(municipality: str, *records: Any) -> Plan:
    return drafted(municipality, *records)


def _priority(plan: Plan, category: str) -> Priority:
    return next(p for p in plan.priorities if p.category == category)


def _serbian_school(name: str = "OŠ Kralj Milutin", **kw: Any) -> Any:
    return record(
        municipality="gracanice",
        language="sr",
        school={"name": name, "level": "primary"},
        raised_issues=[_issue("absenteeism", affected_students=12)],
        recommendations=[],
        **kw,
    )


def test_a_serbian_curriculum_school_gets_no_ews_action_and_the_plan_says_why() -> None:
    plan = _plan("gracanice", _serbian_school(), _serbian_school("Gimnazija Gračanica"))
    ids = {a.action_id for p in plan.priorities for a in p.actions}
    assert not ids & EWS_ROUTES
    assert {"AB-1S", "AB-2S"} <= ids
    [visits] = [a for a in _priority(plan, "absenteeism").actions if a.action_id == "AB-1S"]
    assert visits.responsible == "school"
    assert "csw" in visits.partners
    assert visits.tailored_label is not None
    assert "outside EMIS" in visits.tailored_label.en
    assert "van EMIS-a" in (visits.tailored_label.sr or "")
    s = plan.situation
    assert s is not None
    assert s.outside_emis_schools == ("Gimnazija Gračanica", "OŠ Kralj Milutin")
    assert any(
        "2 schools named in the consultations follow the Serbian curriculum" in c.en
        for c in s.context
    )
    assert any(
        "2 škole navedene na konsultacijama rade po nastavnom planu Srbije" in (c.sr or "")
        for c in s.context
    )
    assert any("outside EMIS" in r.risk.en and r.mitigation.en for r in plan.risk_register)
    assert any(m.data_source == "School records" for m in plan.monitoring)
    md = render(plan, "sr-Cyrl")
    assert "AB-1S" in md
    assert "ван ЕМИС-а" in md


def test_a_kosovo_curriculum_school_beside_them_keeps_the_ews_action_marked() -> None:
    albanian = record(
        municipality="gracanice",
        school={"name": "SHFMU Fan Noli", "level": "primary"},
        raised_issues=[_issue("absenteeism")],
    )
    plan = _plan("gracanice", _serbian_school(), albanian)
    actions = {a.action_id: a for a in _priority(plan, "absenteeism").actions}
    assert actions["AB-1"].consultation_ids == (albanian.consultation_id,)
    assert actions["AB-1"].tailored_because == "for schools under the Kosovo curriculum (in EMIS)"
    assert "AB-1S" in actions


def test_bosnian_classes_and_albanian_majority_municipalities_stay_in_emis() -> None:
    bosnian = record(
        municipality="prizren",
        language="bs",
        school={"name": "OŠ Mustafa Bakija", "level": "primary"},
        raised_issues=[_issue("absenteeism")],
    )
    plan = _plan("prizren", bosnian)
    ids = {a.action_id for a in plan.priorities[0].actions}
    assert {"AB-1", "AB-2"} <= ids
    assert "AB-1S" not in ids
    assert plan.situation is not None
    assert plan.situation.outside_emis_schools == ()
    assert not any("Serbian curriculum" in r.risk.en for r in plan.risk_register)


def test_other_minority_gets_an_action_naming_the_communities_there() -> None:
    turkish = record(raised_issues=[_issue("low_achievement", affected_groups=["other_minority"])])
    plan = _plan("prizren", turkish)
    [om] = [a for a in plan.priorities[0].actions if a.action_id == "GR-OM"]
    assert om.consultation_ids == (turkish.consultation_id,)
    assert om.tailored_label is not None
    assert "communities here: Bosniaks and Turks" in om.tailored_label.en
    assert "komunitetet këtu: boshnjakët dhe turqit" in om.tailored_label.sq
    breakdown = om.indicator.breakdown
    assert breakdown is not None
    assert breakdown.en == "Reported by community (Bosniaks and Turks)"
    assert any("Bosnian, Turkish" in r.risk.en for r in plan.risk_register)


def test_targets_are_broken_down_by_gender_and_community_only_where_named() -> None:
    girls = record(raised_issues=[_issue("low_achievement", affected_groups=["girls", "rae"])])
    plain = record(raised_issues=[_issue("career_guidance")])
    plan = _plan("prizren", girls, plain)
    [la] = [a for a in _priority(plan, "low_achievement").actions if a.action_id == "LA-1"]
    assert la.indicator.breakdown is not None
    assert la.indicator.breakdown.en == (
        "Reported by gender (girls, boys) and by community (Roma, Ashkali and Egyptians)"
    )
    assert la.indicator.breakdown.sr == (
        "Iskazuje se po polu (devojčice, dečaci) i po zajednici (Romi, Aškalije i Egipćani)"
    )
    assert all(a.indicator.breakdown is None for a in _priority(plan, "career_guidance").actions)
    assert "by gender (girls, boys)" in render(plan, "en")


def _finding(n_consultations: int, serious: int) -> Any:
    records = [
        record(
            school={"name": f"SHFMU Shkolla {i}", "level": "primary"},
            raised_issues=[
                {
                    "category": "poverty",
                    "description": "Nuk kanë libra.",
                    "severity": "high" if i < serious else "medium",
                    "affected_students": 1 if n_consultations == 1 else 3,
                }
            ],
            recommendations=["Libra falas për fëmijët nga familjet në varfëri."] if i == 0 else [],
        )
        for i in range(n_consultations)
    ]
    plan = _plan("prizren", *records)
    assert plan.situation is not None
    return plan.situation.main_findings[0]


def test_narratives_agree_in_number_in_albanian_and_serbian() -> None:
    one = _finding(1, 1)
    assert one.raised.sq == "U ngrit nga mësimdhënësit në 1 konsultim në 1 shkollë"
    assert one.raised.sr == "Pitanje je pokrenula grupa: nastavnici, na 1 konsultaciji u 1 školi"
    assert one.sentences[0].sq == "1 nga 1 raportim u vlerësua me rëndësi të lartë ose kritike."
    assert one.sentences[0].sr == "1 od 1 prijave ocenjena je kao visoka ili kritična."
    assert one.sentences[1].sq == "Raportohet 1 nxënës i prekur."
    assert one.sentences[1].sr == "Prijavljen je 1 pogođeni učenik."
    three = _finding(3, 2)
    assert three.raised.sq == "U ngrit nga mësimdhënësit në 3 konsultime në 3 shkolla"
    assert three.raised.sr == "Pitanje je pokrenula grupa: nastavnici, na 3 konsultacije u 3 škole"
    assert three.sentences[0].sq == "2 nga 3 raportime u vlerësuan me rëndësi të lartë ose kritike."
    assert three.sentences[0].sr == "2 od 3 prijave ocenjene su kao visoke ili kritične."
    assert three.sentences[1].sr == "Prijavljeno je 9 pogođenih učenika."
    five = _finding(5, 5)
    assert five.raised.sr == "Pitanje je pokrenula grupa: nastavnici, na 5 konsultacija u 5 škola"
    assert five.sentences[0].sr == "5 od 5 prijava ocenjeno je kao visoko ili kritično."
    assert five.sentences[1].sr == "Prijavljeno je 15 pogođenih učenika."
    # What participants recommended about it, as written.
    assert one.recommendations == ("Libra falas për fëmijët nga familjet në varfëri.",)


def test_the_situation_analysis_shows_findings_and_recommendations_in_every_language() -> None:
    r = record(recommendations=["Bashkëpunim me Qendrën për Punë Sociale"])
    plan = _plan("prizren", r)
    for lang, heading in (
        ("sq", "Rekomandimet e pjesëmarrësve"),
        ("sr-Cyrl", "Препоруке учесника"),
    ):
        md = render(plan, lang)
        assert heading in md
        assert "“Bashkëpunim me Qendrën për Punë Sociale”" in md
    assert "Main findings" in render(plan, "en")
    assert "Raised by teachers in 1 consultation across 1 school (SHFMU Lidhja e Prizrenit)" in (
        render(plan, "en")
    )


def test_matched_terms_are_the_words_as_written() -> None:
    r = record(
        raised_issues=[
            {"description": "Mungesat e nxënësve rriten çdo javë.", "severity": "medium"}
        ]
    )
    plan = _plan("prizren", r)
    evidence = _priority(plan, "absenteeism").evidence
    assert evidence is not None
    assert evidence.matched_words == ("Mungesat",)
    assert evidence.matched_terms == ("munges",)
    assert plan.classification[0].categories[0].words == ("Mungesat",)
    assert "Mungesat" in render(plan, "sq")
    assert "munges," not in render(plan, "sq")


def test_the_catalogue_corrections_of_issue_13_hold() -> None:
    c = catalogue()
    actions = [a for p in c.playbooks.values() for a in p.actions]
    actions += [a.outside_emis for a in actions if a.outside_emis]
    actions += [g.template for g in c.groups.values()]
    for a in actions:
        if "labour_inspectorate" in (a.responsible, *a.partners):
            assert "visit" not in a.label.en.lower(), a.action_id
        if "mediator" in a.label.en.lower():
            assert a.responsible == "mocr", a.action_id
        assert "flexible timetable" not in a.label.en.lower(), a.action_id
        # Second review: "the municipality" is no accountable unit; it may only be a partner.
        assert a.responsible != "municipality", a.action_id
    assert any("civil registry" in a.label.en and "EMIS" in a.label.en for a in actions)
    assert c.bodies["school"].sq == "Drejtoria e shkollës"
    by_id = {a.action_id: a for a in actions}
    assert by_id["DA-1"].responsible == "med"  # the MED holds the transport contracts
    # The births stay with the civil registry and the MED; the school gets counts only.
    assert by_id["NE-1S"].responsible == "med"
    assert all(r.mitigation.en for r in c.risks)
