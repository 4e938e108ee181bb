"""What planning consumes: consultations and review decisions, each event type's handler."""

from schemas.consultations import (
    ConsultationCorrectedEvent,
    ConsultationRecordedEvent,
)
from schemas.reviews import ReviewRecordedEvent
from schemas.topics import CONSULTATIONS, PLAN_REVIEWS
from services.admission.consumed import parse_consultation, parse_review
from services.planning.unit import PlanningUnit
from services.planning.workflow import Planning
from services.runtime.subscriber import Subscription


def subscriptions(planning: Planning) -> tuple[Subscription[PlanningUnit], ...]:
    return (
        Subscription(
            CONSULTATIONS,
            group="dmap-planning",
            parse=parse_consultation,
            handlers={
                ConsultationRecordedEvent: planning.record_consultations,
                ConsultationCorrectedEvent: planning.correct_consultations,
            },
            max_records=500,
        ),
        Subscription(
            PLAN_REVIEWS,
            group="dmap-planning-reviews",
            parse=parse_review,
            handlers={ReviewRecordedEvent: planning.apply_reviews},
            max_records=100,
        ),
    )
