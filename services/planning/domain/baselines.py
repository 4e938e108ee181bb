"""Baselines and targets from municipal statistics, and the objectives they make measurable.

A priority's result is a rate: dropout (pupils who left during the year, of those
enrolled) or non-enrolment (children of that age not enrolled, of all of them),
measured on the population its evidence concerns: the school levels it names and,
where the statistics can count them, the group it names (Roma, Ashkali and
Egyptian pupils; girls). The baseline is the rate in the latest statistics
recorded for the plan's school year or an earlier one; the target is the baseline
reduced by what the plan can reach (`Measures.reduction_for`: the teaching months
left and whether the actions aim at the group measured), due at the end of the
school year. Without statistics the objective says what to measure first and no
number is invented.
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from schemas.plans import Bilingual, Indicator, StatisticsUsed
from schemas.statistics import (
    COUNTED_LEVELS,
    Community,
    MunicipalStatisticsRecorded,
    StatisticsRow,
)
from schemas.vocabulary import AffectedGroup, IssueCategory, SchoolLevel
from services.planning.domain.wording import Wording

Measure = Literal["dropout", "non_enrolment"]
Group = Literal["all", "rae", "girls", "rae_girls"]
RAE_ROWS = frozenset({Community.ROMA, Community.ASHKALI, Community.EGYPTIAN})
RAE_ORDER = (Community.ROMA, Community.ASHKALI, Community.EGYPTIAN)
# The placeholders of a text naming the RAE group, and the form of `rae_adjective` each
# takes (Serbian's genitive and nominative, Albanian's feminine for girls).
RAE_FORMS = {
    "group": "pupils",
    "group_nom": "nominative",
    "group_f": "girls",
    "group_in": "instrumental",  # "sa romskim učenicima", "u romskim naseljima"
    "group_acc": "accusative",  # "za romske učenike"
}
# A narrower population with fewer pupils enrolled gives a rate one family moves: the
# levels are widened to all (the group kept) below this many.
MIN_POPULATION = 30


@dataclass(frozen=True, slots=True)
class Measures:
    reduction: dict[str, float]  # over a whole school year, actions aimed at the group
    by_category: dict[IssueCategory, Measure]
    target_month: int
    wording: Wording
    partial_year_cap: float = 0.15
    broad_share: float = 0.5
    full_year_months: int = 10
    mid_year_actions: frozenset[str] = frozenset()
    denominators: dict[str, str] = field(default_factory=dict)
    # Actions whose indicator counts what the action itself sets up (reviews, visits,
    # mediators): nothing exists before it starts, so the baseline is 0 at its start.
    created: frozenset[str] = frozenset()
    # Trainings whose target is the teachers their estimate pays for (BC-2, BC-2S).
    teachers: frozenset[str] = frozenset()

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
            partial_year_cap=float(data["partial_year_cap"]),
            broad_share=float(data["broad_share"]),
            full_year_months=int(data["full_year_months"]),
            mid_year_actions=frozenset(data.get("mid_year_actions", ())),
            denominators=dict(data.get("denominators", {})),
            created=frozenset(data.get("created", ())),
            teachers=frozenset(data.get("teachers", ())),
        )

    def reduction_for(self, measure: Measure, months: int, targeted: bool) -> float:
        """The relative reduction a target asks for: the whole-year reduction in proportion
        to the teaching months the plan has, halved (`broad_share`) when the rate counts
        pupils beyond the group the actions aim at, and at most `partial_year_cap` when
        less than a whole school year is left."""
        share = min(max(months, 0) / self.full_year_months, 1.0)
        wanted = self.reduction[measure] * share * (1.0 if targeted else self.broad_share)
        if months < self.full_year_months:
            wanted = min(wanted, self.partial_year_cap)
        return round(wanted, 3)

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


def rae_counted(s: MunicipalStatisticsRecorded | None) -> tuple[Community, ...]:
    """The RAE communities the statistics count (rows with pupils enrolled or not): a
    Roma-only count is Roma's, not RAE's; all three without statistics."""
    if s is None:
        return RAE_ORDER
    here = tuple(
        c
        for c in RAE_ORDER
        if any(r.community == c and (r.enrolled or r.not_enrolled) for r in s.rows)
    )
    return here or RAE_ORDER


def rae_names(w: Wording, s: MunicipalStatisticsRecorded | None) -> dict[str, Bilingual]:
    """The group the statistics count, per placeholder ("Roma", or "Roma, Ashkali and
    Egyptian"), and `people`, the communities' names ("Roma, Ashkali and Egyptians")."""
    return rae_names_of(w, rae_counted(s))


def rae_names_of(w: Wording, here: tuple[Community, ...]) -> dict[str, Bilingual]:
    """The placeholders' values for the RAE communities `here`, as `rae_names`."""

    def named(form: str) -> Bilingual:
        return Wording.each(
            lambda lang: w.join(
                lang, [w.phrase(lang, "rae_adjective", form, c.value) for c in here]
            )
        )

    names = {key: named(form) for key, form in RAE_FORMS.items()}
    # "iz romske zajednice" for one community, "iz romskih, ... zajednica" for several.
    form = "community" if len(here) == 1 else "communities"
    names["group_of"] = Wording.each(
        lambda lang: w.count(
            lang,
            "rae_communities",
            len(here),
            names=w.join(lang, [w.phrase(lang, "rae_adjective", form, c.value) for c in here]),
        )
    )
    names["people"] = Wording.each(
        lambda lang: w.join(lang, [w.phrase(lang, "stats_people", c.value) for c in here])
    )
    return names


def rae_values(names: dict[str, Bilingual], lang: str) -> dict[str, str]:
    """The placeholders' values in `lang`, for `str.format`."""
    return {key: str(getattr(text, lang) or text.en) for key, text in names.items()}


def fill_rae(text: str, values: dict[str, str]) -> str:
    """A catalogue text with the RAE placeholders filled in (other braces left alone),
    capitalised where the group opens it."""
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text[:1].upper() + text[1:]


def _in_group(row: StatisticsRow, group: Group) -> bool:
    if group in ("rae", "rae_girls") and row.community not in RAE_ROWS:
        return False
    return not (group in ("girls", "rae_girls") and row.gender != "female")


def counts(
    s: MunicipalStatisticsRecorded,
    measure: Measure,
    levels: SchoolLevel | Iterable[SchoolLevel] | None,
    group: Group = "all",
) -> tuple[int, int]:
    """The pupils counted (left, or not enrolled) and the population they are counted in."""
    wanted = {levels} if isinstance(levels, SchoolLevel) else set(levels or ())
    rows = [r for r in s.rows if (not wanted or r.level in wanted) and _in_group(r, group)]
    enrolled = sum(r.enrolled for r in rows)
    if measure == "dropout":
        return sum(r.dropped_out for r in rows), enrolled
    part = sum(r.not_enrolled for r in rows)
    return part, enrolled + part


def rate(
    s: MunicipalStatisticsRecorded,
    measure: Measure,
    levels: SchoolLevel | Iterable[SchoolLevel] | None,
    group: Group = "all",
) -> float | None:
    """The rate in percent, rounded to one decimal; None when nothing is counted."""
    part, whole = counts(s, measure, levels, group)
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


def population(
    s: MunicipalStatisticsRecorded | None,
    measure: Measure,
    levels: Iterable[SchoolLevel],
    groups: Iterable[AffectedGroup],
    *,
    rae: bool = False,
) -> tuple[tuple[SchoolLevel, ...], Group]:
    """Whom the result counts: the levels the evidence names (none: all) and the group it
    names that the statistics can count; levels are widened when too few pupils remain."""
    named = tuple(lv for lv in COUNTED_LEVELS if lv in set(levels))
    if len(named) == len(COUNTED_LEVELS):
        named = ()
    present = set(groups)
    group: Group = "all"
    if rae or AffectedGroup.RAE in present:
        group = "rae_girls" if not rae and AffectedGroup.GIRLS in present else "rae"
    elif AffectedGroup.GIRLS in present:
        group = "girls"
    if s is None:
        return named, group
    # Narrowest first: the group at the levels named, then at every level, then wider.
    tried: list[tuple[tuple[SchoolLevel, ...], Group]] = [(named, group), ((), group)]
    if group == "rae_girls":
        tried += [(named, "rae"), ((), "rae")]
    if not rae:
        tried += [(named, "all"), ((), "all")]
    for levels_, group_ in tried:
        if counts(s, measure, levels_, group_)[1] >= MIN_POPULATION:
            return levels_, group_
    return tried[-1]


# Boys' rate this many times the girls' (and on at least GENDER_MIN_PUPILS boys who left)
# makes the result reported and targeted by gender.
GENDER_RATIO = 1.25
GENDER_MIN_PUPILS = 5


def boys_gap(
    s: MunicipalStatisticsRecorded, measure: Measure, levels: tuple[SchoolLevel, ...]
) -> tuple[float, float] | None:
    """Boys' and girls' rates where boys' is markedly higher, else None."""
    boys = [r for r in s.rows if r.gender == "male" and (not levels or r.level in levels)]
    girls_rate = rate(s, measure, levels, "girls")
    boys_part = sum(r.dropped_out if measure == "dropout" else r.not_enrolled for r in boys)
    boys_whole = sum(r.enrolled for r in boys) + (0 if measure == "dropout" else boys_part)
    if girls_rate is None or not boys_whole or boys_part < GENDER_MIN_PUPILS:
        return None
    boys_rate = round(100 * boys_part / boys_whole, 1)
    return (boys_rate, girls_rate) if boys_rate >= GENDER_RATIO * girls_rate else None


def result(
    category: IssueCategory,
    levels: Iterable[SchoolLevel],
    s: MunicipalStatisticsRecorded | None,
    cycle: str,
    measures: Measures,
    source_label: Bilingual | None,
    *,
    groups: Iterable[AffectedGroup] = (),
    months: int | None = None,
    first: str | None = None,
    rae: bool = False,
) -> Result:
    """The priority's result indicator and its measurable objective sentence, on the
    population its evidence concerns; with `rae`, the dropout of Roma, Ashkali and
    Egyptian pupils (their gap). `months`: the teaching months the actions run until the
    target, from `first` (YYYY-MM, the month after the adoption window; September when
    not given), which the sentence names."""
    w, measure = measures.wording, "dropout" if rae else measures.of(category)
    named, group = population(s, measure, levels, groups, rae=rae)
    end_year = int(cycle[5:])
    months = measures.full_year_months if months is None else months
    first = first or f"{end_year - 1:04d}-09"

    def level_text(lang: str) -> str:
        keys = [lv.value for lv in named] or ["all"]
        return w.join(lang, [w.phrase(lang, "level", k) for k in keys])

    names = rae_names(w, s)

    def group_text(lang: str) -> str:
        return w.phrase(lang, "group", group).format(**rae_values(names, lang))

    def measured(lang: str) -> str:
        if group == "all":
            return w.phrase(lang, measure).format(level=level_text(lang))
        return w.phrase(lang, f"{measure}_of").format(
            level=level_text(lang), group=group_text(lang)
        )

    def label_text(lang: str) -> str:
        if group == "all":
            return w.phrase(lang, f"indicator_{measure}").format(level=level_text(lang))
        return w.phrase(lang, f"indicator_{measure}_of").format(
            level=level_text(lang),
            group=group_text(lang),
            who=w.phrase(lang, "who_left", group),  # "učenice koje su napustile" for girls
        )

    label = Wording.each(label_text)
    baseline = rate(s, measure, named, group) if s is not None else None
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
    cut = measures.reduction_for(measure, months, targeted=group != "all")
    target = target_of(baseline, cut)
    month = measures.target_month
    due = date(end_year, month, calendar.monthrange(end_year, month)[1])
    by_gender = boys_gap(s, measure, named) if group == "all" else None

    def objective(lang: str) -> str:
        source = getattr(source_label, lang, None) or s.source
        sentence = "keep" if baseline == 0 else "reduce"
        text = w.phrase(lang, sentence).format(
            measure=measured(lang),
            baseline=percent(w, lang, baseline),
            target=percent(w, lang, target),
            month=w.phrase(lang, "due").format(year=end_year),
            source=source,
            year=s.school_year,
            cut=percent(w, lang, round(100 * cut)),
            months=months,
            first=w.phrase(lang, "month_year").format(
                month=w.phrase(lang, "month", f"m{int(first[5:7]):02d}"), year=first[:4]
            ),
        )
        if by_gender:
            text += " " + gender_text(lang)
        return text

    def gender_text(lang: str) -> str:
        assert by_gender is not None
        boys, girls = by_gender
        return w.phrase(lang, "by_gender").format(
            boys=percent(w, lang, boys),
            girls=percent(w, lang, girls),
            boys_target=percent(w, lang, target_of(boys, cut)),
            girls_target=percent(w, lang, target_of(girls, cut)),
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
            breakdown=Wording.each(gender_text) if by_gender else None,
        ),
        Wording.each(objective),
        Wording.each(measured),
    )


def percent(w: Wording, lang: str, value: float) -> str:
    digits = f"{value:.1f}".removesuffix(".0").replace(".", w.phrase(lang, "decimal"))
    return w.phrase(lang, "percent").format(v=digits)
