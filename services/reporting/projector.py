"""Which event goes to which read model: one handler per event type.

The live subscribers and `dmap reporting rebuild` use the same table, so a
rebuilt read model is what the subscribers would have built.
"""

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import TypeAdapter

from schemas.amendments import AmendmentRecordedEvent
from schemas.consultations import (
    ConsultationCorrectedEvent,
    ConsultationRecordedEvent,
)
from schemas.plans import (
    PlanDraftedEvent,
    PlanEvent,
    PlanRequestRefusedEvent,
    PlanRevisedEvent,
    PlanStatusChangedEvent,
    PlanVersionIssuedEvent,
)
from schemas.progress import PlanTrackingEvent
from schemas.reviews import ReviewRecordedEvent
from schemas.topics import CONSULTATIONS, PLAN_AMENDMENTS, PLAN_REVIEWS, PLAN_TRACKING, PLANS
from services.admission.consultations import check_cycle
from services.admission.consumed import (
    parse_amendment,
    parse_consultation,
    parse_review_decision,
)
from services.reporting.unit import TABLES, ReportingUnit
from services.runtime.subscriber import Handled, Handler, Subscription
from services.runtime.unit_of_work import CloudEvent

__all__ = ["SUBSCRIPTIONS", "TABLES"]

E = TypeVar("E", bound=CloudEvent)


def once(project: Callable[[ReportingUnit, E], Awaitable[None]]) -> Handler[ReportingUnit]:
    """A handler that projects each event the first time its id is seen."""

    async def handle(unit: ReportingUnit, events: Sequence[E]) -> Handled:
        applied = []
        for event in events:
            if await unit.first_time(event.id, event.type):
                await project(unit, event)
                applied.append(event)
        return Handled(applied)

    return handle


async def consultation(unit: ReportingUnit, event: ConsultationRecordedEvent) -> None:
    await unit.workspace.project_consultation(event)


async def correction(unit: ReportingUnit, event: ConsultationCorrectedEvent) -> None:
    await unit.workspace.project_correction(event)


async def review(unit: ReportingUnit, event: ReviewRecordedEvent) -> None:
    await unit.workspace.project_review(event)
    if event.data.decision == "comment":  # a note: recorded now, unless planning refuses it
        await unit.plans.settle(event.data.review_id, "applied", None, event.time)


async def amendment(unit: ReportingUnit, event: AmendmentRecordedEvent) -> None:
    await unit.workspace.project_amendment(event)


async def draft_revision(unit: ReportingUnit, event: PlanDraftedEvent | PlanRevisedEvent) -> None:
    await unit.plans.project_draft(event)
    await unit.workspace.replace_matrix_rows(event.data.plan)


async def version_issued(unit: ReportingUnit, event: PlanVersionIssuedEvent) -> None:
    await unit.plans.project_issued(event)


async def status_change(unit: ReportingUnit, event: PlanStatusChangedEvent) -> None:
    await unit.plans.project_status(event)


async def request_refused(unit: ReportingUnit, event: PlanRequestRefusedEvent) -> None:
    await unit.plans.project_refusal(event)


async def plan_tracking(unit: ReportingUnit, event: PlanTrackingEvent) -> None:
    await unit.tracking.project(event)


def parse_tracking(raw: bytes) -> PlanTrackingEvent:
    """A monitoring snapshot; fields the contract does not know are ignored."""
    return PlanTrackingEvent.model_validate_json(raw, extra="ignore")


_PLAN_EVENT: TypeAdapter[Any] = TypeAdapter(PlanEvent)


def parse_plan_event(raw: bytes) -> Any:
    """A plan event, refused when its plan's school year is not one DMAP plans for;
    unknown fields are ignored (docs/events.md)."""
    event = _PLAN_EVENT.validate_json(raw, extra="ignore")
    by_id = isinstance(event, PlanStatusChangedEvent | PlanRequestRefusedEvent)
    plan_id = event.data.plan_id if by_id else None
    cycle = event.data.plan.cycle if plan_id is None else plan_id.rpartition(":")[2]
    check_cycle(cycle, datetime.now(UTC).date())
    return event


_PLAN_HANDLERS: dict[type, Handler[ReportingUnit]] = {
    PlanDraftedEvent: once(draft_revision),
    PlanRevisedEvent: once(draft_revision),
    PlanVersionIssuedEvent: once(version_issued),
    PlanStatusChangedEvent: once(status_change),
    PlanRequestRefusedEvent: once(request_refused),
}


def _subscription(
    topic: str, parse: Callable[[bytes], Any], handlers: dict[type, Handler[ReportingUnit]]
) -> Subscription[ReportingUnit]:
    # One consumer group per topic, so a slow topic never holds up another.
    return Subscription(
        topic, f"dmap-reporting-{topic}", parse, handlers, instance_suffix=f"-{topic}"
    )


SUBSCRIPTIONS = (
    _subscription(
        CONSULTATIONS,
        parse_consultation,
        {
            ConsultationRecordedEvent: once(consultation),
            ConsultationCorrectedEvent: once(correction),
        },
    ),
    _subscription(PLANS, parse_plan_event, _PLAN_HANDLERS),
    _subscription(PLAN_REVIEWS, parse_review_decision, {ReviewRecordedEvent: once(review)}),
    _subscription(PLAN_AMENDMENTS, parse_amendment, {AmendmentRecordedEvent: once(amendment)}),
    _subscription(PLAN_TRACKING, parse_tracking, {PlanTrackingEvent: once(plan_tracking)}),
)
