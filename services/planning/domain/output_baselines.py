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

from schemas.plans import Bilingual, Indicator, PlannedAction
from schemas.statistics import MunicipalStatisticsRecorded
from schemas.vocabulary import SchoolLevel
from services.planning.domain.baselines import Measures, counts, rae_names, rae_values
from services.planning.domain.evidence import CategoryTally
from services.planning.domain.wording import Wording

Denominator = Literal["pupils", "schools", "rae_pupils", "rae_schools", "counted", "not_enrolled"]
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
    rae_schools: tuple[str, ...] = (),
    paired: bool = False,
    before_adoption: str | None = None,
    rae_placed: Bilingual | None = None,
    rae_evidence: dict[str, Bilingual] | None = None,
) -> PlannedAction:
    """The action with a baseline value or a count to make, and its target's denominator.
    What the action sets up (`created`, or the catalogue's "None") starts from 0.
    `paired`: the plan holds both NE-1 and NE-1S, which then each count the children of
    their own schools' areas, so no child is counted twice. `before_adoption`: the last
    month of the adoption window, by which a consultation headcount is replaced.
    `rae_placed`: where RA-2's mediators go when not (only) to the schools named, said in
    the action's note; its target then counts the schools they are placed in.
    `rae_evidence`: the RAE communities the evidence names, which the schools named with
    RAE pupils are said to have (a count from the statistics names those it counts)."""
    if a.start_month is None or a.origin != "catalogue":
        return a
    w, i, start = measures.wording, a.indicator, a.start_month
    update: dict[str, object] = {}
    paired = paired and a.action_id in PAIRED
    if paired:
        i = _in_its_area(a, w)
    new = i.baseline_source == NOTHING_BEFORE or _created(a.action_id, measures)
    if i.baseline_value is None and new:
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
    kind: Denominator | None = measures.denominators.get(  # type: ignore[assignment]
        a.action_id, measures.denominators.get(a.action_id.removesuffix("S"))
    )
    placed = kind == "rae_schools" and bool(rae_schools) and rae_placed is not None
    if placed and not (stats is not None and stats.schools_with_rae_pupils):
        # The action's note says where the mediators go; the target counts the schools
        # they are placed in, from the first month the mediators are paid (after adoption,
        # as the mediators' risk says), not the month the action prepares in.
        first = a.charged_from or start
        n = len(rae_schools)
        whole = Wording.each(
            lambda lang: w.phrase(lang, "of_rae_schools_placed", _form(n)).format(
                n=n, month=month_year(w, lang, first)
            )
        )
        update["target_label"], update["target"] = whole, whole.en
    elif kind is not None and i.target_label is not None:
        target = i.target_label
        of = _denominator(
            kind,
            a,
            tally,
            stats,
            w,
            source_label,
            rae_schools,
            paired,
            before_adoption,
            rae_evidence,
        )
        update["target_label"] = Wording.each(
            lambda lang: f"{getattr(target, lang) or target.en} {of(lang)}"
        )
        update["target"] = f"{i.target} {of('en')}"
    changed = update or paired
    return a.model_copy(update={"indicator": i.model_copy(update=update)}) if changed else a


# The non-enrolment checks of the two school systems: with both in a plan, each counts
# the children of its own schools' areas (NE-1 the Kosovo curriculum's, NE-1S the
# Serbian curriculum's), and their targets say so.
PAIRED = frozenset({"NE-1", "NE-1S"})


def _in_its_area(a: PlannedAction, w: Wording) -> Indicator:
    area = "outside_emis" if a.action_id.endswith("S") else "in_emis"
    label = a.indicator.label

    def where(lang: str) -> str:
        return w.phrase(lang, "ne_area", area)

    target = Wording.each(lambda lang: w.phrase(lang, "ne_target").format(area=where(lang)))
    return a.indicator.model_copy(
        update={
            "label": Wording.each(
                lambda lang: w.phrase(lang, "ne_indicator").format(
                    label=getattr(label, lang) or label.en, area=where(lang)
                )
            ),
            "target": target.en,
            "target_label": target,
        }
    )


def _denominator(
    kind: Denominator,
    a: PlannedAction,
    tally: CategoryTally,
    stats: MunicipalStatisticsRecorded | None,
    w: Wording,
    source_label: Bilingual | None,
    rae_schools: tuple[str, ...] = (),
    paired: bool = False,
    before_adoption: str | None = None,
    rae_evidence: dict[str, Bilingual] | None = None,
) -> Callable[[str], str]:
    start = a.start_month or ""
    ids = set(a.consultation_ids)
    if kind == "rae_schools" and stats is not None and stats.schools_with_rae_pupils:
        n = stats.schools_with_rae_pupils
        return lambda lang: w.phrase(lang, "of_rae_schools_counted", _form(n)).format(
            n=n,
            source=(getattr(source_label, lang, None) if source_label else None) or stats.source,
            year=stats.school_year,
            **rae_values(rae_names(w, stats), lang),
        )
    if kind == "rae_schools" and rae_schools:
        names, n = ", ".join(rae_schools), len(rae_schools)
        whose = rae_evidence or rae_names(w, stats)
        return lambda lang: w.phrase(lang, "of_rae_schools", _form(n)).format(
            n=n, names=names, **rae_values(whose, lang)
        )
    # The pupils of the action's own evidence: a Kosovo-curriculum action is not sized on
    # the pupils a Serbian-curriculum school reported (nor the other way round).
    own = (
        sum(o.affected_students for o in tally.observations if o.consultation_id in ids)
        if ids
        else tally.affected_students  # a priority from the statistics alone
    )
    if kind == "rae_pupils" and stats is not None:
        n = counts(stats, "dropout", GRADES_1_9, "rae")[1]
        if n:
            return lambda lang: w.phrase(lang, "of_rae_pupils").format(
                n=n,
                source=(getattr(source_label, lang, None) if source_label else None)
                or stats.source,
                year=stats.school_year,
                **rae_values(rae_names(w, stats), lang),
            )
    # EMIS does not count the Serbian-curriculum schools' children: their check (NE-1S)
    # counts its own, unless the MED's records (which hold them) gave the statistics.
    outside_emis = a.action_id.endswith("S") and stats is not None and stats.source == "EMIS"
    if kind == "not_enrolled" and stats is not None and not outside_emis:
        missing = sum(r.not_enrolled for r in stats.rows)
        # Paired: EMIS's count is the Kosovo-curriculum areas' only; the MED's records
        # count both, which the two checks share out by area.
        key = "of_not_enrolled"
        if paired:
            key = "of_not_enrolled_emis" if stats.source == "EMIS" else "of_not_enrolled_paired"
        if missing:
            return lambda lang: w.phrase(lang, key).format(
                n=missing,
                source=(getattr(source_label, lang, None) if source_label else None)
                or stats.source,
                year=stats.school_year,
            )
    schools = sorted(
        {o.school for o in tally.observations if o.consultation_id in ids and o.school}
    )
    if kind == "schools" and schools:
        return lambda lang: w.phrase(lang, "of_schools", _form(len(schools))).format(
            n=len(schools), names=", ".join(schools)
        )
    if kind in ("pupils", "rae_pupils") and own:
        # A headcount from the consultations is a floor, not a register: the MED replaces
        # it with the register's count before the plan is adopted, and the target says so.
        register = a.indicator.baseline_label
        return lambda lang: w.phrase(lang, "of_pupils").format(
            n=own,
            register=(getattr(register, lang) or register.en)
            if register
            else a.indicator.baseline_source,
            owner=getattr(a.responsible_label, lang) or a.responsible_label.en,
            month=month_year(w, lang, before_adoption or start),
        )
    return lambda lang: w.phrase(lang, "of_uncounted").format(
        month=month_year(w, lang, start),
        owner=getattr(a.responsible_label, lang) or a.responsible_label.en,
    )


def _form(n: int) -> str:
    """ "one" for a single school, said in words ("one school named ..."), else "other"
    ("N = 2: schools named ..."); no numeral agrees with the forms, so no CLDR plural."""
    return "one" if n == 1 else "other"


def _created(action_id: str, measures: Measures) -> bool:
    """Whether the action sets up what its indicator counts; its Serbian-curriculum
    alternative ("AB-2S") sets up the same."""
    return action_id in measures.created or action_id.removesuffix("S") in measures.created
