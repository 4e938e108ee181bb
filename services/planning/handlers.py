"""Kafka subscriber of the planning service: consultations in, plan versions out."""

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

import asyncpg
import structlog
from aiokafka import ConsumerRecord
from faststream import AckPolicy
from faststream.kafka import KafkaRouter
from faststream.kafka.annotations import KafkaMessage

from schemas.consultations import ConsultationRecordedEvent
from schemas.topics import CONSULTATIONS, PLAN_SNAPSHOTS, PLANS, dlq
from schemas.vocabulary import MunicipalityCode
from services.planning.domain.cycle import plan_id, school_year
from services.planning.domain.evidence import flatten
from services.planning.domain.plan import content_hash, draft_plan
from services.planning.domain.plan_events import plan_event
from services.planning.store import evidence, plans
from services.runtime.database import transaction
from services.runtime.dead_letters import batch_records, raw_bodies, split_valid
from services.runtime.outbox import OutboxMessage, OutboxRelay, enqueue
from services.runtime.settings import Settings

log = structlog.get_logger(__name__)
SERVICE = "planning"


@dataclass(frozen=True, slots=True)
class PlanningDeps:
    settings: Settings
    pool: asyncpg.Pool
    relay: OutboxRelay


async def apply_batch(deps: PlanningDeps, records: tuple[ConsumerRecord, ...]) -> dict[str, int]:
    """Store new consultations and re-plan each affected municipality once, atomically."""
    settings = deps.settings
    events, dead = split_valid(
        records,
        ConsultationRecordedEvent.model_validate_json,
        settings.topic(dlq(CONSULTATIONS)),
        SERVICE,
    )
    outgoing: list[OutboxMessage] = list(dead)
    revised = 0
    async with transaction(deps.pool, settings.acquire_timeout_s) as conn:
        new_ids = await evidence.insert_new_consultations(conn, events)
        fresh = [e.data for e in events if e.data.consultation_id in new_ids]
        where: dict[UUID, tuple[str, str]] = {
            r.consultation_id: (r.municipality.value, school_year(r.consultation_date))
            for r in fresh
        }
        await evidence.insert_issues(conn, where, [i for r in fresh for i in flatten(r)])
        for municipality, cycle in sorted(set(where.values())):
            messages = await _replan(conn, settings, municipality, cycle)
            outgoing.extend(messages)
            revised += bool(messages)
        await enqueue(conn, "planning", outgoing)
    if outgoing:
        deps.relay.notify()
    return {
        "received": len(records),
        "new": len(fresh),
        "duplicates": len(events) - len(fresh),
        "dead_lettered": len(dead),
        "plans_changed": revised,
    }


async def _replan(
    conn: asyncpg.Connection, settings: Settings, municipality: str, cycle: str
) -> list[OutboxMessage]:
    rows = await evidence.load(conn, municipality, cycle)
    pid = plan_id(municipality, cycle)
    current = await plans.current(conn, pid)
    draft = draft_plan(MunicipalityCode(municipality), cycle, rows)
    digest = content_hash(draft)
    if current and current.content_hash == digest:
        return []
    version = current.version + 1 if current else 1
    plan = draft.model_copy(update={"version": version})
    await plans.save(conn, plan, digest)
    event = plan_event(plan, current.version if current else None, datetime.now(UTC))
    body = event.model_dump_json().encode()
    headers = {"ce_type": event.type, "ce_id": str(event.id)}
    log.info("plan_versioned", plan_id=pid, municipality=municipality, version=version)
    return [
        OutboxMessage(settings.topic(PLANS), pid, body, headers),
        OutboxMessage(
            settings.topic(PLAN_SNAPSHOTS),
            pid,
            plan.model_dump_json().encode(),
            {"plan_version": str(version)},
        ),
    ]


def build_router(deps: PlanningDeps) -> KafkaRouter:
    router = KafkaRouter()

    @router.subscriber(
        deps.settings.topic(CONSULTATIONS),
        batch=True,
        max_records=500,
        group_id=f"{deps.settings.topic_prefix}dmap-planning",
        auto_offset_reset="earliest",
        decoder=raw_bodies,
        # Poison messages never raise (they go to the DLQ above); what raises is
        # transient (database down), and must be redelivered, not committed.
        ack_policy=AckPolicy.NACK_ON_ERROR,
    )
    async def draft_plans(body: list[bytes], message: KafkaMessage) -> None:
        summary = await apply_batch(deps, batch_records(message.raw_message))
        log.info("consultations_batch_applied", **summary)

    return router
