"""What planning consumes: consultations and review decisions, each event type's handler."""

from typing import Any

from pydantic import TypeAdapter

from schemas.consultations import (
    ConsultationCorrectedEvent,
    ConsultationEvent,
    ConsultationRecordedEvent,
)
from schemas.reviews import ReviewRecordedEvent
from schemas.topics import CONSULTATIONS, PLAN_REVIEWS
from services.planning.unit import PlanningUnit
from services.planning.workflow import Planning
from services.runtime.subscriber import Subscription

_CONSULTATION_EVENT: TypeAdapter[Any] = TypeAdapter(ConsultationEvent)


def subscriptions(planning: Planning) -> tuple[Subscription[PlanningUnit], ...]:
    return (
        Subscription(
            CONSULTATIONS,
            group="dmap-planning",
            parse=_CONSULTATION_EVENT.validate_json,
            handlers={
                ConsultationRecordedEvent: planning.record_consultations,
                ConsultationCorrectedEvent: planning.correct_consultations,
            },
            max_records=500,
        ),
        Subscription(
            PLAN_REVIEWS,
            group="dmap-planning-reviews",
            parse=ReviewRecordedEvent.model_validate_json,
            handlers={ReviewRecordedEvent: planning.apply_reviews},
            max_records=100,
        ),
    )
