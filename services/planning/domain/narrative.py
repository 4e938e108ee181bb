"""The situation analysis as text: per priority, who raised it, where, how severe, how
many pupils, and what participants recommended; and the recommendations themselves."""

from collections.abc import Mapping, Sequence
from uuid import UUID

from schemas.consultations import ConsultationRecorded
from schemas.plans import Bilingual, MainFinding, ParticipantRecommendation
from schemas.vocabulary import (
    STAKEHOLDER_LABELS,
    AffectedGroup,
    Severity,
    StakeholderGroup,
)
from services.planning.domain.communities import group_label
from services.planning.domain.evidence import CategoryTally
from services.planning.domain.opinion import Classifier
from services.planning.domain.wording import Wording

# A plan event carries the whole plan: the recommendations in it are bounded.
MAX_RECOMMENDATIONS = 60
QUOTED_PER_PRIORITY = 3


def recommendations(
    records: Sequence[ConsultationRecorded], classifier: Classifier
) -> tuple[tuple[ParticipantRecommendation, ...], int]:
    """Every distinct recommendation, oldest consultation first, with the categories the
    classifier reads in it; and how many were left out past MAX_RECOMMENDATIONS."""
    ordered = sorted(records, key=lambda r: (r.consultation_date, str(r.consultation_id)))
    seen: set[str] = set()
    found: list[tuple[ConsultationRecorded, str]] = []
    for r in ordered:
        for text in r.recommendations:
            key = " ".join(text.split()).casefold()
            if key and key not in seen:
                seen.add(key)
                found.append((r, text.strip()))
    kept = found[:MAX_RECOMMENDATIONS]
    opinions = classifier.opinions([t for _, t in kept])
    out = tuple(
        ParticipantRecommendation(
            text=text,
            consultation_id=r.consultation_id,
            stakeholder_group=r.stakeholder_group,
            language=r.language.value,
            categories=tuple(a.category for a in o.assigned),
        )
        for (r, text), o in zip(kept, opinions, strict=True)
    )
    return out, len(found) - len(kept)


def main_finding(
    t: CategoryTally,
    recs: Sequence[ParticipantRecommendation],
    wording: Wording,
    ids: frozenset[UUID],
    labels: Mapping[AffectedGroup, Bilingual] | None = None,
) -> MainFinding:
    groups = sorted(t.stakeholder_groups, key=list(StakeholderGroup).index)
    affected = sorted(t.affected_groups, key=list(AffectedGroup).index)
    reports = sum(t.severity_counts.values())
    serious = t.severity_counts.get(Severity.HIGH, 0) + t.severity_counts.get(Severity.CRITICAL, 0)
    schools = len(t.schools)

    def raised(lang: str) -> str:
        listed = wording.join(lang, [getattr(STAKEHOLDER_LABELS[g], lang) for g in groups])
        across = ""
        if schools:
            across = wording.phrase(lang, "across").format(
                schools=wording.count(lang, "schools", schools)
            )
        return wording.phrase(lang, "n_raised").format(
            groups_phrase=wording.count(lang, "n_groups", len(groups), list=listed),
            consultations=wording.count(lang, "consultations", len(t.consultation_ids)),
            across=across,
        )

    def rated(lang: str) -> str:
        if serious:
            counted = wording.count(lang, "reports", reports)
            return wording.count(lang, "n_rated", serious, reports=counted)
        return wording.count(lang, "n_none", reports)

    def pupils(lang: str) -> str:
        listed = wording.join(lang, [group_label(a, lang, labels or {}) for a in affected])
        if t.affected_students:
            head = wording.count(lang, "n_affected", t.affected_students)
            tail = wording.phrase(lang, "n_among").format(list=listed) if affected else "."
            return head + tail
        return wording.phrase(lang, "n_concerns").format(list=listed)

    sentences = [Wording.each(rated)] if reports else []
    if t.affected_students or affected:
        sentences.append(Wording.each(pupils))
    quoted = tuple(r.text for r in recs if r.consultation_id in ids and t.category in r.categories)[
        :QUOTED_PER_PRIORITY
    ]
    return MainFinding(
        category=t.category,
        raised=Wording.each(raised),
        sentences=tuple(sentences),
        schools=tuple(sorted(t.schools)),
        recommended=Wording.each(lambda lang: wording.phrase(lang, "n_recommended"))
        if quoted
        else None,
        recommendations=quoted,
    )
