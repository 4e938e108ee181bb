"""Baselines and targets from municipal statistics, and the objectives they make measurable.

A priority's result is a rate: dropout (pupils who left during the year, of those
enrolled) or non-enrolment (children of that age not enrolled, of all of them),
at the school level its evidence points to. The baseline is the rate in the
latest statistics recorded for the plan's school year or an earlier one; the
target is the baseline reduced by the catalogue's planned reduction, due at the
end of the school year. Without statistics the objective says what to measure
first and no number is invented.
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from schemas.plans import Bilingual, Indicator, StatisticsUsed
from schemas.statistics import COUNTED_LEVELS, Community, MunicipalStatisticsRecorded
from schemas.vocabulary import IssueCategory, SchoolLevel
from services.planning.domain.wording import Wording

Measure = Literal["dropout", "non_enrolment"]
RAE_ROWS = frozenset({Community.ROMA, Community.ASHKALI, Community.EGYPTIAN})


@dataclass(frozen=True, slots=True)
class Measures:
    reduction: dict[str, float]
    by_category: dict[IssueCategory, Measure]
    target_month: int
    wording: Wording

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "Measures":
        by_category: dict[IssueCategory, Measure] = {
            IssueCategory(c): "non_enrolment" for c in data["non_enrolment_categories"]
        }
        return cls(
            reduction={k: float(v) for k, v in data["reduction"].items()},
            by_category=by_category,
            target_month=int(data["target_month"]),
            wording=Wording.from_data(data["sentences"]),
        )

    def of(self, category: IssueCategory) -> Measure:
        return self.by_category.get(category, "dropout")


def latest(
    statistics: Iterable[MunicipalStatisticsRecorded], cycle: str
) -> MunicipalStatisticsRecorded | None:
    """The statistics a plan for `cycle` takes its baselines from: the latest school year
    up to the plan's own, then the latest recorded, EMIS before MED records."""
    usable = [s for s in statistics if s.school_year <= cycle]
    if not usable:
        return None
    return max(
        usable,
        key=lambda s: (s.school_year, s.recorded_on, s.source == "EMIS", str(s.statistics_id)),
    )


def used(s: MunicipalStatisticsRecorded) -> StatisticsUsed:
    return StatisticsUsed(
        statistics_id=s.statistics_id,
        school_year=s.school_year,
        source=s.source,
        recorded_on=s.recorded_on,
    )


def rate(
    s: MunicipalStatisticsRecorded, measure: Measure, level: SchoolLevel | None
) -> float | None:
    """The rate in percent, rounded to one decimal; None when nothing is counted."""
    rows = [r for r in s.rows if level is None or r.level == level]
    enrolled = sum(r.enrolled for r in rows)
    if measure == "dropout":
        part, whole = sum(r.dropped_out for r in rows), enrolled
    else:
        part = sum(r.not_enrolled for r in rows)
        whole = enrolled + part
    return round(100 * part / whole, 1) if whole else None


def target_of(baseline: float, reduction: float) -> float:
    """The baseline reduced, one decimal; a reduction always shows unless already zero."""
    target = round(baseline * (1 - reduction), 1)
    if target >= baseline and baseline > 0:
        target = max(round(baseline - 0.1, 1), 0.0)
    return target


@dataclass(frozen=True, slots=True)
class Result:
    indicator: Indicator | None
    objective: Bilingual  # the measured sentence added to the catalogue's objective
    measured: Bilingual | None = None  # "dropout in grades 1-12": what the indicator counts


def _pointing(measures: Measures, measured: Bilingual, rank: int) -> Bilingual:
    w = measures.wording
    return Wording.each(
        lambda lang: w.phrase(lang, "shared").format(measure=getattr(measured, lang), rank=rank)
    )


def once(results: list[Result], measures: Measures) -> list[Result]:
    """Each result indicator under the highest-ranked priority that has it; a lower one
    with the same rate is measured by its actions' indicators and points to that priority,
    so one target is not pasted under several priorities."""
    first: dict[str, int] = {}
    out: list[Result] = []
    for rank, r in enumerate(results, start=1):
        if r.indicator is None or r.measured is None:
            out.append(r)
            continue
        key = r.indicator.label.en
        if key not in first:
            first[key] = rank
            out.append(r)
            continue
        out.append(Result(None, _pointing(measures, r.measured, first[key])))
    return out


def focus(
    s: MunicipalStatisticsRecorded | None, measure: Measure, levels: Iterable[SchoolLevel]
) -> SchoolLevel | None:
    """The level the evidence names with the highest rate (None: all levels)."""
    named = [lv for lv in COUNTED_LEVELS if lv in set(levels)]
    if s is None:
        return named[0] if len(named) == 1 else None
    rated = [(r, lv) for lv in named if (r := rate(s, measure, lv)) is not None]
    if not rated:
        return None
    return max(rated, key=lambda rl: (rl[0], -COUNTED_LEVELS.index(rl[1])))[1]


def result(
    category: IssueCategory,
    levels: Iterable[SchoolLevel],
    s: MunicipalStatisticsRecorded | None,
    cycle: str,
    measures: Measures,
    source_label: Bilingual | None,
    *,
    rae: bool = False,
) -> Result:
    """The priority's result indicator and its measurable objective sentence; with `rae`,
    the dropout of Roma, Ashkali and Egyptian pupils over every level (their gap)."""
    w, measure = measures.wording, "dropout" if rae else measures.of(category)
    suffix = "_rae" if rae else ""
    if rae and s is not None:
        s = s.model_copy(update={"rows": tuple(r for r in s.rows if r.community in RAE_ROWS)})
    level = None if rae else focus(s, measure, levels)
    key = level.value if level else "all"
    end_year = int(cycle[5:])

    def measured(lang: str) -> str:
        return w.phrase(lang, measure + suffix).format(level=w.phrase(lang, "level", key))

    label = Wording.each(
        lambda lang: w.phrase(lang, f"indicator_{measure}{suffix}").format(
            level=w.phrase(lang, "level", key)
        )
    )
    baseline = rate(s, measure, level) if s is not None else None
    if s is None or baseline is None:
        before = f"{end_year - 2}-{end_year - 1}"
        return Result(
            Indicator(
                label=label,
                baseline_source="EMIS or MED records",
                target="",
                baseline_label=w.say("baseline_pending"),
                target_label=w.say("target_pending"),
            ),
            Wording.each(
                lambda lang: w.phrase(lang, "measure_first").format(
                    measure=measured(lang), year=before
                )
            ),
            Wording.each(measured),
        )
    target = target_of(baseline, measures.reduction[measure])
    month = measures.target_month
    due = date(end_year, month, calendar.monthrange(end_year, month)[1])

    def objective(lang: str) -> str:
        source = getattr(source_label, lang, None) or s.source
        sentence = "keep" if baseline == 0 else "reduce"
        return w.phrase(lang, sentence).format(
            measure=measured(lang),
            baseline=percent(w, lang, baseline),
            target=percent(w, lang, target),
            month=w.phrase(lang, "due").format(year=end_year),
            source=source,
            year=s.school_year,
        )

    return Result(
        Indicator(
            label=label,
            baseline_source=s.source,
            target=f"{target}%",
            baseline_value=baseline,
            baseline_date=s.recorded_on,
            baseline_period=s.school_year,
            target_value=target,
            target_unit="%",
            target_date=due,
            baseline_label=source_label,
        ),
        Wording.each(objective),
        Wording.each(measured),
    )


def percent(w: Wording, lang: str, value: float) -> str:
    digits = f"{value:.1f}".removesuffix(".0").replace(".", w.phrase(lang, "decimal"))
    return w.phrase(lang, "percent").format(v=digits)
