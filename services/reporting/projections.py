"""Kafka subscribers of reporting: every topic it reads, projected into the read models."""

from dataclasses import dataclass

import asyncpg
import structlog
from faststream import AckPolicy
from faststream.kafka import KafkaRouter
from faststream.kafka.annotations import KafkaMessage

from schemas.topics import dlq
from services.reporting.projector import PROJECTIONS, Projection, apply
from services.runtime.backoff import Backoff
from services.runtime.database import transaction
from services.runtime.dead_letters import batch_records, raw_bodies, split_valid
from services.runtime.outbox import OutboxRelay, enqueue
from services.runtime.settings import Settings

log = structlog.get_logger(__name__)
SERVICE = "reporting"


@dataclass(frozen=True, slots=True)
class ReportingDeps:
    settings: Settings
    pool: asyncpg.Pool
    relay: OutboxRelay


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
        events, dead = split_valid(
            records, projection.parse, settings.topic(dlq(projection.topic)), SERVICE
        )
        try:
            async with transaction(deps.pool, settings.acquire_timeout_s) as conn:
                applied = [e for e in events if await apply(conn, e)]
                await enqueue(conn, SERVICE, dead)
        except Exception as exc:  # transient: wait, then let Kafka redeliver the batch
            await backoff.failed(topic, exc)
            raise
        backoff.succeeded()
        if dead:
            deps.relay.notify()
        log.info(
            "events_projected",
            topic=topic,
            received=len(records),
            applied=len(applied),
            duplicates=len(events) - len(applied),
            dead_lettered=len(dead),
        )


def build_router(deps: ReportingDeps) -> KafkaRouter:
    router = KafkaRouter()
    for projection in PROJECTIONS:
        _subscribe(router, deps, projection)
    return router
