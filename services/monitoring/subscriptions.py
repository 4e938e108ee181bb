"""What monitoring consumes: adopted plans (plans.v1), accepted reports and the working
group's meetings (plan-progress.v1)."""

from typing import Any

from pydantic import TypeAdapter

from schemas.plans import (
    PlanDraftedEvent,
    PlanEvent,
    PlanRequestRefusedEvent,
    PlanRevisedEvent,
    PlanStatusChangedEvent,
    PlanVersionIssuedEvent,
)
from schemas.progress import (
    MeetingRecorded,
    MeetingRecordedEvent,
    ProgressEvent,
    ProgressReported,
    ProgressReportedEvent,
)
from schemas.topics import PLAN_PROGRESS, PLANS
from services.monitoring.domain.redacting import redact_meeting, redact_report
from services.monitoring.following import Following
from services.monitoring.unit import MonitoringUnit
from services.runtime.subscriber import Subscription

_PLAN_EVENT: TypeAdapter[Any] = TypeAdapter(PlanEvent)
_PROGRESS_EVENT: TypeAdapter[ProgressReportedEvent | MeetingRecordedEvent] = TypeAdapter(
    ProgressEvent
)


def parse_plan_event(raw: bytes) -> Any:
    """A plan event; fields the contract does not know are ignored (docs/events.md)."""
    return _PLAN_EVENT.validate_json(raw, extra="ignore")


def parse_progress(raw: bytes) -> ProgressReportedEvent | MeetingRecordedEvent:
    """A report or a meeting, its free text redacted (one produced straight to the topic
    is held to the API's rules; the API's own are unchanged by a second pass)."""
    event = _PROGRESS_EVENT.validate_json(raw, extra="ignore")
    if isinstance(event, MeetingRecordedEvent):
        meeting, _ = redact_meeting(event.data.meeting)
        return event.model_copy(update={"data": MeetingRecorded(meeting=meeting)})
    report, _ = redact_report(event.data.report)
    return event.model_copy(update={"data": ProgressReported(report=report)})


def subscriptions(following: Following) -> tuple[Subscription[MonitoringUnit], ...]:
    return (
        Subscription(
            PLANS,
            group="dmap-monitoring-plans",
            parse=parse_plan_event,
            handlers={
                PlanVersionIssuedEvent: following.issued,
                PlanStatusChangedEvent: following.status_changed,
                PlanDraftedEvent: following.ignored,
                PlanRevisedEvent: following.ignored,
                PlanRequestRefusedEvent: following.ignored,
            },
            max_records=200,
            instance_suffix="-plans",
        ),
        Subscription(
            PLAN_PROGRESS,
            group="dmap-monitoring-progress",
            parse=parse_progress,
            handlers={
                ProgressReportedEvent: following.reported,
                MeetingRecordedEvent: following.met,
            },
            max_records=200,
            instance_suffix="-progress",
        ),
    )
