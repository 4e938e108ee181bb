"""Where RA-2's education mediators go: where the Roma, Ashkali and Egyptian pupils are.

RA-2 is sized on the schools the consultations name with RAE pupils (or on the
statistics' count of such schools, when given). The consultations name the
schools whose staff happened to speak, not where the pupils are: Graçanicë's
named school is a secondary school while 145 of its 165 Roma pupils are in
grades 1-9. When the statistics split RAE pupils by level and some named school
is outside the band where most of them are, the mediators are placed in that
band's schools, which the MED chooses from EMIS or its records; the named
schools stay the evidence (and the count). The plan names the school that cannot
take a mediator and says so ("has no pupils in grades 1-9"), and a named school in
the band keeps its own: a mediator for grades 1-9 is never said to go to a secondary
school.
"""

from collections.abc import Iterable, Mapping

from schemas.plans import Bilingual
from schemas.statistics import MunicipalStatisticsRecorded
from schemas.vocabulary import SchoolLevel
from services.planning.domain.baselines import counts, rae_values
from services.planning.domain.evidence import Observation
from services.planning.domain.wording import Wording

GRADES_1_9 = (SchoolLevel.PRIMARY, SchoolLevel.LOWER_SECONDARY)
UPPER = (SchoolLevel.UPPER_SECONDARY,)


def named_levels(
    observations: Iterable[Observation], schools: Iterable[str]
) -> dict[str, set[SchoolLevel]]:
    """The school levels of each named school, as its consultations give them."""
    out: dict[str, set[SchoolLevel]] = {school: set() for school in schools}
    for o in observations:
        if o.school in out and o.school_level:
            out[o.school].add(o.school_level)
    return out


def placement(
    stats: MunicipalStatisticsRecorded | None,
    levels: Mapping[str, set[SchoolLevel]],
    w: Wording,
    source_label: Bilingual | None,
    names: dict[str, Bilingual],
) -> Bilingual | None:
    """ "Srednja tehnička škola Gračanica, named in the consultations, has no pupils in
    grades 1-9, so the mediator counted for it is placed where most Roma pupils are (145
    of the 165 in grades 1-9, MED records 2025-2026), in a school with those grades that
    the MED chooses from EMIS or its records", when the statistics put most RAE pupils in
    another band than a school the consultations name; else None. A named school with a
    level in the band keeps its mediator, and the clause says so first."""
    if stats is None:
        return None
    lower = counts(stats, "dropout", GRADES_1_9, "rae")[1]
    upper = counts(stats, "dropout", UPPER, "rae")[1]
    if lower == upper:
        return None
    band, most = ("lower", lower) if lower > upper else ("upper", upper)
    where = set(GRADES_1_9 if band == "lower" else UPPER)
    # A school whose level is not known is not moved: nothing says it lacks the grades.
    moved = sorted(school for school, known in levels.items() if known and not known & where)
    if not moved:  # the named schools are where the pupils are (Obiliq)
        return None
    kept = sorted(school for school in levels if school not in moved)

    def clause(lang: str) -> str:
        source = (getattr(source_label, lang, None) if source_label else None) or stats.source
        said = w.phrase(lang, "rae_band", band)
        placed = w.count(
            lang,
            "rae_placed",
            len(moved),
            moved=", ".join(moved),
            most=most,
            whole=lower + upper,
            band=said,
            source=source,
            year=stats.school_year,
            **rae_values(names, lang),
        )
        if not kept:
            return placed
        return w.count(lang, "rae_kept", len(kept), kept=", ".join(kept), band=said) + (
            "; " + placed
        )

    return Wording.each(clause)
