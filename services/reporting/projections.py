"""Kafka subscribers of reporting: every topic it reads, projected into the read models."""

from dataclasses import dataclass

import asyncpg
import structlog
from aiokafka import ConsumerRecord
from faststream import AckPolicy
from faststream.kafka import KafkaRouter
from faststream.kafka.annotations import KafkaMessage

from schemas.topics import dlq
from services.reporting.projector import PROJECTIONS, Projection, apply
from services.runtime.backoff import Backoff
from services.runtime.database import transaction
from services.runtime.dead_letters import (
    apply_isolating_poison,
    batch_context,
    batch_records,
    burier,
    is_transient,
    raw_bodies,
    split_valid,
)
from services.runtime.metrics import ServiceMetrics
from services.runtime.outbox import OutboxRelay, enqueue
from services.runtime.settings import Settings

log = structlog.get_logger(__name__)
SERVICE = "reporting"


@dataclass(frozen=True, slots=True)
class ReportingDeps:
    settings: Settings
    pool: asyncpg.Pool
    relay: OutboxRelay
    metrics: ServiceMetrics


def _subscribe(router: KafkaRouter, deps: ReportingDeps, projection: Projection) -> None:
    settings = deps.settings
    topic = settings.topic(projection.topic)
    backoff = Backoff()

    @router.subscriber(
        topic,
        batch=True,
        max_records=500,
        group_id=f"{settings.topic_prefix}dmap-reporting-{projection.topic}",
        auto_offset_reset="earliest",
        decoder=raw_bodies,
        ack_policy=AckPolicy.NACK_ON_ERROR,  # only transient errors raise; poison goes to DLQ
        group_instance_id=f"{settings.instance_id('reporting')}-{projection.topic}",
    )
    async def project(body: list[bytes], message: KafkaMessage) -> None:
        records = batch_records(message.raw_message)
        structlog.contextvars.bind_contextvars(**batch_context(records))
        try:
            counts = await project_batch(deps, projection, records)
        except Exception as exc:
            deps.metrics.failures.labels(SERVICE, projection.topic).inc()
            if is_transient(exc):  # wait, then let Kafka redeliver the whole batch
                await backoff.failed(topic, exc)
                raise

            bury = burier(
                deps.pool,
                deps.relay,
                SERVICE,
                settings.topic(dlq(projection.topic)),
                SERVICE,
                settings.acquire_timeout_s,
            )
            dead = await apply_isolating_poison(
                records, lambda one: project_batch(deps, projection, one), bury
            )
            counts = {"received": len(records), "dead_lettered_alone": dead}
        backoff.succeeded()
        log.info("events_projected", topic=topic, **counts)


async def project_batch(
    deps: ReportingDeps, projection: Projection, records: tuple[ConsumerRecord, ...]
) -> dict[str, int]:
    settings = deps.settings
    events, dead = split_valid(
        records, projection.parse, settings.topic(dlq(projection.topic)), SERVICE
    )
    async with transaction(deps.pool, settings.acquire_timeout_s) as conn:
        applied = [e for e in events if await apply(conn, e)]
        await enqueue(conn, SERVICE, dead)
    if dead:
        deps.relay.notify()
    deps.metrics.applied(
        projection.topic,
        len(applied),
        len(events) - len(applied),
        len(dead),
        [e.time for e in applied],
    )
    return {
        "received": len(records),
        "applied": len(applied),
        "duplicates": len(events) - len(applied),
        "dead_lettered": len(dead),
    }


def build_router(deps: ReportingDeps) -> KafkaRouter:
    router = KafkaRouter()
    for projection in PROJECTIONS:
        _subscribe(router, deps, projection)
    return router
