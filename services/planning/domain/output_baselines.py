"""An action indicator's baseline as a value or a dated count to make, and its target
with the number it is a share of.

The catalogue names where an action's baseline comes from ("EWS", "School records")
and a bare target ("100%"). A MED cannot table either: the baseline is `0` with the
month when nothing exists before the action (the catalogue's "None"), else it says
by when and by whom it is counted; a share target says what it is a share of, from
the evidence (pupils reported, schools named) or the statistics (RAE pupils enrolled
in grades 1-9), or that the number is counted first.
"""

from collections.abc import Callable
from datetime import date
from typing import Literal

from schemas.plans import Bilingual, PlannedAction
from schemas.statistics import MunicipalStatisticsRecorded
from schemas.vocabulary import SchoolLevel
from services.planning.domain.baselines import Measures, counts
from services.planning.domain.evidence import CategoryTally
from services.planning.domain.wording import Wording

Denominator = Literal["pupils", "schools", "rae_pupils", "counted", "not_enrolled"]
NOTHING_BEFORE = "None"  # the catalogue's baseline term for what the action creates
GRADES_1_9 = (SchoolLevel.PRIMARY, SchoolLevel.LOWER_SECONDARY)


def month_year(w: Wording, lang: str, month: str) -> str:
    """`YYYY-MM` as the month's name and year in `lang` ("February 2027")."""
    name = w.phrase(lang, "month", f"m{int(month[5:7]):02d}")
    return w.phrase(lang, "month_year").format(month=name, year=month[:4])


def counted(
    a: PlannedAction,
    tally: CategoryTally,
    stats: MunicipalStatisticsRecorded | None,
    measures: Measures,
    source_label: Bilingual | None,
) -> PlannedAction:
    """The action with a baseline value or a count to make, and its target's denominator."""
    if a.start_month is None or a.origin != "catalogue":
        return a
    w, i, start = measures.wording, a.indicator, a.start_month
    update: dict[str, object] = {}
    if i.baseline_value is None and i.baseline_source == NOTHING_BEFORE:
        update["baseline_value"] = 0.0
        update["baseline_date"] = date(int(start[:4]), int(start[5:7]), 1)
    elif i.baseline_value is None:
        source = i.baseline_label
        update["baseline_label"] = Wording.each(
            lambda lang: w.phrase(lang, "to_count").format(
                month=month_year(w, lang, start),
                owner=getattr(a.responsible_label, lang) or a.responsible_label.en,
                source=(getattr(source, lang) or source.en) if source else i.baseline_source,
            )
        )
    kind: Denominator | None = measures.denominators.get(a.action_id)  # type: ignore[assignment]
    if kind is not None and i.target_label is not None:
        target = i.target_label
        of = _denominator(kind, a, tally, stats, w, source_label)
        update["target_label"] = Wording.each(
            lambda lang: f"{getattr(target, lang) or target.en} {of(lang)}"
        )
        update["target"] = f"{i.target} {of('en')}"
    return a.model_copy(update={"indicator": i.model_copy(update=update)}) if update else a


def _denominator(
    kind: Denominator,
    a: PlannedAction,
    tally: CategoryTally,
    stats: MunicipalStatisticsRecorded | None,
    w: Wording,
    source_label: Bilingual | None,
) -> Callable[[str], str]:
    start = a.start_month or ""
    if kind == "rae_pupils" and stats is not None:
        n = counts(stats, "dropout", GRADES_1_9, "rae")[1]
        if n:
            return lambda lang: w.phrase(lang, "of_rae_pupils").format(
                n=n,
                source=(getattr(source_label, lang, None) if source_label else None)
                or stats.source,
                year=stats.school_year,
            )
    if kind == "not_enrolled" and stats is not None:
        missing = sum(r.not_enrolled for r in stats.rows)
        if missing:
            return lambda lang: w.phrase(lang, "of_not_enrolled").format(
                n=missing,
                source=(getattr(source_label, lang, None) if source_label else None)
                or stats.source,
                year=stats.school_year,
            )
    if kind == "schools" and tally.schools:
        names = ", ".join(sorted(tally.schools))
        return lambda lang: w.phrase(lang, "of_schools").format(n=len(tally.schools), names=names)
    if kind in ("pupils", "rae_pupils") and tally.affected_students:
        return lambda lang: w.phrase(lang, "of_pupils").format(n=tally.affected_students)
    return lambda lang: w.phrase(lang, "of_uncounted").format(
        month=month_year(w, lang, start),
        owner=getattr(a.responsible_label, lang) or a.responsible_label.en,
    )
