from datetime import date
from uuid import UUID, uuid4

from hypothesis import given
from hypothesis import strategies as st

from schemas.vocabulary import IssueCategory, MunicipalityCode, StakeholderGroup
from services.planning.domain.cycle import school_year
from services.planning.domain.evidence import IssueEvidence
from services.planning.domain.plan import content_hash, draft_plan

PRIZREN = MunicipalityCode("prizren")


def _row(
    category: str,
    group: str = "teacher",
    students: int = 0,
    cid: UUID | None = None,
    index: int = 0,
) -> IssueEvidence:
    return IssueEvidence(
        cid or uuid4(), index, IssueCategory(category), StakeholderGroup(group), students
    )


def test_school_year_starts_in_september() -> None:
    assert school_year(date(2026, 9, 1)) == "2026-2027"
    assert school_year(date(2026, 8, 31)) == "2025-2026"
    assert school_year(date(2027, 6, 15)) == "2026-2027"


def test_priorities_ranked_by_consultations_then_groups_then_students() -> None:
    rows = [
        _row("poverty", "teacher"),
        _row("poverty", "parent"),
        _row("child_labour", "teacher", 40),
        _row("child_labour", "teacher", 1),
        _row("career_guidance", "student", 99),
        _row("unclassified"),
        _row("unclassified"),
        _row("unclassified"),
    ]
    plan = draft_plan(PRIZREN, "2026-2027", rows)
    assert [p.category for p in plan.priorities] == [
        "poverty",
        "child_labour",
        "career_guidance",
        "unclassified",
    ]
    assert [p.rank for p in plan.priorities] == [1, 2, 3, 4]
    assert plan.priorities[1].affected_students == 41
    assert plan.consultation_count == 8
    assert plan.plan_id == "prizren:2026-2027"


def test_one_consultation_counts_once_per_category() -> None:
    cid = uuid4()
    rows = [_row("poverty", cid=cid, index=0), _row("poverty", cid=cid, index=1)]
    plan = draft_plan(PRIZREN, "2026-2027", rows)
    assert plan.priorities[0].consultation_count == 1
    assert plan.consultation_count == 1


def test_content_hash_ignores_version_and_status() -> None:
    plan = draft_plan(PRIZREN, "2026-2027", [_row("poverty")])
    assert content_hash(plan) == content_hash(
        plan.model_copy(update={"version": 7, "status": "approved"})
    )
    other = draft_plan(PRIZREN, "2026-2027", [_row("poverty"), _row("poverty")])
    assert content_hash(plan) != content_hash(other)


_rows = st.lists(
    st.builds(
        IssueEvidence,
        consultation_id=st.sampled_from([UUID(int=i) for i in range(1, 9)]),
        issue_index=st.integers(0, 3),
        category=st.sampled_from(list(IssueCategory)),
        stakeholder_group=st.sampled_from(list(StakeholderGroup)),
        affected_students=st.integers(0, 50),
    ),
    max_size=30,
    unique_by=lambda r: (r.consultation_id, r.issue_index),
)


@given(_rows, st.randoms())
def test_plan_does_not_depend_on_arrival_order(rows: list[IssueEvidence], rnd: object) -> None:
    shuffled = list(rows)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert draft_plan(PRIZREN, "2026-2027", rows) == draft_plan(PRIZREN, "2026-2027", shuffled)


@given(_rows)
def test_redelivered_issues_do_not_change_the_plan(rows: list[IssueEvidence]) -> None:
    assert draft_plan(PRIZREN, "2026-2027", rows + rows) == draft_plan(PRIZREN, "2026-2027", rows)


@given(_rows)
def test_evidence_ids_are_exactly_the_supporting_consultations(rows: list[IssueEvidence]) -> None:
    plan = draft_plan(PRIZREN, "2026-2027", rows)
    for priority in plan.priorities:
        expected = {r.consultation_id for r in rows if r.category == priority.category}
        assert set(priority.consultation_ids) == expected
        assert priority.consultation_count == len(expected)
