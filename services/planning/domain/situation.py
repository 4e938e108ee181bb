"""Situation analysis: who was consulted, and whose voice is missing."""

from collections import Counter
from typing import TypeVar

from schemas.consultations import ConsultationRecorded
from schemas.plans import Bilingual, SituationAnalysis
from schemas.vocabulary import AffectedGroup, IssueCategory, SchoolLevel, StakeholderGroup
from services.planning.domain.wording import Wording

T = TypeVar("T")
EXPECTED_GROUPS = (
    StakeholderGroup.MED,
    StakeholderGroup.SCHOOL_MANAGER,
    StakeholderGroup.TEACHER,
    StakeholderGroup.STUDENT,
    StakeholderGroup.PARENT,
)
EXPECTED_LEVELS = (SchoolLevel.PRIMARY, SchoolLevel.LOWER_SECONDARY, SchoolLevel.UPPER_SECONDARY)
# Students old enough to be consulted directly.
STUDENT_LEVELS = (SchoolLevel.LOWER_SECONDARY, SchoolLevel.UPPER_SECONDARY)


def coverage_gaps(
    records: tuple[ConsultationRecorded, ...], wording: Wording
) -> tuple[Bilingual, ...]:
    groups = {r.stakeholder_group for r in records}
    levels = {r.school.level for r in records if r.school}
    student_levels = {
        r.school.level
        for r in records
        if r.school and r.stakeholder_group == StakeholderGroup.STUDENT
    }
    gaps = [("no_group", g.value) for g in EXPECTED_GROUPS if g not in groups]
    gaps += [("no_level", lv.value) for lv in EXPECTED_LEVELS if lv not in levels]
    if StakeholderGroup.STUDENT in groups:  # otherwise already reported above
        gaps += [
            ("no_students", lv.value)
            for lv in STUDENT_LEVELS
            if lv in levels and lv not in student_levels
        ]
    return tuple(_sentence(wording, key, code) for key, code in gaps)


def disability_gap(
    categories: dict[IssueCategory, set[AffectedGroup]], wording: Wording
) -> tuple[Bilingual, ...]:
    """A coverage gap when no evidence concerns children with disabilities or special
    needs (`categories`: each category raised, with the groups its evidence names); the
    municipal statistics never count them, so nothing else would show the gap."""
    if IssueCategory.SPECIAL_NEEDS in categories or any(
        AffectedGroup.SPECIAL_NEEDS in groups for groups in categories.values()
    ):
        return ()
    return (wording.say("no_disability"),)


def rae_voices_gap(
    records: tuple[ConsultationRecorded, ...],
    gap: bool,
    wording: Wording,
    group: Bilingual | None = None,
    parent_names: Bilingual | None = None,
) -> tuple[Bilingual, ...]:
    """With an RAE dropout gap in the statistics, a coverage gap for the voices that would
    explain it and were not heard: parents whose reports name RAE pupils, and the
    partners (CSW, mediators, NGOs: the `other` group). A record holds no participant's
    community, so parents count as RAE parents only by what they reported."""
    if not gap:
        return ()
    parents = any(
        r.stakeholder_group == StakeholderGroup.PARENT
        and any(
            i.category == IssueCategory.RAE_INCLUSION or AffectedGroup.RAE in i.affected_groups
            for i in r.raised_issues
        )
        for r in records
    )
    partners = any(r.stakeholder_group == StakeholderGroup.OTHER for r in records)
    if parents and partners:
        return ()
    key = "no_rae_partners" if parents else "no_rae_parents" if partners else "no_rae_voices"
    # The lines quote the statistics' group ("Roma" where only Roma are counted): the
    # partners' as the pupils' adjective, the parents' as "no Roma ... parents".
    return (
        Wording.each(
            lambda lang: wording.phrase(lang, key).format(
                group=(getattr(group, lang) or group.en) if group else "",
                parents=(getattr(parent_names, lang) or parent_names.en) if parent_names else "",
            )
        ),
    )


def serbian_schools_gap(
    serbian_curriculum: str, consulted: bool, wording: Wording
) -> tuple[Bilingual, ...]:
    """A coverage gap where the municipality has Serbian-curriculum schools and no
    consultation spoke for them (Obiliq's Serbian villages): their pupils are outside
    EMIS, so nothing else in the plan would show what it does not know of them."""
    if serbian_curriculum == "none" or consulted:
        return ()
    return (wording.say("no_serbian_schools"),)


def _sentence(wording: Wording, key: str, code: str) -> Bilingual:
    return wording.each(lambda lang: wording.phrase(lang, key, code))


def _in_order(counts: Counter[T], order: list[T]) -> dict[T, int]:
    return {k: counts[k] for k in order if counts[k]}


def analyse(records: tuple[ConsultationRecorded, ...], wording: Wording) -> SituationAnalysis:
    dates = sorted(r.consultation_date for r in records)
    return SituationAnalysis(
        consultations=len(records),
        participants=sum(r.participant_count for r in records),
        by_stakeholder_group=_in_order(
            Counter(r.stakeholder_group for r in records), list(StakeholderGroup)
        ),
        by_school_level=_in_order(
            Counter(r.school.level for r in records if r.school), list(SchoolLevel)
        ),
        by_language=dict(sorted(Counter(r.language.value for r in records).items())),
        schools=tuple(sorted({r.school.name for r in records if r.school and r.school.name})),
        coverage_gaps=coverage_gaps(records, wording),
        first_consultation=dates[0] if dates else None,
        last_consultation=dates[-1] if dates else None,
    )
