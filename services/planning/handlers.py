"""Kafka subscribers of the planning service: consultations and reviews in."""

from collections.abc import Awaitable, Callable

import structlog
from aiokafka import ConsumerRecord
from faststream import AckPolicy
from faststream.kafka import KafkaRouter
from faststream.kafka.annotations import KafkaMessage

from schemas.topics import CONSULTATIONS, PLAN_REVIEWS, dlq
from services.planning.workflow import PlanningDeps, apply_consultations, apply_reviews
from services.runtime.backoff import Backoff
from services.runtime.dead_letters import (
    apply_isolating_poison,
    batch_context,
    batch_records,
    burier,
    is_transient,
    raw_bodies,
)

log = structlog.get_logger(__name__)
SERVICE = "planning"
Apply = Callable[[PlanningDeps, tuple[ConsumerRecord, ...]], Awaitable[dict[str, int]]]


async def consume(
    deps: PlanningDeps,
    topic: str,
    apply: Apply,
    backoff: Backoff,
    records: tuple[ConsumerRecord, ...],
) -> None:
    """Apply a batch; back off on transient errors; isolate and dead-letter bad records."""
    with structlog.contextvars.bound_contextvars(**batch_context(records)):
        try:
            summary = await apply(deps, records)
        except Exception as exc:
            if deps.metrics:
                deps.metrics.failures.labels(SERVICE, topic).inc()
            if is_transient(exc):  # wait, then let Kafka redeliver the whole batch
                await backoff.failed(topic, exc)
                raise
            log.warning("batch_failed_isolating_records", topic=topic, error=repr(exc)[:300])

            bury = burier(
                deps.pool,
                deps.relay,
                SERVICE,
                deps.settings.topic(dlq(topic)),
                SERVICE,
                deps.settings.acquire_timeout_s,
            )
            dead = await apply_isolating_poison(records, lambda one: apply(deps, one), bury)
            summary = {"received": len(records), "dead_lettered_alone": dead}
        backoff.succeeded()
        log.info("batch_applied", topic=topic, **summary)


def build_router(deps: PlanningDeps) -> KafkaRouter:
    router = KafkaRouter()
    settings = deps.settings
    consultations_backoff, reviews_backoff = Backoff(), Backoff()
    common = {
        "batch": True,
        "auto_offset_reset": "earliest",
        "decoder": raw_bodies,
        # What raises here is transient (bad records are dead-lettered in consume), so
        # the batch must be redelivered, not committed.
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
        await consume(
            deps,
            CONSULTATIONS,
            apply_consultations,
            consultations_backoff,
            batch_records(message.raw_message),
        )

    @router.subscriber(  # type: ignore[call-overload]
        settings.topic(PLAN_REVIEWS),
        group_id=f"{settings.topic_prefix}dmap-planning-reviews",
        max_records=100,
        **common,
    )
    async def record_review_decisions(body: list[bytes], message: KafkaMessage) -> None:
        await consume(
            deps, PLAN_REVIEWS, apply_reviews, reviews_backoff, batch_records(message.raw_message)
        )

    return router
