"""Priority scores and the sentences that explain them (formula: docs/planning.md)."""

from collections.abc import Mapping

from schemas.plans import Bilingual
from schemas.vocabulary import (
    STAKEHOLDER_LABELS,
    AffectedGroup,
    Severity,
    StakeholderGroup,
)
from services.planning.domain.communities import group_label
from services.planning.domain.evidence import CategoryTally
from services.planning.domain.wording import Wording

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


def rationale(
    t: CategoryTally, wording: Wording, labels: Mapping[AffectedGroup, Bilingual] | None = None
) -> Bilingual:
    """One sentence per language a planner can check against the evidence; `labels` are the
    plan's own names of groups ("Roma pupils" where only Roma are named)."""
    groups = sorted(t.stakeholder_groups, key=list(StakeholderGroup).index)
    affected = sorted(t.affected_groups, key=list(AffectedGroup).index)
    reports = sum(t.severity_counts.values())
    serious = t.severity_counts.get(Severity.HIGH, 0) + t.severity_counts.get(Severity.CRITICAL, 0)
    schools = len(t.schools)

    def sentence(lang: str) -> str:
        def count(key: str, n: int) -> str:
            return wording.count(lang, key, n)

        def say(key: str, **values: str) -> str:
            return wording.phrase(lang, key).format(**values)

        across = say("across", schools=count("schools", schools)) if schools else ""
        parts = [
            say(
                "raised",
                consultations=count("consultations", len(t.consultation_ids)),
                groups=count("groups", len(groups)),
                group_list=", ".join(getattr(STAKEHOLDER_LABELS[g], lang) for g in groups),
                across=across,
            ),
            # Nobody counting the pupils is not the same as no pupils affected.
            say("affected", students=count("students", t.affected_students))
            if t.affected_students
            else say("affected_unknown"),
            say("serious", serious=str(serious), reports=count("reports", reports)),
        ]
        if affected:
            named = [group_label(a, lang, labels or {}) for a in affected]
            parts.append(say("concerns", affected_list=wording.join(lang, named)))
        return "; ".join(parts) + "."

    return wording.each(sentence)
