"""An adopted plan version's actions become tracked actions; an amended one re-tracks them.

Monitoring never reads a working draft: the adopted version is the content
of `PlanVersionIssued` with the status and adoption record of the
`PlanStatusChanged` that approved it.
"""

from schemas.plans import Plan, PlannedAction, PlanStatusChanged, Priority
from schemas.progress import StatusUpdate, TrackedAction
from services.monitoring.domain.periods import quarter_months
from services.monitoring.domain.refusals import NotAdopted

FINISHED = frozenset({"done", "cancelled"})


def is_adopted(plan: Plan) -> bool:
    return plan.status == "approved" and plan.adoption is not None


def adopted_version(issued: Plan, change: PlanStatusChanged) -> Plan:
    """The issued version `change` approved, as adopted (status and adoption record)."""
    if (issued.plan_id, issued.version) != (change.plan_id, change.version):
        raise NotAdopted(
            f"{change.plan_id} version {change.version} was decided, "
            f"not {issued.plan_id} version {issued.version}"
        )
    if change.status != "approved" or change.adoption is None:
        raise NotAdopted(f"{change.plan_id} version {change.version} was not adopted")
    return issued.model_copy(update={"status": "approved", "adoption": change.adoption})


def track(plan: Plan) -> tuple[TrackedAction, ...]:
    """Every action of an adopted version, not started, in the plan's order."""
    if not is_adopted(plan):
        raise NotAdopted(
            f"{plan.plan_id} version {plan.version} is {plan.status}, not adopted: "
            "only an adopted plan is followed"
        )
    seen: set[str] = set()
    tracked = []
    for priority in plan.priorities:
        for action in priority.actions:
            if action.action_id not in seen:  # an id names one action in a plan
                seen.add(action.action_id)
                tracked.append(_tracked(plan, priority, action))
    return tuple(tracked)


def retrack(previous: tuple[TrackedAction, ...], plan: Plan) -> tuple[TrackedAction, ...]:
    """Tracked actions of a newly adopted version, keeping each action's status history.

    An action still in the plan takes the new content and keeps its status,
    history and spending; a new one starts; one no longer in the plan is
    cancelled, its history kept (an already cancelled one stays as it was).
    """
    fresh = track(plan)
    assert plan.adoption is not None  # track() refused anything else
    before = {action.action_id: action for action in previous}
    kept = tuple(
        action.model_copy(
            update={
                "status": before[action.action_id].status,
                "history": before[action.action_id].history,
                "spent_eur": before[action.action_id].spent_eur,
            }
        )
        if action.action_id in before
        else action
        for action in fresh
    )
    now_in = {action.action_id for action in fresh}
    removed = []
    for action in sorted(previous, key=lambda a: a.action_id):
        if action.action_id in now_in:
            continue
        if action.status != "cancelled":
            cancel = StatusUpdate(
                status="cancelled",
                on=plan.adoption.decision_date,
                evidence=f"not in the adopted version {plan.version} "
                f"(decision {plan.adoption.decision_number})",
                reported_by=plan.adoption.adopted_by,
            )
            action = action.model_copy(
                update={"status": "cancelled", "history": (*action.history, cancel)}
            )
        removed.append(action)
    return kept + tuple(removed)


def _tracked(plan: Plan, priority: Priority, action: PlannedAction) -> TrackedAction:
    first, _ = quarter_months(plan.cycle, action.start)
    _, last = quarter_months(plan.cycle, action.end)
    return TrackedAction(
        plan_id=plan.plan_id,
        version=plan.version,
        action_id=action.action_id,
        category=priority.category,
        label=action.label,
        responsible=action.responsible,
        focal_point=action.focal_point,
        partners=action.partners,
        start_month=action.start_month or first,
        end_month=action.end_month or last,
        cost_eur=action.cost_eur,
        funding_source=action.funding_source,
        budget_line=action.budget_line,
        indicator=action.indicator,
    )
