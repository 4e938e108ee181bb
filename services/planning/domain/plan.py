"""Drafting the plan document from consultations: deterministic and explainable."""

import hashlib
from collections import Counter
from collections.abc import Iterable
from datetime import date
from enum import Enum
from typing import TypeVar
from uuid import UUID

from schemas.consultations import ConsultationRecorded
from schemas.plans import (
    AssignedCategory,
    Bilingual,
    CategoryEvidence,
    Finding,
    Indicator,
    IssueClassification,
    IssueRef,
    MonitoringArrangement,
    Plan,
    PlanStatus,
    Priority,
    Unclassified,
    UnitCost,
)
from schemas.progress import PlanTracking
from schemas.statistics import Community, MunicipalStatisticsRecorded
from schemas.vocabulary import AffectedGroup, IssueCategory, MunicipalityCode
from services.planning.domain.action_timing import fit_to_months
from services.planning.domain.actions import Placing, plan_actions
from services.planning.domain.baselines import (
    RAE_ORDER,
    counts,
    fill_rae,
    latest,
    once,
    rae_counted,
    rae_names,
    rae_names_of,
    rae_values,
    result,
    used,
)
from services.planning.domain.budget_cycle import charged_note, year_notes
from services.planning.domain.catalogue import Catalogue
from services.planning.domain.classification import RuleSet
from services.planning.domain.communities import names_for, nor_list, rae_named
from services.planning.domain.cycle import plan_id
from services.planning.domain.evidence import CategoryTally, Evidence, gather
from services.planning.domain.groups import anywhere_actions, budget_line_action, group_actions
from services.planning.domain.lessons import carry_into, raise_scores
from services.planning.domain.mediators import named_levels, placement
from services.planning.domain.narrative import main_finding, recommendations
from services.planning.domain.opinion import Classifier, Opinion, as_classifier
from services.planning.domain.output_baselines import GRADES_1_9, PAIRED, counted
from services.planning.domain.priorities import rationale, score
from services.planning.domain.profiles import school_system
from services.planning.domain.risks import risks_for
from services.planning.domain.situation import (
    analyse,
    disability_gap,
    rae_voices_gap,
    serbian_schools_gap,
)
from services.planning.domain.statistics_text import (
    GAP_POINTS,
    GAP_TOP_RATIO,
    describe,
    gap_evidence,
    gap_ratio,
    gap_score,
    rae_dropouts,
    rae_gap,
)
from services.planning.domain.steering import NO_STEERING, Steering, choose
from services.planning.domain.tailoring import context, outside_schools
from services.planning.domain.timeline import month_name, running_from, teaching_months
from services.planning.domain.wording import Wording

# Bump when a code change alters what plans say: plans drafted by another engine
# version are re-drafted at start-up, like after a catalogue or rules change.
ENGINE_VERSION = "2026.12.21"

E = TypeVar("E", bound=Enum)


def in_vocabulary_order(members: Iterable[E]) -> tuple[E, ...]:
    """Enum members in their declared order (MED before teachers; primary before upper)."""
    present = set(members)
    if not present:
        return ()
    return tuple(m for m in type(next(iter(present))) if m in present)


def _sorted_ids(t: CategoryTally) -> tuple[UUID, ...]:
    return tuple(sorted(t.consultation_ids, key=str))


def _evidence(t: CategoryTally) -> CategoryEvidence:
    return CategoryEvidence(
        consultation_count=len(t.consultation_ids),
        stakeholder_groups=in_vocabulary_order(t.stakeholder_groups),
        schools=tuple(sorted(t.schools)),
        school_levels=in_vocabulary_order(t.school_levels),
        affected_students=t.affected_students,
        severity_counts={s: t.severity_counts[s] for s in in_vocabulary_order(t.severity_counts)},
        affected_groups=in_vocabulary_order(t.affected_groups),
        first_seen=min(t.dates),
        last_seen=max(t.dates),
        matched_terms=tuple(sorted(t.matched_terms)),
        matched_words=tuple(sorted(t.matched_words, key=lambda w: (w.casefold(), w))),
        explicit_count=t.explicit_count,
        model_count=t.model_count,
    )


def draft_plan(
    municipality: MunicipalityCode,
    cycle: str,
    records: Iterable[ConsultationRecorded],
    rules: RuleSet | Classifier,
    catalogue: Catalogue,
    *,
    version: int = 1,
    status: PlanStatus = "draft",
    last_approved_version: int | None = None,
    steering: Steering = NO_STEERING,
    statistics: Iterable[MunicipalStatisticsRecorded] = (),
    previous: PlanTracking | None = None,
) -> Plan:
    """The engine's proposal; `steering` carries the working group's evidence corrections
    and priority decisions, which act while ranking; `statistics` (the municipality's,
    any year) give the baselines and targets; `previous` is monitoring's snapshot of the
    previous school year's plan, whose lessons this draft takes (lessons.py)."""
    classifier = as_classifier(rules)
    evidence = gather(records, classifier, steering.overrides)
    stats = latest(statistics, cycle)
    as_of = drafting_date(evidence.consultations, stats)
    source_label = catalogue.terms(stats.source) if stats else None
    classified, omitted = classification_of(evidence)
    total = len(evidence.consultations)
    gap = rae_gap(stats)
    scored = sorted(
        raise_scores(
            ((_weighed(score(t, total), t, gap), t) for t in evidence.by_category.values()),
            previous,
        ),
        key=lambda st: (-st[0], -len(st[1].consultation_ids), st[1].category.value),
    )
    chosen, others = choose(
        [(st[1].category, st) for st in scored], steering, catalogue.max_priorities
    )
    top, rest = [st for _, st in chosen], [st for _, st in others]
    if gap and stats is not None:
        top, rest = _with_rae_priority(top, rest, steering, stats)
    # Tailoring: the schools under the Serbian curriculum (outside EMIS) get actions that
    # fit them; each action is placed once, in rank order; then the groups' actions.
    profile = catalogue.profile(municipality.value)
    systems = {
        r.consultation_id: school_system(r, profile, catalogue.school_markers)
        for r in evidence.consultations
    }
    outside = frozenset(c for c, s in systems.items() if s == "serbian")
    unsure = frozenset(c for c, s in systems.items() if s == "unsure")
    placing = Placing(
        outside,
        unsure,
        profile,
        cycle,
        as_of,
        charged_from=catalogue.budget.charged_from(cycle, as_of),
        rae_enrolled=counts(stats, "dropout", GRADES_1_9, "rae")[1] if stats else 0,
        rae_schools=rae_schools(evidence),
        rae_names=rae_names(catalogue.measures.wording, stats),
        rae_schools_counted=(
            (
                stats.schools_with_rae_pupils,
                source_label or Bilingual(en=stats.source, sq=stats.source),
                stats.school_year,
            )
            if stats and stats.schools_with_rae_pupils
            else None
        ),
    )
    ranked = [t for _, t in top]
    named_by_system: dict[str, set[str]] = {}
    for r in evidence.consultations:
        if r.school and r.school.name:
            named_by_system.setdefault(systems[r.consultation_id], set()).add(r.school.name)
    placing.schools_by_system = {k: tuple(sorted(v)) for k, v in named_by_system.items()}
    # The RAE communities the evidence names (statistics rows, consultation texts): where
    # fewer than all three, the plan's headings and notes name those ("Roma").
    observed = [o for t in evidence.by_category.values() for o in t.observations]
    named_rae = rae_named(stats, observed, catalogue.rae_mentions)
    named = names_for(named_rae, catalogue.measures.wording)
    placing.group_labels, placing.rae_people = named.groups, named.people
    placing.rae_evidence = rae_names_of(catalogue.measures.wording, named_rae)
    # Where RA-2's mediators go, when the statistics put most RAE pupils elsewhere than
    # a school the consultations name (its count stays the schools named).
    if not placing.rae_schools_counted:
        levels = named_levels(
            (o for t in evidence.by_category.values() for o in t.observations),
            placing.rae_schools,
        )
        placing.rae_placed = placement(
            stats,
            levels,
            catalogue.measures.wording,
            source_label,
            placing.rae_names,
            # Most schools outside EMIS: the MOCR, RA-2's lead, chooses with the MED.
            route="outside" if profile.serbian_curriculum == "most" else "emis",
        )
    # The objective counts the teaching months the actions run, as the costing charges
    # them: after the adoption window, in which actions only prepare.
    adoption = catalogue.budget.adoption_months
    # RAE inclusion, when it is a priority (with a gap, from the statistics above), is
    # measured on Roma, Ashkali and Egyptian pupils; the other priorities then on theirs.
    rae_at = next(
        (i for i, t in enumerate(ranked) if t.category == IssueCategory.RAE_INCLUSION), None
    )
    measured = once(
        [
            result(
                t.category,
                t.school_levels,
                stats,
                cycle,
                catalogue.measures,
                source_label,
                groups=t.affected_groups - ({AffectedGroup.RAE} if rae_at is not None else set()),
                months=teaching_months(cycle, as_of, catalogue.measures.target_month, adoption),
                first=month_name(cycle, running_from(cycle, as_of, adoption)),
                rae=i == rae_at,
            )
            for i, t in enumerate(ranked)
        ],
        catalogue.measures,
    )
    results = {t.category: r for t, r in zip(ranked, measured, strict=True)}
    actions = [plan_actions(t, catalogue, placing) for t in ranked]
    for index, extra in group_actions(ranked, catalogue, placing).items():
        actions[index] += extra
    for index, extra in anywhere_actions(ranked, catalogue, placing).items():
        actions[index] += extra
    for index, extra in budget_line_action(actions, catalogue, placing).items():
        actions[index] += extra
    actions = [
        [
            counted(
                fit_to_months(a, catalogue.measures),
                t,
                stats,
                catalogue.measures,
                source_label,
                placing.rae_schools,
                paired={a.action_id for acts_ in actions for a in acts_} >= PAIRED,
                before_adoption=catalogue.budget.adoption_window(as_of)[1] if as_of else None,
                rae_placed=placing.rae_placed,
                rae_evidence=placing.rae_evidence,
            )
            for a in acts
        ]
        for t, acts in zip(ranked, actions, strict=True)
    ]
    recs, recs_omitted = recommendations(evidence.consultations, classifier)
    serbian_schools = bool(outside) or profile.serbian_curriculum in ("most", "some")
    priorities = tuple(
        Priority(
            rank=rank,
            category=t.category,
            consultation_count=len(t.consultation_ids),
            stakeholder_groups=in_vocabulary_order(t.stakeholder_groups),
            affected_students=t.affected_students,
            consultation_ids=_sorted_ids(t),
            score=s,
            rationale=(
                rationale(t, catalogue.wording, named.groups)
                if t.consultation_ids or stats is None
                else gap_evidence(stats, catalogue.measures.wording, source_label)
            ),
            objective=_objective(catalogue, t.category, results[t.category].objective, named_rae),
            evidence=_evidence(t) if t.consultation_ids else None,
            actions=tuple(actions[rank - 1]),
            outcome=_owned(results[t.category].indicator, catalogue, serbian_schools),
        )
        for rank, (s, t) in enumerate(top, start=1)
    )
    schools_outside = outside_schools(evidence.consultations, outside)
    analysed = analyse(evidence.consultations, catalogue.wording)
    situation = analysed.model_copy(
        update={
            "context": context(municipality.value, catalogue, schools_outside),
            "coverage_gaps": analysed.coverage_gaps
            + disability_gap(
                {c: t.affected_groups for c, t in evidence.by_category.items()},
                catalogue.wording,
            )
            + rae_voices_gap(
                evidence.consultations,
                gap,
                catalogue.wording,
                placing.rae_names["group"],
                nor_list(rae_counted(stats), catalogue.measures.wording),
            )
            + serbian_schools_gap(
                profile.serbian_curriculum, bool(outside | unsure), catalogue.wording
            ),
            "outside_emis_schools": schools_outside,
            "by_school_level_outside_emis": dict(
                Counter(
                    r.school.level
                    for r in evidence.consultations
                    if r.school and r.consultation_id in outside
                )
            ),
            "statistics": describe(stats, catalogue.measures.wording, source_label),
            "main_findings": tuple(
                main_finding(
                    t, recs, catalogue.wording, frozenset(t.consultation_ids), named.groups
                )
                for t in ranked
                if t.consultation_ids  # a priority from statistics is told in `statistics`
            ),
            "recommendations": recs,
            "recommendations_omitted": recs_omitted,
        }
    )
    leads = {a.responsible for p in priorities for a in p.actions}
    placed = {a.action_id for p in priorities for a in p.actions}
    # Serbian-curriculum schools are the plan's concern wherever the municipality has them,
    # consulted or not (Obiliq's villages): their risk and their monitoring route stand.
    risk_register = risks_for(
        priorities,
        catalogue,
        serbian_schools,
        named.groups,
        named_rae,
        running_from=placing.charged_from,
    )
    plan = Plan(
        plan_id=plan_id(municipality.value, cycle),
        municipality=municipality,
        cycle=cycle,
        version=version,
        status=status,
        consultation_count=total,
        stakeholder_groups_heard=tuple(
            in_vocabulary_order({r.stakeholder_group for r in evidence.consultations})
        ),
        priorities=priorities,
        engine_version=ENGINE_VERSION,
        catalogue_version=catalogue.version,
        rules_version=classifier.rules.version,
        model_version=classifier.model_version,
        classification=classified,
        classification_omitted=omitted,
        last_approved_version=last_approved_version,
        goals=catalogue.goals,
        situation=situation,
        other_findings=tuple(
            Finding(
                category=t.category,
                score=s,
                consultation_count=len(t.consultation_ids),
                consultation_ids=_sorted_ids(t),
            )
            for s, t in rest
        ),
        unclassified=_issues(evidence, "unclassified"),
        needs_human=_issues(evidence, "needs_human"),
        monitoring=tuple(
            MonitoringArrangement(
                arrangement=m.scoped if serbian_schools and m.scoped else m.text,
                owner=m.owner,
                owner_label=catalogue.bodies.get(m.owner),
                frequency=m.frequency,
                data_source=m.source,
                frequency_label=catalogue.terms(m.frequency),
                data_source_label=catalogue.terms(m.source),
            )
            for m in catalogue.monitoring
            if (serbian_schools or not m.outside_emis_only)
            and (m.leads is None or m.leads in leads or bool(set(m.actions) & placed))
        ),
        risks=tuple(r.risk for r in risk_register),
        risk_register=risk_register,
        drafted_as_of=as_of,
        statistics=used(stats) if stats else None,
        unit_costs=_unit_costs(priorities, catalogue),
        budget_notes=_budget_notes(priorities, catalogue, cycle, as_of),
        category_labels=named.categories,
        group_labels=named.groups,
    )
    return carry_into(plan, previous, catalogue)


def _budget_notes(
    priorities: tuple[Priority, ...], catalogue: Catalogue, cycle: str, as_of: date | None
) -> tuple[Bilingual, ...]:
    """What the budget section says of the budget cycle: from when costs are charged (once,
    when some action is scheduled to start in the adoption window), and how the municipal
    money of each fiscal year it falls in is to be met."""
    budget, months = catalogue.budget, catalogue.measures.wording
    actions = [a for p in priorities for a in p.actions]
    charged = [a.charged_from for a in actions if a.charged_from]
    notes = [charged_note(budget, months, as_of, min(charged))] if as_of and charged else []
    years = {
        int(month[:4])
        for a in actions
        if a.cost_eur and a.start_month and a.end_month and budget.is_municipal(a.funding_source)
        for month in (a.charged_from or a.start_month, a.end_month)
    }
    if years:
        notes += year_notes(budget, months, cycle, as_of, years)
    return tuple(notes)


Scored = tuple[float, CategoryTally]


def _with_rae_priority(
    top: list[Scored], rest: list[Scored], steering: Steering, stats: MunicipalStatisticsRecorded
) -> tuple[list[Scored], list[Scored]]:
    """With an RAE dropout gap, RAE inclusion is a priority of its own (unless the working
    group dropped it): from the other findings if consultations raised it, else from the
    statistics alone, scaled by the RAE pupils who left. It is weighed by the gap
    (gap_score, or its own score if higher) and ranked by that score among the others; a
    gap of GAP_TOP_RATIO times or more ranks it no lower than second. A working group's
    move of it still decides its rank."""
    rae = IssueCategory.RAE_INCLUSION
    if rae in steering.dropped:
        return top, rest
    found = next((st for st in top if st[1].category == rae), None)
    if found is not None:
        top = [st for st in top if st is not found]
    else:
        found = next((st for st in rest if st[1].category == rae), None)
        if found is not None:
            rest = [st for st in rest if st is not found]
    tally = (
        found[1]
        if found is not None
        else CategoryTally(
            rae, affected_students=rae_dropouts(stats), affected_groups={AffectedGroup.RAE}
        )
    )
    points = max(found[0] if found is not None else 0.0, gap_score(stats))
    at = next((i for i, (s, _) in enumerate(top) if points > s), len(top))
    if gap_ratio(stats) >= GAP_TOP_RATIO:
        at = min(at, 1)
    moved = next((r for c, r in reversed(steering.moves) if c == rae), None)
    if moved is not None:
        at = min(moved, len(top) + 1) - 1
    return [*top[:at], (points, tally), *top[at:]], rest


def _owned(
    indicator: Indicator | None, catalogue: Catalogue, serbian_schools: bool
) -> Indicator | None:
    """A result indicator with who answers for it: always the MED, which holds the
    municipal rates (a school team, a school or an NGO cannot answer for them); where
    schools follow the Serbian curriculum, their figures reach it through the MOCR."""
    if indicator is None:
        return None
    note = (
        Wording.each(lambda lang: catalogue.wording.phrase(lang, "outcome_through_mocr"))
        if serbian_schools
        else None
    )
    return indicator.model_copy(
        update={"owner": "med", "owner_label": catalogue.bodies["med"], "owner_note": note}
    )


def rae_schools(evidence: Evidence) -> tuple[str, ...]:
    """The schools the consultations name with Roma, Ashkali or Egyptian pupils, whatever
    the issue: where the MED recommends a mediator in each, RA-2 costs and counts them."""
    return tuple(
        sorted(
            {
                o.school
                for t in evidence.by_category.values()
                for o in t.observations
                if o.school and AffectedGroup.RAE in o.affected_groups
            }
        )
    )


def _weighed(points: float, t: CategoryTally, gap: bool) -> float:
    """The score, raised by GAP_POINTS (at most 100) for evidence naming Roma, Ashkali or
    Egyptian pupils when the municipality's statistics show their dropout gap."""
    if gap and _names_rae(t):
        return min(100.0, round(points + GAP_POINTS, 1))
    return points


def _names_rae(t: CategoryTally) -> bool:
    return AffectedGroup.RAE in t.affected_groups or t.category == IssueCategory.RAE_INCLUSION


def drafting_date(
    consultations: Iterable[ConsultationRecorded], stats: MunicipalStatisticsRecorded | None
) -> date | None:
    """The latest evidence date: no clock enters a plan, so the same evidence drafts the same
    timeline, and no action is offered a month that had passed when its evidence came in."""
    dates = [c.consultation_date for c in consultations]
    if stats is not None:
        dates.append(stats.recorded_on)
    return max(dates, default=None)


def _objective(
    catalogue: Catalogue,
    category: IssueCategory,
    measured: Bilingual,
    rae: tuple[Community, ...] = RAE_ORDER,
) -> Bilingual:
    """The catalogue's objective followed by its measurable sentence (numbers and a date,
    or what to measure first); its `{group}` names the RAE communities of the evidence."""
    if category not in catalogue.playbooks:
        return measured
    base = catalogue.playbooks[category].objective
    names = rae_names_of(catalogue.measures.wording, rae)

    def said(lang: str) -> str:
        aim = fill_rae(str(getattr(base, lang) or base.en), rae_values(names, lang))
        return f"{aim} {getattr(measured, lang)}"

    return Wording.each(said)


def _unit_costs(priorities: tuple[Priority, ...], catalogue: Catalogue) -> tuple[UnitCost, ...]:
    """The unit costs the estimates used, by code."""
    codes = {
        catalogue.costing.actions[a.action_id].unit
        for p in priorities
        for a in p.actions
        if a.cost_basis is not None and a.action_id in catalogue.costing.actions
    }
    # "No additional cost" is the catalogue's judgement, not a figure to list.
    return tuple(
        catalogue.costing.units[c] for c in sorted(codes) if catalogue.costing.units[c].eur
    )


ISSUE_TEXT_MAX = 240  # an issue quoted to the working group, bounded like the plan event


def _issues(evidence: Evidence, state: str) -> Unclassified | None:
    """The free-text issues the classifier left `unclassified` or that `needs_human`."""
    refs = evidence.issues_in(state)
    if not refs:
        return None
    wanted = {c for c, _ in refs}
    texts = {
        (r.consultation_id, i): " ".join(issue.description.split())[:ISSUE_TEXT_MAX]
        for r in evidence.consultations
        if r.consultation_id in wanted
        for i, issue in enumerate(r.raised_issues)
    }
    spoken = {r.consultation_id: str(r.language) for r in evidence.consultations}
    return Unclassified(
        issue_count=len(refs),
        consultation_ids=tuple(sorted({c for c, _ in refs}, key=str)),
        issues=tuple(
            IssueRef(
                consultation_id=c, issue_index=i, text=texts.get((c, i)), language=spoken.get(c)
            )
            for c, i in refs
        ),
    )


# A plan event carries the whole plan; a municipality with thousands of free-text issues
# must not make it too big for the broker, so the per-issue record is bounded.
MAX_CLASSIFICATION_ENTRIES = 300
_TERMS_SHOWN = 3


def _worth_showing(o: Opinion) -> int:
    """0 for issues a planner must look at, 1 for the model's own calls, 2 for the rest."""
    if o.state != "classified":
        return 0
    return 1 if any(a.by != "rules" for a in o.assigned) else 2


def classification_of(evidence: Evidence) -> tuple[tuple[IssueClassification, ...], int]:
    """Each free-text issue's classification, doubts and the model's calls first, at most
    MAX_CLASSIFICATION_ENTRIES; and how many were left out (rules-only ones first)."""
    ranked = sorted(evidence.opinions.items(), key=lambda kv: _worth_showing(kv[1]))
    kept = sorted(ranked[:MAX_CLASSIFICATION_ENTRIES], key=lambda kv: (str(kv[0][0]), kv[0][1]))
    entries = tuple(
        IssueClassification(
            consultation_id=cid,
            issue_index=index,
            state=o.state,
            categories=tuple(
                AssignedCategory(
                    category=a.category,
                    by=a.by,
                    confidence=a.confidence,
                    terms=a.terms[:_TERMS_SHOWN],
                    words=a.words[:_TERMS_SHOWN],
                    features=a.features[:_TERMS_SHOWN],
                )
                for a in (o.assigned or o.candidates)
            ),
        )
        for (cid, index), o in kept
    )
    return entries, len(ranked) - len(kept)


def content_hash(plan: Plan) -> str:
    """Hash of what the plan says, independent of its numbering, status and issue record."""
    # A plan without a previous cycle hashes as before the field existed: no spurious revision.
    unset = {"previous_cycle"} if plan.previous_cycle is None else set()
    neutral = plan.model_copy(
        update={
            "version": 1,
            "revision": 1,
            "status": "draft",
            "last_approved_version": None,
            "issued": None,
            "adoption": None,
        }
    )
    return hashlib.sha256(neutral.model_dump_json(exclude=unset).encode()).hexdigest()
