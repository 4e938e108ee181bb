"""Facts the planning service publishes about plans."""

from datetime import datetime
from uuid import uuid4

from schemas.envelope import dataschema_uri
from schemas.plans import Plan, PlanDrafted, PlanDraftedEvent, PlanRevised, PlanRevisedEvent

SOURCE = "/dmap/planning"


def plan_event(
    plan: Plan, previous_version: int | None, now: datetime
) -> PlanDraftedEvent | PlanRevisedEvent:
    common = {"id": uuid4(), "source": SOURCE, "time": now, "subject": plan.plan_id}
    if previous_version is None:
        return PlanDraftedEvent(
            **common,
            dataschema=dataschema_uri("plan-drafted-event.v1"),
            data=PlanDrafted(plan=plan),
        )
    return PlanRevisedEvent(
        **common,
        dataschema=dataschema_uri("plan-revised-event.v1"),
        data=PlanRevised(plan=plan, previous_version=previous_version),
    )
