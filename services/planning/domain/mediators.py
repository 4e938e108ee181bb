"""Where RA-2's education mediators go: where the Roma, Ashkali and Egyptian pupils are.

RA-2 is sized on the schools the consultations name with RAE pupils (or on the
statistics' count of such schools, when given). The consultations name the
schools whose staff happened to speak, not where the pupils are: Graçanicë's
named school is a secondary school while 145 of its 165 Roma pupils are in
grades 1-9. When the statistics split RAE pupils by level and some named school
is outside the band where most of them are, the mediators are placed in that
band's schools, which the MED chooses from EMIS or its records; the named
schools stay the evidence (and the count) and the plan says so.
"""

from collections.abc import Iterable

from schemas.plans import Bilingual
from schemas.statistics import MunicipalStatisticsRecorded
from schemas.vocabulary import SchoolLevel
from services.planning.domain.baselines import counts, rae_values
from services.planning.domain.evidence import Observation
from services.planning.domain.wording import Wording

GRADES_1_9 = (SchoolLevel.PRIMARY, SchoolLevel.LOWER_SECONDARY)
UPPER = (SchoolLevel.UPPER_SECONDARY,)


def named_levels(observations: Iterable[Observation], schools: Iterable[str]) -> set[SchoolLevel]:
    """The school levels of the named schools, as their consultations give them."""
    wanted = set(schools)
    return {o.school_level for o in observations if o.school in wanted and o.school_level}


def placement(
    stats: MunicipalStatisticsRecorded | None,
    levels: set[SchoolLevel],
    w: Wording,
    source_label: Bilingual | None,
    names: dict[str, Bilingual],
) -> Bilingual | None:
    """ "placed where most Roma pupils are (145 of the 165 in grades 1-9, MED records
    2025-2026), in schools the MED chooses from EMIS or its records", when the statistics
    put most RAE pupils in another band than a school the consultations name; else None."""
    if stats is None or not levels:
        return None
    lower = counts(stats, "dropout", GRADES_1_9, "rae")[1]
    upper = counts(stats, "dropout", UPPER, "rae")[1]
    if lower == upper:
        return None
    band, most = ("lower", lower) if lower > upper else ("upper", upper)
    where = set(GRADES_1_9 if band == "lower" else UPPER)
    if levels <= where:  # the named schools are where the pupils are (Obiliq)
        return None

    def clause(lang: str) -> str:
        source = (getattr(source_label, lang, None) if source_label else None) or stats.source
        return w.phrase(lang, "rae_placed").format(
            most=most,
            whole=lower + upper,
            band=w.phrase(lang, "rae_band", band),
            source=source,
            year=stats.school_year,
            **rae_values(names, lang),
        )

    return Wording.each(clause)
