"""Evidence: what the consultations say about each issue category.

The walking skeleton counts; classification of free text and weighting of
severity and vulnerable groups belong to the planning engine.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from schemas.consultations import ConsultationRecorded, RaisedIssue
from schemas.vocabulary import IssueCategory, StakeholderGroup


@dataclass(frozen=True, slots=True)
class IssueEvidence:
    """One raised issue, flattened for storage and aggregation."""

    consultation_id: UUID
    issue_index: int
    category: IssueCategory
    stakeholder_group: StakeholderGroup
    affected_students: int


@dataclass(slots=True)
class CategoryEvidence:
    category: IssueCategory
    consultation_ids: set[UUID] = field(default_factory=set)
    stakeholder_groups: set[StakeholderGroup] = field(default_factory=set)
    affected_students: int = 0


def categorise(issue: RaisedIssue) -> IssueCategory:
    """The consultant's explicit choice; otherwise shown to planners as unclassified."""
    return issue.category or IssueCategory.UNCLASSIFIED


def flatten(record: ConsultationRecorded) -> list[IssueEvidence]:
    return [
        IssueEvidence(
            consultation_id=record.consultation_id,
            issue_index=i,
            category=categorise(issue),
            stakeholder_group=record.stakeholder_group,
            affected_students=issue.affected_students or 0,
        )
        for i, issue in enumerate(record.raised_issues)
    ]


def aggregate(rows: Iterable[IssueEvidence]) -> dict[IssueCategory, CategoryEvidence]:
    """Evidence per category; the input is a set of issues, keyed by (consultation, index)."""
    unique = {(r.consultation_id, r.issue_index): r for r in rows}
    out: dict[IssueCategory, CategoryEvidence] = {}
    for row in unique.values():
        ev = out.setdefault(row.category, CategoryEvidence(row.category))
        ev.consultation_ids.add(row.consultation_id)
        ev.stakeholder_groups.add(row.stakeholder_group)
        ev.affected_students += row.affected_students
    return out
