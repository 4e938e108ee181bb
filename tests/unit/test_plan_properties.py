"""Invariants of the planning engine, over generated consultations (hypothesis)."""

import random
from datetime import date
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from dmap.demo_texts import PHRASES
from schemas.consultations import ConsultationRecorded, RaisedIssue, School
from schemas.plans import Plan
from schemas.vocabulary import (
    AffectedGroup,
    IssueCategory,
    Language,
    MunicipalityCode,
    SchoolLevel,
    Severity,
    StakeholderGroup,
)
from services.planning.domain.evidence import categorise
from services.planning.domain.opinion import as_classifier
from services.planning.domain.plan import draft_plan
from services.planning.rules import catalogue, classifier_rules

KAMENICE = MunicipalityCode("kamenice")
TEXTS = sorted(t for langs in PHRASES.values() for texts in langs.values() for t in texts)
TEXTS.append("Takimi u mbajt në sallën e mësuesve.")  # matches nothing

issues = st.builds(
    RaisedIssue,
    category=st.one_of(st.none(), st.sampled_from(list(IssueCategory))),
    description=st.sampled_from(TEXTS),
    severity=st.sampled_from(list(Severity)),
    affected_students=st.one_of(st.none(), st.integers(0, 80)),
    affected_groups=st.lists(st.sampled_from(list(AffectedGroup)), max_size=2, unique=True).map(
        tuple
    ),
)
records = st.builds(
    ConsultationRecorded,
    consultation_id=st.integers(1, 10**9).map(lambda i: UUID(int=i)),
    municipality=st.just(KAMENICE),
    school=st.one_of(
        st.none(),
        st.builds(
            School,
            name=st.sampled_from(["A", "B", "C", "D"]),
            level=st.sampled_from(list(SchoolLevel)),
        ),
    ),
    stakeholder_group=st.sampled_from(list(StakeholderGroup)),
    consultation_date=st.dates(date(2026, 9, 1), date(2027, 6, 30)),
    language=st.sampled_from(list(Language)),
    participant_count=st.integers(1, 30),
    raised_issues=st.lists(issues, min_size=1, max_size=4).map(tuple),
)
consultation_sets = st.lists(records, max_size=25, unique_by=lambda r: r.consultation_id)


def plan(rs: list[ConsultationRecorded]) -> Plan:
    return draft_plan(KAMENICE, "2026-2027", rs, classifier_rules(), catalogue())


def counts(p: Plan) -> dict[str, int]:
    out = {x.category.value: x.consultation_count for x in p.priorities}
    out.update({f.category.value: f.consultation_count for f in p.other_findings})
    return out


@settings(max_examples=60, deadline=None)
@given(consultation_sets, st.randoms(use_true_random=False))
def test_plan_does_not_depend_on_the_order_of_consultations(
    rs: list[ConsultationRecorded], rnd: random.Random
) -> None:
    shuffled = list(rs)
    rnd.shuffle(shuffled)
    assert plan(shuffled) == plan(rs)


@settings(max_examples=60, deadline=None)
@given(consultation_sets, st.data())
def test_duplicates_do_not_change_the_plan(
    rs: list[ConsultationRecorded], data: st.DataObject
) -> None:
    replayed = data.draw(st.lists(st.sampled_from(rs), max_size=10)) if rs else []
    assert plan(rs + replayed) == plan(rs)


@settings(max_examples=60, deadline=None)
@given(consultation_sets, records)
def test_adding_a_consultation_never_lowers_evidence_counts(
    rs: list[ConsultationRecorded], extra: ConsultationRecorded
) -> None:
    if any(r.consultation_id == extra.consultation_id for r in rs):
        return
    before, after = counts(plan(rs)), counts(plan([*rs, extra]))
    for category, n in before.items():
        assert after.get(category, 0) >= n, category


@settings(max_examples=60, deadline=None)
@given(consultation_sets)
def test_evidence_ids_are_exactly_the_supporting_consultations(
    rs: list[ConsultationRecorded],
) -> None:
    p = plan(rs)
    rules = classifier_rules()
    supporting: dict[IssueCategory, set[UUID]] = {}
    for r in rs:
        for i in r.raised_issues:
            chosen = categorise(i)
            opinion = as_classifier(rules).opinion(i.description)
            for category in [chosen] if chosen else [a.category for a in opinion.assigned]:
                supporting.setdefault(category, set()).add(r.consultation_id)
    listed = {x.category: set(x.consultation_ids) for x in (*p.priorities, *p.other_findings)}
    assert listed == supporting
    for priority in p.priorities:
        for action in priority.actions:
            assert set(action.consultation_ids) <= listed[priority.category]
