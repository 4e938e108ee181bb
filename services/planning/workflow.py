"""Planning's unit of work: a consumed batch in, plan versions and status changes out.

Each function runs one PostgreSQL transaction that holds the state change,
the dedupe records and the outgoing events (outbox), so a redelivered batch
changes nothing and an event is published if and only if its state committed.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

import asyncpg
import structlog
from aiokafka import ConsumerRecord

from schemas.consultations import ConsultationRecordedEvent
from schemas.plans import Plan, PlanStatusChanged
from schemas.reviews import ReviewRecordedEvent
from schemas.topics import CONSULTATIONS, PLAN_REVIEWS, PLAN_SNAPSHOTS, PLANS, dlq
from schemas.vocabulary import MunicipalityCode
from services.planning.domain.catalogue import Catalogue
from services.planning.domain.classification import RuleSet
from services.planning.domain.cycle import plan_id, school_year
from services.planning.domain.diff import diff_plans
from services.planning.domain.lifecycle import ReviewRefused, after_new_evidence, apply_review
from services.planning.domain.plan import ENGINE_VERSION, content_hash, draft_plan
from services.planning.domain.plan_events import plan_event, status_changed_event
from services.planning.store import evidence, plans
from services.runtime.database import transaction
from services.runtime.dead_letters import split_valid
from services.runtime.metrics import ServiceMetrics
from services.runtime.outbox import OutboxMessage, OutboxRelay, enqueue
from services.runtime.settings import Settings

log = structlog.get_logger(__name__)
SERVICE = "planning"


@dataclass(frozen=True, slots=True)
class PlanningDeps:
    settings: Settings
    pool: asyncpg.Pool
    relay: OutboxRelay
    rules: RuleSet
    catalogue: Catalogue
    metrics: ServiceMetrics | None = None


def _publish(
    settings: Settings, plan: Plan, event_body: bytes, ce_type: str, ce_id: UUID
) -> list[OutboxMessage]:
    """The event on plans.v1 and the full current plan on the compacted snapshot topic."""
    return [
        OutboxMessage(
            settings.topic(PLANS),
            plan.plan_id,
            event_body,
            {"ce_type": ce_type, "ce_id": str(ce_id)},
        ),
        OutboxMessage(
            settings.topic(PLAN_SNAPSHOTS),
            plan.plan_id,
            plan.model_dump_json().encode(),
            {"plan_version": str(plan.version)},
        ),
    ]


async def apply_consultations(
    deps: PlanningDeps, records: tuple[ConsumerRecord, ...]
) -> dict[str, int]:
    """Store new consultations and re-plan each affected municipality once."""
    settings = deps.settings
    events, dead = split_valid(
        records,
        ConsultationRecordedEvent.model_validate_json,
        settings.topic(dlq(CONSULTATIONS)),
        SERVICE,
    )
    outgoing = list(dead)
    changed = 0
    async with transaction(deps.pool, settings.acquire_timeout_s) as conn:
        new_ids = await evidence.insert_new_consultations(conn, events)
        affected = sorted(
            {
                (e.data.municipality.value, school_year(e.data.consultation_date))
                for e in events
                if e.data.consultation_id in new_ids
            }
        )
        for municipality, cycle in affected:
            messages = await _replan(conn, deps, municipality, cycle)
            outgoing += messages
            changed += bool(messages)
        await enqueue(conn, SERVICE, outgoing)
    if outgoing:
        deps.relay.notify()
    if deps.metrics:
        deps.metrics.applied(
            CONSULTATIONS,
            len(new_ids),
            len(events) - len(new_ids),
            len(dead),
            [e.time for e in events if e.data.consultation_id in new_ids],
        )
    return {
        "received": len(records),
        "new": len(new_ids),
        "duplicates": len(events) - len(new_ids),
        "dead_lettered": len(dead),
        "plans_changed": changed,
    }


async def replan_outdated(deps: PlanningDeps) -> int:
    """Re-draft plans made with an older catalogue or rule set (run at start-up).

    A changed catalogue or rule set is new knowledge: each affected plan gets a
    new version if its content changes, exactly as with new evidence.
    """
    settings = deps.settings
    async with deps.pool.acquire(timeout=settings.acquire_timeout_s) as conn:
        stale = await plans.drafted_with_other_versions(
            conn, deps.catalogue.version, deps.rules.version, ENGINE_VERSION
        )
    for municipality, cycle in stale:
        async with transaction(deps.pool, settings.acquire_timeout_s) as conn:
            await enqueue(conn, SERVICE, await _replan(conn, deps, municipality, cycle))
    if stale:
        deps.relay.notify()
        log.info("outdated_plans_redrafted", count=len(stale))
    return len(stale)


async def _replan(
    conn: asyncpg.Connection, deps: PlanningDeps, municipality: str, cycle: str
) -> list[OutboxMessage]:
    pid = plan_id(municipality, cycle)
    records = await evidence.load(conn, municipality, cycle)
    found = await plans.current(conn, pid)
    draft = draft_plan(MunicipalityCode(municipality), cycle, records, deps.rules, deps.catalogue)
    digest = content_hash(draft)
    if found and found[1] == digest:
        return []
    previous = found[0] if found else None
    status, last_approved = (
        after_new_evidence(previous.status, previous.version, previous.last_approved_version)
        if previous
        else ("draft", None)
    )
    plan = draft.model_copy(
        update={
            "version": previous.version + 1 if previous else 1,
            "status": status,
            "last_approved_version": last_approved,
        }
    )
    await plans.save(conn, plan, digest)
    diff = diff_plans(previous, plan) if previous else None
    event = plan_event(plan, previous, datetime.now(UTC), diff)
    log.info(
        "plan_versioned",
        plan_id=pid,
        municipality=municipality,
        version=plan.version,
        status=plan.status,
    )
    return _publish(deps.settings, plan, event.model_dump_json().encode(), event.type, event.id)


async def apply_reviews(deps: PlanningDeps, records: tuple[ConsumerRecord, ...]) -> dict[str, int]:
    """Move plan statuses on review decisions; stale or impossible reviews are refused."""
    settings = deps.settings
    events, dead = split_valid(
        records,
        ReviewRecordedEvent.model_validate_json,
        settings.topic(dlq(PLAN_REVIEWS)),
        SERVICE,
    )
    outgoing = list(dead)
    applied = refused = 0
    async with transaction(deps.pool, settings.acquire_timeout_s) as conn:
        for event in events:
            review = event.data
            found = await plans.current(conn, review.plan_id)
            try:
                if found is None:
                    raise ReviewRefused(f"no plan {review.plan_id}")
                plan = found[0]
                status = apply_review(plan.status, plan.version, review.decision, review.version)
            except ReviewRefused as exc:
                if await plans.record_review(
                    conn,
                    review.review_id,
                    review.plan_id,
                    review.version,
                    review.decision,
                    review.reviewer,
                    "refused",
                    str(exc),
                ):
                    refused += 1
                    log.warning("review_refused", plan_id=review.plan_id, reason=str(exc))
                continue
            if not await plans.record_review(
                conn,
                review.review_id,
                review.plan_id,
                review.version,
                review.decision,
                review.reviewer,
                "applied",
                None,
            ):
                continue  # replayed review
            await plans.set_status(conn, plan.plan_id, status)
            change = PlanStatusChanged(
                plan_id=plan.plan_id,
                version=plan.version,
                previous_status=plan.status,
                status=status,
                review_id=review.review_id,
                reviewer=review.reviewer,
                comment=review.comment,
            )
            out = status_changed_event(change, datetime.now(UTC))
            outgoing += _publish(
                settings,
                plan.model_copy(update={"status": status}),
                out.model_dump_json().encode(),
                out.type,
                out.id,
            )
            applied += 1
            log.info(
                "plan_status_changed", plan_id=plan.plan_id, version=plan.version, status=status
            )
        await enqueue(conn, SERVICE, outgoing)
    if outgoing:
        deps.relay.notify()
    return {
        "received": len(records),
        "applied": applied,
        "refused": refused,
        "dead_lettered": len(dead),
    }
