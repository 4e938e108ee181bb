"""What the municipality adds to a plan: who lives there, which schools are outside EMIS,
and how targets are to be broken down for the groups the evidence names."""

from collections.abc import Iterable

from schemas.consultations import ConsultationRecorded
from schemas.plans import Bilingual
from schemas.vocabulary import AFFECTED_GROUP_LABELS, AffectedGroup, IssueCategory
from services.planning.domain.catalogue import Catalogue
from services.planning.domain.evidence import Observation
from services.planning.domain.profiles import Profile
from services.planning.domain.wording import Wording


def community_list(
    catalogue: Catalogue, codes: Iterable[str], lang: str, rae: Bilingual | None = None
) -> str:
    """The communities' names as one list; `rae` names the RAE communities the evidence
    names where fewer than all three ("Roma"), comma-separated like the catalogue's."""
    texts = [rae if c == "rae" and rae is not None else catalogue.communities[c] for c in codes]
    names = [getattr(t, lang) or t.en for t in texts]
    # "Roma, Ashkali, Egyptians" is one entry but three communities: one list, one "and".
    return catalogue.wording.join(lang, [n for name in names for n in name.split(", ")])


def other_communities(profile: Profile) -> tuple[str, ...]:
    """The non-majority communities `other_minority` stands for here (RAE is its own)."""
    return tuple(c for c in profile.minorities if c != "rae")


def breakdown(
    category: IssueCategory,
    seen: list[Observation],
    catalogue: Catalogue,
    profile: Profile,
    indicator: Bilingual | None = None,
    rae_people: Bilingual | None = None,
) -> Bilingual | None:
    """ "Reported by gender (girls, boys) and by community (...)" when the evidence behind
    an action names girls (or early marriage) or a community; None otherwise. An indicator
    that counts girls only ("Girls re-enrolled") is not split by gender. `rae_people`: the
    RAE communities the evidence names, where fewer than all three ("Roma")."""
    groups = {g for o in seen for g in o.affected_groups}
    gender = AffectedGroup.GIRLS in groups or category == IssueCategory.GENDER_EARLY_MARRIAGE
    if indicator is not None and "girls" in indicator.en.casefold():
        gender = False
    communities = ["rae"] if AffectedGroup.RAE in groups else []
    if AffectedGroup.OTHER_MINORITY in groups:
        communities += other_communities(profile) or ["other"]
    if not gender and not communities:
        return None
    wording = catalogue.wording

    def sentence(lang: str) -> str:
        parts = [wording.phrase(lang, "by_gender")] if gender else []
        if communities:
            named = [c for c in communities if c != "other"]
            names = [community_list(catalogue, named, lang, rae_people)] if named else []
            if "other" in communities:
                names.append(getattr(AFFECTED_GROUP_LABELS[AffectedGroup.OTHER_MINORITY], lang))
            listed = "; ".join(n for n in names if n)
            parts.append(wording.phrase(lang, "by_community").format(list=listed))
        return wording.phrase(lang, "breakdown").format(parts=wording.join(lang, parts))

    return Wording.each(sentence)


def outside_schools(
    records: Iterable[ConsultationRecorded], outside: frozenset[object]
) -> tuple[str, ...]:
    return tuple(
        sorted(
            {
                r.school.name
                for r in records
                if r.consultation_id in outside and r.school and r.school.name
            }
        )
    )


def context(
    municipality: str, catalogue: Catalogue, schools_outside: tuple[str, ...]
) -> tuple[Bilingual, ...]:
    """The municipality's communities and school systems, as the situation analysis
    says them (only what the catalogue knows of it)."""
    if municipality not in catalogue.profiles:
        return ()
    profile = catalogue.profile(municipality)
    wording = catalogue.wording
    out = [
        Wording.each(
            lambda lang: wording.phrase(lang, "context_communities").format(
                list=community_list(catalogue, profile.communities, lang)
            )
        )
    ]
    if profile.serbian_curriculum in ("most", "some"):
        key = f"context_{profile.serbian_curriculum}"
        out.append(Wording.each(lambda lang: wording.phrase(lang, key)))
    if schools_outside:
        n = len(schools_outside)
        out.append(Wording.each(lambda lang: wording.count(lang, "context_outside", n)))
    # Both school systems in one plan: whose grade bands are whose, said once.
    if profile.serbian_curriculum in ("most", "some") or schools_outside:
        out.append(wording.say("context_grade_bands"))
    return tuple(out)
