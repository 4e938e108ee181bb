"""Drafting a plan from evidence: deterministic, ranked priorities."""

import hashlib
from collections.abc import Iterable

from schemas.plans import Plan, PlanStatus, Priority
from schemas.vocabulary import IssueCategory, MunicipalityCode
from services.planning.domain.cycle import plan_id
from services.planning.domain.evidence import CategoryEvidence, IssueEvidence, aggregate


def rank(evidence: dict[IssueCategory, CategoryEvidence]) -> list[CategoryEvidence]:
    """Most consultations first, then breadth of groups, then students; code breaks ties.

    Unclassified evidence is listed last so planners see it without it
    competing with real priorities.
    """
    return sorted(
        evidence.values(),
        key=lambda e: (
            e.category == IssueCategory.UNCLASSIFIED,
            -len(e.consultation_ids),
            -len(e.stakeholder_groups),
            -e.affected_students,
            e.category.value,
        ),
    )


def draft_plan(
    municipality: MunicipalityCode,
    cycle: str,
    rows: Iterable[IssueEvidence],
    *,
    version: int = 1,
    status: PlanStatus = "draft",
) -> Plan:
    rows = list(rows)
    ranked = rank(aggregate(rows))
    return Plan(
        plan_id=plan_id(municipality.value, cycle),
        municipality=municipality,
        cycle=cycle,
        version=version,
        status=status,
        consultation_count=len({r.consultation_id for r in rows}),
        stakeholder_groups_heard=tuple(sorted({r.stakeholder_group for r in rows})),
        priorities=tuple(
            Priority(
                rank=i,
                category=e.category,
                consultation_count=len(e.consultation_ids),
                stakeholder_groups=tuple(sorted(e.stakeholder_groups)),
                affected_students=e.affected_students,
                consultation_ids=tuple(sorted(e.consultation_ids, key=str)),
            )
            for i, e in enumerate(ranked, start=1)
        ),
    )


def content_hash(plan: Plan) -> str:
    """Hash of what the plan says, independent of its version and status."""
    neutral = plan.model_copy(update={"version": 1, "status": "draft"})
    return hashlib.sha256(neutral.model_dump_json().encode()).hexdigest()
