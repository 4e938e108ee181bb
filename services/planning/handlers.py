"""Kafka subscribers of the planning service: consultations and reviews in."""

import structlog
from faststream import AckPolicy
from faststream.kafka import KafkaRouter
from faststream.kafka.annotations import KafkaMessage

from schemas.topics import CONSULTATIONS, PLAN_REVIEWS
from services.planning.workflow import PlanningDeps, apply_consultations, apply_reviews
from services.runtime.dead_letters import batch_records, raw_bodies

log = structlog.get_logger(__name__)


def build_router(deps: PlanningDeps) -> KafkaRouter:
    router = KafkaRouter()
    settings = deps.settings
    common = {
        "batch": True,
        "auto_offset_reset": "earliest",
        "decoder": raw_bodies,
        # Poison messages never raise (they go to the DLQ); what raises is
        # transient (database down) and must be redelivered, not committed.
        "ack_policy": AckPolicy.NACK_ON_ERROR,
    }

    @router.subscriber(  # type: ignore[call-overload]
        settings.topic(CONSULTATIONS),
        group_id=f"{settings.topic_prefix}dmap-planning",
        max_records=500,
        **common,
    )
    async def draft_plans(body: list[bytes], message: KafkaMessage) -> None:
        summary = await apply_consultations(deps, batch_records(message.raw_message))
        log.info("consultations_batch_applied", **summary)

    @router.subscriber(  # type: ignore[call-overload]
        settings.topic(PLAN_REVIEWS),
        group_id=f"{settings.topic_prefix}dmap-planning-reviews",
        max_records=100,
        **common,
    )
    async def record_review_decisions(body: list[bytes], message: KafkaMessage) -> None:
        summary = await apply_reviews(deps, batch_records(message.raw_message))
        log.info("reviews_batch_applied", **summary)

    return router
