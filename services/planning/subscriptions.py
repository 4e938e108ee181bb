"""What planning consumes: consultations, review decisions, amendments, municipal
statistics and monitoring's tracking snapshots (for the next cycle), per event type."""

from functools import partial

from schemas.amendments import AmendmentRecordedEvent
from schemas.consultations import (
    ConsultationCorrectedEvent,
    ConsultationRecordedEvent,
)
from schemas.progress import PlanTrackingEvent
from schemas.reviews import ReviewRecordedEvent
from schemas.statistics import MunicipalStatisticsRecordedEvent
from schemas.topics import (
    CONSULTATIONS,
    MUNICIPAL_STATISTICS,
    PLAN_AMENDMENTS,
    PLAN_REVIEWS,
    PLAN_TRACKING,
)
from services.admission.consumed import (
    parse_amendment,
    parse_review_decision,
    parse_statistics,
    read_consultation,
)
from services.planning.authoring import apply_amendments, apply_reviews
from services.planning.next_cycle import keep_tracking, parse_tracking
from services.planning.unit import PlanningUnit
from services.planning.workflow import Planning
from services.runtime.subscriber import Subscription


def subscriptions(planning: Planning) -> tuple[Subscription[PlanningUnit], ...]:
    return (
        Subscription(
            CONSULTATIONS,
            group="dmap-planning",
            parse=read_consultation,  # redacted by the handler, before it is stored
            handlers={
                ConsultationRecordedEvent: planning.record_consultations,
                ConsultationCorrectedEvent: planning.correct_consultations,
            },
            max_records=500,
        ),
        Subscription(
            PLAN_REVIEWS,
            group="dmap-planning-reviews",
            parse=parse_review_decision,
            handlers={ReviewRecordedEvent: partial(apply_reviews, planning)},
            max_records=100,
        ),
        Subscription(
            PLAN_AMENDMENTS,
            group="dmap-planning-amendments",
            parse=parse_amendment,
            handlers={AmendmentRecordedEvent: partial(apply_amendments, planning)},
            max_records=100,
        ),
        Subscription(
            PLAN_TRACKING,
            group="dmap-planning-tracking",
            parse=parse_tracking,
            handlers={PlanTrackingEvent: partial(keep_tracking, planning)},
            max_records=100,
        ),
        Subscription(
            MUNICIPAL_STATISTICS,
            group="dmap-planning-statistics",
            parse=parse_statistics,
            handlers={MunicipalStatisticsRecordedEvent: planning.record_statistics},
            max_records=100,
        ),
    )
