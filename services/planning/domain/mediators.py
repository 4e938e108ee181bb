"""Where RA-2's education mediators go: where the Roma, Ashkali and Egyptian pupils are.

RA-2 is sized on the schools the consultations name with RAE pupils (or on the
statistics' count of such schools, when given). The consultations name the
schools whose staff happened to speak, not where the pupils are: Graçanicë's
named school is a secondary school while 145 of its 165 Roma pupils are in
grades 1-9. When the statistics split RAE pupils by level and some named school
is outside the band where most of them are, the mediators are placed in that
band's schools; the named schools stay the evidence (and the count). The action's
note says so, once (its target and estimate point to it): the named school by its
kind, elementary or secondary, which both curricula share (a Serbian-curriculum
school has no "grades 1-9"; the band is the statistics'), and who chooses the
school. Where most schools follow the Serbian curriculum they are outside EMIS, so
the MOCR, which leads RA-2, chooses it with the MED from the MED's records and agrees
it with the school's director; elsewhere the MED chooses from EMIS or its records.
"""

from collections.abc import Iterable, Mapping
from typing import Literal

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
    route: Literal["emis", "outside"] = "emis",
) -> Bilingual | None:
    """ "Srednja tehnička škola Gračanica, a secondary school named in the consultations,
    is not where most Roma pupils are (145 of the 165 are in grades 1-9 in the statistics,
    MED records 2025-2026): the mediator counted for it goes to an elementary school with
    Roma pupils, which ...", when the statistics put most RAE pupils in another band than
    a school the consultations name; else None. A named school with a level in the band
    keeps its mediator, and the clause says so first. `route`: who chooses the school,
    the MED from EMIS, or the MOCR with the MED where most schools are outside EMIS."""
    if stats is None:
        return None
    lower = counts(stats, "dropout", GRADES_1_9, "rae")[1]
    upper = counts(stats, "dropout", UPPER, "rae")[1]
    if lower == upper:
        return None
    band, other, most = ("lower", "upper", lower) if lower > upper else ("upper", "lower", upper)
    where = set(GRADES_1_9 if band == "lower" else UPPER)
    # A school whose level is not known is not moved: nothing says it lacks the grades.
    moved = sorted(school for school, known in levels.items() if known and not known & where)
    if not moved:  # the named schools are where the pupils are (Obiliq)
        return None
    kept = sorted(school for school in levels if school not in moved)
    # One school or several: the sentences name them, so no numeral agrees with them.
    n_moved = "one" if len(moved) == 1 else "other"
    n_kept = "one" if len(kept) == 1 else "other"

    def clause(lang: str) -> str:
        source = (getattr(source_label, lang, None) if source_label else None) or stats.source
        values = rae_values(names, lang)
        placed = w.phrase(lang, "rae_placed", n_moved).format(
            moved=", ".join(moved),
            kind=w.phrase(lang, "rae_kind", f"{other}_{n_moved}"),
            to=w.phrase(lang, "rae_to", f"{band}_{n_moved}"),
            chooser=w.phrase(lang, "rae_chooser", f"{route}_{n_moved}"),
            most=most,
            whole=lower + upper,
            band=w.phrase(lang, "rae_band", band),
            source=source,
            year=stats.school_year,
            **values,
        )
        if not kept:
            return placed
        said = w.phrase(lang, "rae_kept", n_kept).format(
            kept=", ".join(kept), kind=w.phrase(lang, "rae_kind", f"{band}_{n_kept}")
        )
        return f"{said}; {placed}"

    return Wording.each(clause)
