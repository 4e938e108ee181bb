"""Facts the planning service publishes about plans."""

from datetime import datetime
from uuid import uuid4

from schemas.plans import (
    Plan,
    PlanDiff,
    PlanDrafted,
    PlanDraftedEvent,
    PlanRevised,
    PlanRevisedEvent,
    PlanStatusChanged,
    PlanStatusChangedEvent,
    PlanVersionIssued,
    PlanVersionIssuedEvent,
)

SOURCE = "/dmap/planning"


def plan_event(
    plan: Plan, previous: Plan | None, now: datetime, diff: PlanDiff | None = None
) -> PlanDraftedEvent | PlanRevisedEvent:
    if previous is None:
        return PlanDraftedEvent(
            id=uuid4(),
            source=SOURCE,
            time=now,
            subject=plan.plan_id,
            data=PlanDrafted(plan=plan),
        )
    return revised_event(plan, previous, now, diff)


def revised_event(
    plan: Plan, previous: Plan, now: datetime, diff: PlanDiff | None
) -> PlanRevisedEvent:
    """A new revision of the working draft."""
    return PlanRevisedEvent(
        id=uuid4(),
        source=SOURCE,
        time=now,
        subject=plan.plan_id,
        data=PlanRevised(plan=plan, previous_version=previous.version, diff=diff),
    )


def status_changed_event(change: PlanStatusChanged, now: datetime) -> PlanStatusChangedEvent:
    return PlanStatusChangedEvent(
        id=uuid4(),
        source=SOURCE,
        time=now,
        subject=change.plan_id,
        data=change,
    )


def version_issued_event(
    plan: Plan, previous: Plan | None, now: datetime, diff: PlanDiff | None
) -> PlanVersionIssuedEvent:
    return PlanVersionIssuedEvent(
        id=uuid4(),
        source=SOURCE,
        time=now,
        subject=plan.plan_id,
        data=PlanVersionIssued(
            plan=plan, previous_version=previous.version if previous else None, diff=diff
        ),
    )
