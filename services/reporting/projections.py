"""Kafka subscriber of reporting: projects plans.v1 into the read models."""

from dataclasses import dataclass

import asyncpg
import structlog
from faststream import AckPolicy
from faststream.kafka import KafkaRouter
from faststream.kafka.annotations import KafkaMessage
from pydantic import TypeAdapter

from schemas.plans import PlanEvent
from schemas.topics import PLANS, dlq
from services.reporting.store import plans
from services.runtime.database import transaction
from services.runtime.dead_letters import batch_records, raw_bodies, split_valid
from services.runtime.outbox import OutboxRelay, enqueue
from services.runtime.settings import Settings

log = structlog.get_logger(__name__)
SERVICE = "reporting"
_PLAN_EVENT: TypeAdapter[PlanEvent] = TypeAdapter(PlanEvent)


@dataclass(frozen=True, slots=True)
class ReportingDeps:
    settings: Settings
    pool: asyncpg.Pool
    relay: OutboxRelay


def build_router(deps: ReportingDeps) -> KafkaRouter:
    router = KafkaRouter()
    settings = deps.settings

    @router.subscriber(
        settings.topic(PLANS),
        batch=True,
        max_records=200,
        group_id=f"{settings.topic_prefix}dmap-reporting",
        auto_offset_reset="earliest",
        decoder=raw_bodies,
        ack_policy=AckPolicy.NACK_ON_ERROR,  # only transient errors raise; poison goes to DLQ
    )
    async def project_plan_events(body: list[bytes], message: KafkaMessage) -> None:
        records = batch_records(message.raw_message)
        events, dead = split_valid(
            records, _PLAN_EVENT.validate_json, settings.topic(dlq(PLANS)), SERVICE
        )
        async with transaction(deps.pool, settings.acquire_timeout_s) as conn:
            applied = [e for e in events if await plans.project(conn, e)]
            await enqueue(conn, "reporting", dead)
        if dead:
            deps.relay.notify()
        log.info(
            "plan_events_projected",
            received=len(records),
            applied=len(applied),
            duplicates=len(events) - len(applied),
            dead_lettered=len(dead),
            plans=sorted({e.subject for e in applied}),
        )

    return router
