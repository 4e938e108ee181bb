"""Evidence: what the consultations of one municipality and year say per category.

Pure and order-independent: the same set of consultations, in any order and
with any duplicates, gives the same evidence.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from schemas.consultations import ConsultationRecorded, RaisedIssue
from schemas.vocabulary import (
    AffectedGroup,
    IssueCategory,
    SchoolLevel,
    Severity,
    StakeholderGroup,
)
from services.planning.domain.classification import CategoryHit, RuleSet, classify


@dataclass(slots=True)
class CategoryTally:
    """Accumulated evidence for one category (mutable while counting)."""

    category: IssueCategory
    consultation_ids: set[UUID] = field(default_factory=set)
    stakeholder_groups: set[StakeholderGroup] = field(default_factory=set)
    schools: set[str] = field(default_factory=set)
    school_levels: set[SchoolLevel] = field(default_factory=set)
    affected_students: int = 0
    severity_counts: dict[Severity, int] = field(default_factory=dict)
    affected_groups: set[AffectedGroup] = field(default_factory=set)
    dates: set[date] = field(default_factory=set)
    matched_terms: set[str] = field(default_factory=set)
    explicit_count: int = 0
    issue_count: int = 0
    # One entry per issue: what tailoring rules test, with the consultation behind it.
    observations: list["Observation"] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Observation:
    consultation_id: UUID
    school_level: SchoolLevel | None
    severity: Severity
    affected_groups: frozenset[AffectedGroup]


@dataclass(frozen=True, slots=True)
class Evidence:
    consultations: tuple[ConsultationRecorded, ...]  # unique, sorted by id
    by_category: dict[IssueCategory, CategoryTally]
    unclassified_issues: int
    unclassified_ids: frozenset[UUID]


def categorise(issue: RaisedIssue, rules: RuleSet) -> tuple[CategoryHit, ...]:
    """The consultant's explicit category wins; otherwise the rules, possibly several."""
    if issue.category is not None and issue.category != IssueCategory.UNCLASSIFIED:
        return (CategoryHit(issue.category, ()),)
    return classify(issue.description, rules)


# A planner's correction of one raised issue: another category, or None to leave it out.
Overrides = Mapping[tuple[UUID, int], IssueCategory | None]


def gather(
    records: Iterable[ConsultationRecorded], rules: RuleSet, overrides: Overrides | None = None
) -> Evidence:
    """Tally the issues per category; `overrides` (the working group's corrections of the
    evidence) win over the consultant's and the classifier's category."""
    unique = {r.consultation_id: r for r in records}
    ordered = tuple(unique[k] for k in sorted(unique, key=str))
    tallies: dict[IssueCategory, CategoryTally] = {}
    unclassified_issues = 0
    unclassified_ids: set[UUID] = set()
    corrections = overrides or {}
    for record in ordered:
        for index, issue in enumerate(record.raised_issues):
            key = (record.consultation_id, index)
            if key in corrections:
                chosen = corrections[key]
                if chosen is None:
                    continue  # excluded from the plan by the working group
                hits: tuple[CategoryHit, ...] = (CategoryHit(chosen, ()),)
            else:
                hits = categorise(issue, rules)
            if not hits:
                unclassified_issues += 1
                unclassified_ids.add(record.consultation_id)
            for hit in hits:
                tally = tallies.setdefault(hit.category, CategoryTally(hit.category))
                _add(tally, record, issue, explicit=not hit.matched_terms)
                tally.matched_terms.update(hit.matched_terms)
    return Evidence(ordered, tallies, unclassified_issues, frozenset(unclassified_ids))


def _add(
    tally: CategoryTally, record: ConsultationRecorded, issue: RaisedIssue, *, explicit: bool
) -> None:
    tally.consultation_ids.add(record.consultation_id)
    tally.stakeholder_groups.add(record.stakeholder_group)
    if record.school is not None:
        tally.school_levels.add(record.school.level)
        if record.school.name:
            tally.schools.add(record.school.name)
    tally.affected_students += issue.affected_students or 0
    tally.severity_counts[issue.severity] = tally.severity_counts.get(issue.severity, 0) + 1
    tally.affected_groups.update(issue.affected_groups)
    tally.dates.add(record.consultation_date)
    tally.explicit_count += explicit
    tally.issue_count += 1
    tally.observations.append(
        Observation(
            record.consultation_id,
            record.school.level if record.school else None,
            issue.severity,
            frozenset(issue.affected_groups),
        )
    )
