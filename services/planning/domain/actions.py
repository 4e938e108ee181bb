"""Choosing the catalogue's actions for a priority, tailored to its evidence and to the
schools that exist there (the Serbian-curriculum ones are outside EMIS and the EWS)."""

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date
from uuid import UUID

from schemas.plans import Bilingual, Indicator, PlannedAction
from schemas.vocabulary import AffectedGroup
from services.planning.domain.baselines import fill_rae, rae_values
from services.planning.domain.catalogue import (
    SEVERITY_ORDER,
    ActionTemplate,
    Catalogue,
    Condition,
)
from services.planning.domain.evidence import CategoryTally, Observation
from services.planning.domain.months import quarter_of, taught_between
from services.planning.domain.output_baselines import month_year
from services.planning.domain.profiles import Profile
from services.planning.domain.tailoring import breakdown
from services.planning.domain.timeline import schedule
from services.planning.domain.wording import Wording


def holds(condition: Condition, o: Observation) -> bool:
    if condition.affected_group and condition.affected_group not in o.affected_groups:
        return False
    if condition.school_level and condition.school_level != o.school_level:
        return False
    if condition.not_school_level and condition.not_school_level == o.school_level:
        return False
    if condition.mentions and not o.mentions(condition.mentions.stems):
        return False
    return not (
        condition.min_severity
        and SEVERITY_ORDER.index(o.severity) < SEVERITY_ORDER.index(condition.min_severity)
    )


@dataclass(slots=True)
class Placing:
    """What the plan holds so far, across its priorities (filled in rank order)."""

    outside: frozenset[UUID]  # consultations speaking for Serbian-curriculum schools
    unsure: frozenset[UUID]  # no school named, where most schools are Serbian-curriculum
    profile: Profile
    cycle: str
    drafted_as_of: date | None  # the latest evidence date: no month before it is offered
    # The first month costs are charged in (after the adoption window), or None.
    charged_from: str | None = None
    placed: set[str] = field(default_factory=set)  # action ids already in the plan
    answered: set[AffectedGroup] = field(default_factory=set)  # groups with an action
    families: set[str] = field(default_factory=set)  # action families already in the plan
    # What the actions whose targets count them are costed on: the RAE pupils enrolled in
    # grades 1-9 (statistics) and the schools the consultations name with RAE pupils.
    rae_enrolled: int = 0
    rae_schools: tuple[str, ...] = ()
    # The statistics' count of schools with RAE pupils, where the source gives it (with
    # its source and year): it sizes RA-2 rather than the schools the consultations name.
    rae_schools_counted: tuple[int, Bilingual, str] | None = None
    # The RAE group the statistics count, per placeholder (baselines.rae_names): a
    # Roma-only count is named Roma in the texts that quote it.
    rae_names: dict[str, Bilingual] = field(default_factory=dict)
    # Where RA-2's mediators go when most RAE pupils are in another band than a school
    # the consultations name (mediators.placement): the clause that says so, or None.
    rae_placed: Bilingual | None = None
    # The plan's own names of the RAE group, where the evidence names fewer than all three
    # communities (communities.names_for): "Roma pupils", and the breakdown's "Roma".
    group_labels: dict[AffectedGroup, Bilingual] = field(default_factory=dict)
    rae_people: Bilingual | None = None
    # The RAE communities the evidence names (statistics rows, consultation texts), per
    # placeholder: the action texts name them ("Roma neighbourhoods"); all three, in full,
    # when nothing names fewer. Empty: the statistics' names stand.
    rae_evidence: dict[str, Bilingual] = field(default_factory=dict)
    # The schools the plan's consultations name, by school system ("kosovo", "serbian"):
    # a `system_school` action with none of its own is costed on the one of its system.
    schools_by_system: dict[str, tuple[str, ...]] = field(default_factory=dict)


def plan_actions(
    tally: CategoryTally, catalogue: Catalogue, placing: Placing
) -> list[PlannedAction]:
    playbook = catalogue.playbooks.get(tally.category)
    templates = [*(playbook.actions if playbook else ()), *catalogue.placed_also(tally.category)]
    chosen: list[PlannedAction] = []
    for template in templates:
        if template.action_id in placing.placed or template.family in placing.families:
            continue
        if template.when is None:
            ids: set[UUID] = set(tally.consultation_ids)
        else:
            ids = {o.consultation_id for o in tally.observations if holds(template.when, o)}
        # A priority from statistics alone (no consultation) still gets its playbook's
        # unconditional actions; a conditional or EMIS-routed one needs evidence.
        from_statistics = not tally.consultation_ids and template.when is None
        if not ids and not (from_statistics and not template.emis_route):
            continue
        placing.placed.add(template.action_id)
        if template.family:
            placing.families.add(template.family)
        if template.when and template.when.affected_group:
            placing.answered.add(template.when.affected_group)
        chosen += routed(template, catalogue, tally, ids, placing)
    return chosen


def routed(
    template: ActionTemplate,
    catalogue: Catalogue,
    tally: CategoryTally,
    ids: set[UUID],
    placing: Placing,
) -> list[PlannedAction]:
    """The action for its evidence, routed school by school: an EMIS-routed one (or one
    with an alternative for the Serbian curriculum: PS-1 is the MED's, CG-1's grades are
    Kosovo's) goes to the Kosovo-curriculum schools, its alternative to the others. A
    `municipal` one (the non-enrolment check covers every child) gets its alternative
    wherever the municipality has Serbian-curriculum schools, consulted or not."""
    # Where the municipality has Serbian-curriculum schools, an action of the EWS/EMIS or
    # of the MESTI prevention team says it is for the Kosovo-curriculum schools, even when
    # no consultation spoke for the others (Obiliq's villages).
    serbian_here = placing.profile.serbian_curriculum != "none" or bool(ids & placing.outside)
    kosovo_only = template.emis_route or "school_team" in (
        template.responsible,
        *template.partners,
    )
    # (not when every consultation behind it is a Serbian-curriculum school's: a scope
    # line would then contradict its own evidence)
    scope = "for_in_emis" if kosovo_only and serbian_here and ids - placing.outside else None
    if kosovo_only and not template.emis_route and not template.outside_emis:
        theirs = ids & (placing.outside | placing.unsure)
        if ids & placing.outside:  # a Serbian-curriculum school's evidence: no such team
            ours = ids - placing.outside
            chosen = [action(template, catalogue, tally, ours, placing, scope)] if ours else []
            placing.placed.add(template.action_id + "S")
            school_led = _school_led(template, catalogue)
            chosen.append(action(school_led, catalogue, tally, theirs, placing, "for_outside_emis"))
            return chosen
    if not template.emis_route and not (template.outside_emis and ids):
        return [action(template, catalogue, tally, ids, placing, scope)]
    alt = template.outside_emis
    inside = ids - placing.outside
    outside = ids & (placing.outside | placing.unsure)
    if alt and template.municipal and not outside and placing.profile.serbian_curriculum != "none":
        outside = inside  # no consultation spoke for them: the same evidence stands
    chosen = []
    if inside:
        mark = "for_in_emis" if outside and alt else scope
        chosen.append(action(template, catalogue, tally, inside, placing, mark))
    if outside and alt:
        placing.placed.add(alt.action_id)
        chosen.append(action(alt, catalogue, tally, outside, placing, "for_outside_emis"))
    return chosen


def action(
    t: ActionTemplate,
    catalogue: Catalogue,
    tally: CategoryTally,
    ids: Collection[UUID],
    placing: Placing,
    mark: str | None = None,
    why: Bilingual | None = None,
) -> PlannedAction:
    """One planned action from its template; `mark` names the school system it is for,
    `why` overrides the condition note (a group action's)."""
    wording = catalogue.wording
    serbian = mark == "for_outside_emis"
    why = why or (t.when.describe(wording, serbian, placing.group_labels) if t.when else None)
    seen = [o for o in tally.observations if o.consultation_id in ids]
    # The schools a school-level action is for: in its scope note, not in its target.
    named = sorted({o.school for o in seen if o.school}) if t.names_schools else []

    # The mediators go where the RAE pupils are, not only to the schools named.
    placed = placing.rae_placed if _sized_on_rae_schools(t, catalogue) else None

    def note(lang: str) -> str:
        parts = [
            (getattr(why, lang) or why.en) if why else "",
            (getattr(placed, lang) or placed.en) if placed else "",
            wording.phrase(lang, mark) if mark else "",
            wording.count(lang, "at_schools", len(named), names=", ".join(named)) if named else "",
        ]
        return "; ".join(p for p in parts if p)

    if mark or named or placed:
        why = Wording.each(note)
    start_month, end_month = schedule(
        t.start,  # type: ignore[arg-type]
        t.end,  # type: ignore[arg-type]
        placing.cycle,
        placing.drafted_as_of,
        anchored=t.anchored,
    )
    target_text = t.target
    if t.budget_cycle:  # the budget line goes into the first budget still open
        start_month, end_month = catalogue.budget.line_months(placing.cycle, placing.drafted_as_of)
        target_text = _budget_year(t.target, catalogue, placing)
    # Sized by the action's own evidence (the 9 pupils without the fare, not all 27 the
    # poverty priority reports); a priority from statistics alone has only its total.
    pupils, schools = tally.affected_students, len(tally.schools)
    at = sorted(tally.schools)
    if tally.consultation_ids:
        pupils = sum(o.affected_students for o in seen)
        at = sorted({o.school for o in seen if o.school})
        schools = len(at)
    costing = catalogue.costing.actions.get(t.action_id)
    stand_in = _stand_in(placing, serbian) if costing and costing.system_school else None
    if not schools and stand_in:  # the MED's consultation: the one school of its system
        schools, at = 1, [stand_in[0]]
    else:
        stand_in = None
    # Nothing is charged while the plan is being adopted: the action may start then, to
    # prepare, but its months are charged from the month after (its last at the latest).
    charged = min(max(start_month, placing.charged_from or start_month), end_month)
    estimate = catalogue.costing.estimate(
        t.action_id,
        pupils,
        schools,
        months=_months(charged, end_month),
        taught=taught_between(charged, end_month),
        pupils_from="pupils" if tally.consultation_ids else "pupils_statistics",
        rae_enrolled=placing.rae_enrolled,
        rae_schools=placing.rae_schools,
        rae_names=placing.rae_names,
        rae_schools_counted=placing.rae_schools_counted,
        rae_placed=placing.rae_placed,
        rae_evidence=placing.rae_evidence,
        stand_in=stand_in,
    )
    # The action's words name the communities the evidence names; a target that counts
    # the RAE pupils the statistics enrol (RA-1's) names those the statistics count.
    evidence = placing.rae_evidence or placing.rae_names
    counts_enrolled = (
        catalogue.measures.denominators.get(t.action_id) == "rae_pupils" and placing.rae_enrolled
    )
    target = _rae(target_text, placing.rae_names if counts_enrolled else evidence)
    if t.action_id in catalogue.measures.teachers and costing:
        # The teachers the estimate pays for, by the action's end: one number to defend.
        target = _teachers(catalogue.measures.wording, at, costing.count, end_month)
    label = _rae(t.indicator, evidence)
    return PlannedAction(
        action_id=t.action_id,
        label=_rae(t.label, evidence),
        responsible=t.responsible,
        responsible_label=catalogue.bodies[t.responsible],
        partners=t.partners,
        partner_labels=tuple(catalogue.bodies[b] for b in t.partners),
        start=quarter_of(start_month),
        end=quarter_of(end_month),
        start_month=start_month,
        end_month=end_month,
        cost_eur=estimate.eur if estimate else None,
        cost_basis=estimate.basis if estimate else None,
        charged_from=charged if estimate and charged != start_month else None,
        cost_band=t.cost,  # type: ignore[arg-type]
        funding_source=t.funding,
        funding_label=catalogue.terms(t.funding),
        indicator=Indicator(
            label=label,
            baseline_source=t.baseline,
            target=target.en,
            baseline_label=catalogue.terms(t.baseline),
            target_label=target,
            breakdown=breakdown(
                tally.category, seen, catalogue, placing.profile, label, placing.rae_people
            ),
        ),
        tailored_because=why.en if why else None,
        tailored_label=why,
        consultation_ids=tuple(sorted(ids, key=str)),
    )


def _stand_in(placing: Placing, serbian: bool) -> tuple[str, str] | None:
    """The one school of the action's school system that the plan's consultations name,
    with the system said ("any" where the municipality has one system only), or None."""
    system = "serbian" if serbian else "kosovo"
    pool = placing.schools_by_system.get(system, ())
    if len(pool) != 1:
        return None
    both = placing.profile.serbian_curriculum != "none" or bool(placing.outside)
    return pool[0], system if both else "any"


def _teachers(w: Wording, schools: list[str], per_school: int, month: str) -> Bilingual:
    """ "10 teachers of SHFMU Fan Noli by June 2027": the teachers the estimate counts
    (`per_school` at each school), by the action's last month."""
    n = max(len(schools), 1) * per_school

    def said(lang: str) -> str:
        by = month_year(w, lang, month)
        if not schools:
            return w.phrase(lang, "teachers_none").format(n=n, month=by)
        form = "one" if len(schools) == 1 else "other"
        return w.phrase(lang, "teachers_at", form).format(
            n=n, month=by, count=per_school, names=", ".join(schools)
        )

    return Wording.each(said)


def _school_led(t: ActionTemplate, catalogue: Catalogue) -> ActionTemplate:
    """A prevention-team action with no variant of its own, for a Serbian-curriculum
    school: that school has no MESTI team, so the school leads in its place with its
    pedagogue-psychologist service ("CL-3S"); costed and counted as the action, and
    funded as the MOCR and donors agree (not the municipal line the team's action uses)."""
    return replace(
        t,
        action_id=t.action_id + "S",
        funding=catalogue.outside_funding(t.funding),
        responsible="school" if t.responsible == "school_team" else t.responsible,
        partners=tuple(
            dict.fromkeys(
                "school_pp_service" if p == "school_team" else p
                for p in (("school_team",) if t.responsible == "school_team" else ()) + t.partners
            )
        ),
    )


def _sized_on_rae_schools(t: ActionTemplate, catalogue: Catalogue) -> bool:
    """Whether the action's cost counts the schools named with RAE pupils (RA-2)."""
    c = catalogue.costing.actions.get(t.action_id)
    return c is not None and c.driver == "rae_schools"


def _budget_year(text: Bilingual, catalogue: Catalogue, placing: Placing) -> Bilingual:
    """The budget line's target with the year of the first budget still open and the day
    the municipality proposes it ("... for the 2028 budget ... by 30 September 2027")."""
    budget, months = catalogue.budget, catalogue.measures.wording
    year = budget.open_year(placing.cycle, placing.drafted_as_of)
    due = budget.deadline(year)
    return Wording.each(
        lambda lang: (
            str(getattr(text, lang) or text.en)
            .replace("{budget_year}", str(year))
            .replace("{deadline}", budget.say_date(months, lang, due))
        )
    )


def _rae(text: Bilingual, names: dict[str, Bilingual]) -> Bilingual:
    """A text naming the RAE group by placeholder ("{group} neighbourhoods"), filled with
    `names` (the communities the evidence names, or those the statistics count); a text
    without one is returned as it is."""
    if "{group" not in text.en:
        return text
    return Wording.each(
        lambda lang: fill_rae(str(getattr(text, lang) or text.en), rae_values(names, lang))
    )


def _months(start: str, end: str) -> int:
    """Months from `start` to `end` (YYYY-MM), both included."""
    (sy, sm), (ey, em) = (map(int, start.split("-")), map(int, end.split("-")))
    return (ey - sy) * 12 + em - sm + 1
