"""Choosing the catalogue's actions for a priority, tailored to its evidence."""

from datetime import date
from uuid import UUID

from schemas.plans import Indicator, PlannedAction
from services.planning.domain.catalogue import (
    SEVERITY_ORDER,
    ActionTemplate,
    Catalogue,
    Condition,
)
from services.planning.domain.evidence import CategoryTally, Observation
from services.planning.domain.months import quarter_of
from services.planning.domain.timeline import schedule


def _holds(condition: Condition, o: Observation) -> bool:
    if condition.affected_group and condition.affected_group not in o.affected_groups:
        return False
    if condition.school_level and condition.school_level != o.school_level:
        return False
    return not (
        condition.min_severity
        and SEVERITY_ORDER.index(o.severity) < SEVERITY_ORDER.index(condition.min_severity)
    )


def plan_actions(
    tally: CategoryTally, catalogue: Catalogue, cycle: str, drafted_as_of: date | None
) -> tuple[PlannedAction, ...]:
    playbook = catalogue.playbooks.get(tally.category)
    if playbook is None:
        return ()
    chosen = []
    for template in playbook.actions:
        if template.when is None:
            ids: set[UUID] = set(tally.consultation_ids)
        else:
            ids = {o.consultation_id for o in tally.observations if _holds(template.when, o)}
            if not ids:
                continue
        chosen.append(_action(template, catalogue, ids, tally, (cycle, drafted_as_of)))
    return tuple(chosen)


def _action(
    t: ActionTemplate,
    catalogue: Catalogue,
    ids: set[UUID],
    tally: CategoryTally,
    period: tuple[str, date | None],
) -> PlannedAction:
    why = t.when.describe(catalogue.wording) if t.when else None
    start_month, end_month = schedule(t.start, t.end, *period)  # type: ignore[arg-type]
    estimate = catalogue.costing.estimate(t.action_id, tally.affected_students, len(tally.schools))
    return PlannedAction(
        action_id=t.action_id,
        label=t.label,
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
        cost_band=t.cost,  # type: ignore[arg-type]
        funding_source=t.funding,
        funding_label=catalogue.terms(t.funding),
        indicator=Indicator(
            label=t.indicator,
            baseline_source=t.baseline,
            target=t.target.en,
            baseline_label=catalogue.terms(t.baseline),
            target_label=t.target,
        ),
        tailored_because=why.en if why else None,
        tailored_label=why,
        consultation_ids=tuple(sorted(ids, key=str)),
    )
