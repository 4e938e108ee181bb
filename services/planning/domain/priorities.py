"""Priority scores and the sentences that explain them (formula: docs/planning.md)."""

from schemas.plans import Bilingual
from schemas.vocabulary import (
    AFFECTED_GROUP_LABELS,
    STAKEHOLDER_LABELS,
    AffectedGroup,
    Severity,
    StakeholderGroup,
)
from services.planning.domain.evidence import CategoryTally

SEVERITY_WEIGHT = {
    Severity.LOW: 0.25,
    Severity.MEDIUM: 0.5,
    Severity.HIGH: 0.75,
    Severity.CRITICAL: 1.0,
}
WEIGHTS = {
    "share": 0.25,  # share of the municipality's consultations that raised it
    "groups": 0.20,  # stakeholder groups that raised it, full at 4
    "schools": 0.10,  # schools where it was raised, full at 3
    "severity": 0.20,  # mean severity of the reports
    "students": 0.15,  # reported affected students, full at 50
    "vulnerable": 0.10,  # vulnerable groups concerned, full at 2
}


def components(t: CategoryTally, total_consultations: int) -> dict[str, float]:
    reports = sum(t.severity_counts.values())
    return {
        "share": len(t.consultation_ids) / total_consultations if total_consultations else 0.0,
        "groups": min(len(t.stakeholder_groups) / 4, 1.0),
        "schools": min(len(t.schools) / 3, 1.0),
        "severity": (
            sum(SEVERITY_WEIGHT[s] * n for s, n in t.severity_counts.items()) / reports
            if reports
            else 0.0
        ),
        "students": min(t.affected_students / 50, 1.0),
        "vulnerable": min(len(t.affected_groups) / 2, 1.0),
    }


def score(t: CategoryTally, total_consultations: int) -> float:
    parts = components(t, total_consultations)
    return round(100 * sum(WEIGHTS[k] * v for k, v in parts.items()), 1)


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _join(items: list[str], conjunction: str) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def rationale(t: CategoryTally) -> Bilingual:
    """One sentence per language a planner can check against the evidence."""
    groups = sorted(t.stakeholder_groups, key=list(StakeholderGroup).index)
    groups_en = ", ".join(STAKEHOLDER_LABELS[g][0] for g in groups)
    groups_sq = ", ".join(STAKEHOLDER_LABELS[g][1] for g in groups)
    reports = sum(t.severity_counts.values())
    serious = t.severity_counts.get(Severity.HIGH, 0) + t.severity_counts.get(Severity.CRITICAL, 0)
    schools = len(t.schools)
    en = [
        f"Raised in {_n(len(t.consultation_ids), 'consultation', 'consultations')} by "
        f"{_n(len(groups), 'stakeholder group', 'stakeholder groups')} ({groups_en})"
        + (f" across {_n(schools, 'school', 'schools')}" if schools else ""),
        f"{_n(t.affected_students, 'student', 'students')} reported affected",
        f"{serious} of {_n(reports, 'report', 'reports')} rated high or critical",
    ]
    sq = [
        f"Ngritur në {len(t.consultation_ids)} konsultime nga {len(groups)} grupe ({groups_sq})"
        + (f" në {schools} shkolla" if schools else ""),
        f"{t.affected_students} nxënës të prekur sipas raportimeve",
        f"{serious} nga {reports} raportime me rëndësi të lartë ose kritike",
    ]
    if t.affected_groups:
        affected = sorted(t.affected_groups, key=list(AffectedGroup).index)
        en.append("concerns " + _join([AFFECTED_GROUP_LABELS[a][0] for a in affected], "and"))
        sq.append("prek " + _join([AFFECTED_GROUP_LABELS[a][1] for a in affected], "dhe"))
    return Bilingual(en="; ".join(en) + ".", sq="; ".join(sq) + ".")
