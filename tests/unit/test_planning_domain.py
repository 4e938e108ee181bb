"""The planning engine as pure functions: evidence, scores, actions, situation."""

from datetime import date
from uuid import UUID

from schemas.vocabulary import MunicipalityCode
from services.planning.domain.cycle import school_year
from services.planning.domain.plan import content_hash, draft_plan
from services.planning.rules import catalogue, classifier_rules
from tests.factories import record

PRIZREN = MunicipalityCode("prizren")


def issue(category: str | None, text: str = "Përshkrim i çështjes.", **kw: object) -> dict:
    return {"category": category, "description": text, "severity": "medium", **kw}


def plan_of(records: list) -> object:
    return draft_plan(PRIZREN, "2026-2027", records, classifier_rules(), catalogue())


def test_school_year_starts_in_september() -> None:
    assert school_year(date(2026, 9, 1)) == "2026-2027"
    assert school_year(date(2026, 8, 31)) == "2025-2026"
    assert school_year(date(2027, 6, 15)) == "2026-2027"


def test_explicit_category_wins_over_the_rules() -> None:
    r = record(raised_issues=[issue("poverty", "Ka fëmijë që lypin në rrugë.")])
    plan = plan_of([r])
    assert [p.category for p in plan.priorities] == ["poverty"]
    assert plan.priorities[0].evidence.explicit_count == 1
    assert plan.priorities[0].evidence.matched_terms == ()


def test_free_text_is_classified_with_its_evidence_terms() -> None:
    r = record(raised_issues=[issue(None, "Ka fëmijë që lypin në rrugë.")])
    [priority] = plan_of([r]).priorities
    assert priority.category == "street_situation"
    assert priority.evidence.matched_terms == ("lyp", "ne rruge")


def test_unmatched_text_is_kept_as_unclassified() -> None:
    r = record(raised_issues=[issue(None, "Takimi u mbajt në bibliotekë.")])
    plan = plan_of([r])
    assert plan.priorities == ()
    assert plan.unclassified.issue_count == 1
    assert plan.unclassified.consultation_ids == (r.consultation_id,)


def test_score_weighs_breadth_severity_students_and_vulnerable_groups() -> None:
    broad = [
        record(
            stakeholder_group=g,
            school={"name": f"S{i}", "level": "lower_secondary"},
            raised_issues=[
                issue(
                    "child_labour",
                    severity="critical",
                    affected_students=20,
                    affected_groups=["rae", "low_income"],
                )
            ],
        )
        for i, g in enumerate(["teacher", "student", "parent", "med"])
    ]
    narrow = [record(raised_issues=[issue("career_guidance", severity="low")])]
    plan = plan_of(broad + narrow)
    first, second = plan.priorities
    assert first.category == "child_labour"
    # share .8*.25 + groups 1*.2 + schools 1*.1 + severity 1*.2 + students 1*.15 + vuln 1*.1
    assert first.score == 95.0
    # share .2*.25 + groups .25*.2 + schools 1/3*.1 + severity .25*.2
    assert second.score == 18.3
    assert first.rationale.en.startswith(
        "Raised in 4 consultations by 4 stakeholder groups (the MED, teachers, students, parents)"
        " across 4 schools; 80 students reported affected; 4 of 4 reports rated high or critical"
    )
    assert "romë, ashkali dhe egjiptianë" in first.rationale.sq


def test_tailored_actions_follow_the_evidence_and_cite_it() -> None:
    plain = record(raised_issues=[issue("poverty")])
    hungry = record(
        raised_issues=[
            issue("poverty", "Fëmijët vijnë të uritur, pa ushqim.", affected_groups=["low_income"])
        ]
    )
    [priority] = plan_of([plain, hungry]).priorities
    actions = {a.action_id: a for a in priority.actions}
    assert set(actions) == {"PV-1", "PV-2", "PV-3", "NE-1"}  # NE-1: non-enrolment check
    assert set(actions["PV-1"].consultation_ids) == {plain.consultation_id, hungry.consultation_id}
    assert actions["PV-3"].consultation_ids == (hungry.consultation_id,)
    why = actions["PV-3"].tailored_label
    assert why is not None
    assert why.en == actions["PV-3"].tailored_because
    assert why.en == (
        "reported for pupils from low-income families; reported: hunger or no meal at school"
    )
    assert why.sq.startswith("raportuar për nxënësit nga familjet me të ardhura të ulëta; ")
    assert why.sr.startswith("pogođena grupa: učenici iz porodica sa niskim primanjima; ")
    [without] = plan_of([plain]).priorities
    assert "PV-3" not in {a.action_id for a in without.actions}


def test_only_the_top_categories_become_priorities_the_rest_are_findings() -> None:
    cats = [
        "poverty",
        "child_labour",
        "absenteeism",
        "career_guidance",
        "fading_interest",
        "distance_access",
        "special_needs",
    ]
    plan = plan_of([record(raised_issues=[issue(c)]) for c in cats])
    assert len(plan.priorities) == catalogue().max_priorities == 5
    assert len(plan.other_findings) == 2
    listed = [p.category for p in plan.priorities] + [f.category for f in plan.other_findings]
    assert sorted(listed) == sorted(cats)


def test_coverage_gaps_name_missing_voices() -> None:
    records = [
        record(stakeholder_group="teacher", school={"name": "A", "level": "upper_secondary"}),
        record(stakeholder_group="student", school={"name": "B", "level": "lower_secondary"}),
    ]
    gaps = [g.en for g in plan_of(records).situation.coverage_gaps]
    assert "No consultation with the MED." in gaps
    assert "No consultation with parents." in gaps
    assert "No consultation at primary level (grades 1-5)." in gaps
    assert "No students consulted in upper secondary (grades 10-12)." in gaps
    assert "No students consulted in lower secondary (grades 6-9)." not in gaps


def test_every_action_traces_to_consultations_of_its_priority() -> None:
    from dmap.demo_data import consultations
    from schemas.consultations import ConsultationRecorded

    records = [
        ConsultationRecorded.model_validate(r)
        for r in consultations(200)
        if r["municipality"] == "prizren"
    ]
    plan = plan_of(records)
    assert plan.priorities
    for p in plan.priorities:
        assert p.actions, p.category
        for a in p.actions:
            assert set(a.consultation_ids) <= set(p.consultation_ids)


def test_content_hash_ignores_version_status_and_approval() -> None:
    plan = plan_of([record()])
    assert content_hash(plan) == content_hash(
        plan.model_copy(update={"version": 7, "status": "approved", "last_approved_version": 6})
    )
    assert content_hash(plan) != content_hash(plan_of([record(), record()]))


def test_catalogue_covers_every_category_with_bilingual_actions() -> None:
    from schemas.vocabulary import IssueCategory

    cat = catalogue()
    assert set(cat.playbooks) == set(IssueCategory) - {IssueCategory.UNCLASSIFIED}
    for playbook in cat.playbooks.values():
        assert playbook.objective.en
        assert playbook.objective.sq
        assert len(playbook.actions) >= 2
        for a in playbook.actions:
            assert a.label.en != a.label.sq
            assert a.start <= a.end
    assert len({a.action_id for p in cat.playbooks.values() for a in p.actions}) == sum(
        len(p.actions) for p in cat.playbooks.values()
    )


def test_ids_are_uuids() -> None:
    assert isinstance(record().consultation_id, UUID)
