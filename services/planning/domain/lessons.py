"""What the next school year's draft learns from the plan monitoring followed this year.

Monitoring's newest tracking snapshot of a municipality's previous plan
carries `next_cycle` (its carry-over). From it, and from nothing else (no
clock), the draft of the following school year:
- raises the priority score of each category whose indicator was off track
  by `RAISE_POINTS` (capped at 100), before ranking, with the reason kept;
- carries over each unfinished action: into its category's priority when that
  category is a priority again (the same catalogue action is marked, not
  doubled), else listed only;
- reports finished actions whose indicator met its target as results.
The same snapshot and consultations always give the same plan.
"""

from collections.abc import Iterable
from typing import Final

from schemas.plans import (
    Bilingual,
    CarriedAction,
    CycleResult,
    Plan,
    PlannedAction,
    PreviousCycle,
    Quarter,
    RaisedCategory,
)
from schemas.progress import PlanTracking, TrackedAction, TrackedIndicator
from schemas.vocabulary import IssueCategory
from services.planning.domain.catalogue import ActionTemplate, Catalogue
from services.planning.domain.evidence import CategoryTally

RAISE_POINTS: Final = 15.0


def previous_cycle_of(cycle: str) -> str:
    first = int(cycle[:4])
    return f"{first - 1}-{first}"


def lessons(tracking: PlanTracking | None, cycle: str) -> PlanTracking | None:
    """The snapshot if it speaks for `cycle` (its carry-over names that school year)."""
    if tracking is None or tracking.next_cycle is None:
        return None
    return tracking if tracking.next_cycle.next_cycle == cycle else None


def raise_scores(
    scored: Iterable[tuple[float, CategoryTally]], tracking: PlanTracking | None
) -> list[tuple[float, CategoryTally]]:
    """Scores with each off-track category's raised by RAISE_POINTS (at most 100)."""
    if tracking is None or tracking.next_cycle is None:
        return list(scored)
    raised = {o.category for o in tracking.next_cycle.off_track}
    return [
        (min(100.0, round(s + RAISE_POINTS, 1)) if t.category in raised else s, t)
        for s, t in scored
    ]


def carry_into(plan: Plan, tracking: PlanTracking | None, catalogue: Catalogue) -> Plan:
    """The draft with the previous cycle's lessons: carried actions placed, the section set."""
    if tracking is None or tracking.next_cycle is None:
        return plan
    carry = tracking.next_cycle
    present = {a.action_id for p in plan.priorities for a in p.actions}
    priorities = list(plan.priorities)
    carried: list[CarriedAction] = []
    for item in carry.carried_over:
        action = item.action
        where = next((i for i, p in enumerate(priorities) if p.category == action.category), None)
        if where is not None and action.action_id not in present:
            p = priorities[where]
            added = _planned(action, catalogue)
            priorities[where] = p.model_copy(update={"actions": (*p.actions, added)})
            present.add(action.action_id)
        carried.append(_carried(action, catalogue, placed=where is not None))
    indicators = {i.action_id: i for i in tracking.indicators}
    previous = PreviousCycle(
        plan_id=tracking.plan_id,
        cycle=tracking.cycle,
        version=tracking.version,
        carried_over=tuple(carried),
        raised=tuple(
            _raised(o.category, o.action_id, o.reason, indicators.get(o.action_id))
            for o in carry.off_track
        ),
        results=tuple(
            CycleResult(
                action_id=r.action_id,
                category=r.category,
                label=r.label,
                target_value=r.target_value,
                achieved_value=r.achieved_value,
                unit=r.unit,
            )
            for r in carry.results
        ),
    )
    return plan.model_copy(update={"priorities": tuple(priorities), "previous_cycle": previous})


def _template(
    action_id: str, category: IssueCategory, catalogue: Catalogue
) -> ActionTemplate | None:
    playbook = catalogue.playbooks.get(category)
    if playbook is None:
        return None
    return next((t for t in playbook.actions if t.action_id == action_id), None)


def _quarter(month: str) -> Quarter:
    """The school-year quarter of a month (Sep–Nov Q1, Dec–Feb Q2, Mar–May Q3, Jun–Aug Q4)."""
    index = (int(month[5:7]) - 9) % 12 // 3
    quarters: tuple[Quarter, ...] = ("Q1", "Q2", "Q3", "Q4")
    return quarters[index]


def _label(code: str, catalogue: Catalogue) -> Bilingual:
    return catalogue.bodies.get(code) or Bilingual(en=code, sq=code)


def _term(english: str, catalogue: Catalogue) -> Bilingual | None:
    """The catalogue's translations of a funding source; None for the group's own words."""
    try:
        return catalogue.terms(english) if english else None
    except KeyError:
        return None


def _planned(action: TrackedAction, catalogue: Catalogue) -> PlannedAction:
    """The tracked action as an action of the new plan: its content kept, no months fixed
    (the working group sets this year's), no consultations of this year behind it."""
    template = _template(action.action_id, action.category, catalogue)
    return PlannedAction(
        action_id=action.action_id,
        label=action.label,
        responsible=action.responsible,
        responsible_label=_label(action.responsible, catalogue),
        partners=action.partners,
        partner_labels=tuple(_label(b, catalogue) for b in action.partners),
        start=_quarter(action.start_month),
        end=_quarter(action.end_month),
        cost_band=template.cost if template else "medium",  # type: ignore[arg-type]
        funding_source=action.funding_source,
        funding_label=_term(action.funding_source, catalogue),
        indicator=action.indicator,
        consultation_ids=(),
        origin="catalogue" if template else "local",
        focal_point=action.focal_point,
        cost_eur=action.cost_eur,
        budget_line=action.budget_line,
    )


def _carried(action: TrackedAction, catalogue: Catalogue, placed: bool) -> CarriedAction:
    last = action.history[-1] if action.history else None
    status = action.status if action.status in ("not_started", "on_track", "delayed") else "delayed"
    return CarriedAction(
        action_id=action.action_id,
        category=action.category,
        label=action.label,
        responsible=action.responsible,
        responsible_label=catalogue.bodies.get(action.responsible),
        status=status,
        planned_end=action.end_month,
        period=last.period if last and last.report_id else "",
        evidence=last.evidence if last and last.report_id else "",
        placed=placed,
    )


def _raised(
    category: IssueCategory, action_id: str, reason: str, indicator: TrackedIndicator | None
) -> RaisedCategory:
    point = indicator.points[-1] if indicator and indicator.points else None  # judged newest
    return RaisedCategory(
        category=category,
        action_id=action_id,
        indicator=indicator.label if indicator else None,
        period=point.period if point else "",
        value=point.value if point else None,
        expected=point.expected if point else None,
        unit=(point.unit or indicator.unit or "") if point and indicator else "",
        reason=reason,
        points=RAISE_POINTS,
    )
