"""Kafka subscribers of the planning service: consultations and reviews in."""

import structlog
from faststream import AckPolicy
from faststream.kafka import KafkaRouter
from faststream.kafka.annotations import KafkaMessage

from schemas.topics import CONSULTATIONS, PLAN_REVIEWS
from services.planning.workflow import PlanningDeps, apply_consultations, apply_reviews
from services.runtime.backoff import Backoff
from services.runtime.dead_letters import batch_records, raw_bodies

log = structlog.get_logger(__name__)


def build_router(deps: PlanningDeps) -> KafkaRouter:
    router = KafkaRouter()
    settings = deps.settings
    consultations_backoff, reviews_backoff = Backoff(), Backoff()
    common = {
        "batch": True,
        "auto_offset_reset": "earliest",
        "decoder": raw_bodies,
        # Poison messages never raise (they go to the DLQ); what raises is
        # transient (database down) and must be redelivered, not committed.
        "ack_policy": AckPolicy.NACK_ON_ERROR,
        # Static membership: a restarted instance gets its partitions back without a
        # group-wide rebalance.
        "group_instance_id": settings.instance_id("planning"),
    }

    @router.subscriber(  # type: ignore[call-overload]
        settings.topic(CONSULTATIONS),
        group_id=f"{settings.topic_prefix}dmap-planning",
        max_records=500,
        **common,
    )
    async def draft_plans(body: list[bytes], message: KafkaMessage) -> None:
        try:
            summary = await apply_consultations(deps, batch_records(message.raw_message))
        except Exception as exc:  # transient: wait, then let Kafka redeliver the batch
            await consultations_backoff.failed("consultations", exc)
            raise
        consultations_backoff.succeeded()
        log.info("consultations_batch_applied", **summary)

    @router.subscriber(  # type: ignore[call-overload]
        settings.topic(PLAN_REVIEWS),
        group_id=f"{settings.topic_prefix}dmap-planning-reviews",
        max_records=100,
        **common,
    )
    async def record_review_decisions(body: list[bytes], message: KafkaMessage) -> None:
        try:
            summary = await apply_reviews(deps, batch_records(message.raw_message))
        except Exception as exc:  # transient: wait, then let Kafka redeliver the batch
            await reviews_backoff.failed("reviews", exc)
            raise
        reviews_backoff.succeeded()
        log.info("reviews_batch_applied", **summary)

    return router
