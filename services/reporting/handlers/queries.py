"""What the API and the pages both read, shaped once."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import asyncpg
from fastapi import HTTPException, Request

from schemas.envelope import dataschema_uri
from schemas.reviews import Decision, ReviewRecorded, ReviewRecordedEvent
from schemas.topics import PLAN_REVIEWS
from schemas.vocabulary import MUNICIPALITY_BY_CODE
from services.reporting.store import plans, workspace
from services.runtime.auth.tokens import Principal
from services.runtime.database import transaction
from services.runtime.outbox import OutboxMessage, OutboxRelay, enqueue
from services.runtime.settings import Settings


@dataclass(frozen=True, slots=True)
class ReportingContext:
    settings: Settings
    pool: asyncpg.Pool
    relay: OutboxRelay


def context(request: Request) -> ReportingContext:
    ctx: ReportingContext = request.app.state.ctx
    return ctx


def summary(row: dict[str, Any]) -> dict[str, Any]:
    content = row["content"]
    situation = content.get("situation") or {}
    return {
        "plan_id": row["plan_id"],
        "municipality": row["municipality"],
        "municipality_name": MUNICIPALITY_BY_CODE[row["municipality"]].name_sq,
        "cycle": row["cycle"],
        "version": row["version"],
        "status": row["status"],
        "consultation_count": content["consultation_count"],
        "last_evidence": situation.get("last_consultation"),
        "top_categories": [p["category"] for p in content["priorities"][:3]],
        "coverage_gaps": len(situation.get("coverage_gaps", [])),
        "updated_at": row["updated_at"].isoformat(),
    }


def history(versions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "version": v["version"],
            "status": v["status"],
            "event_type": v["event_type"],
            "time": v["event_time"].isoformat(),
            "diff": v["diff"],
        }
        for v in versions
    ]


async def overview(ctx: ReportingContext) -> list[dict[str, Any]]:
    async with ctx.pool.acquire(timeout=ctx.settings.acquire_timeout_s) as conn:
        return [summary(r) for r in await plans.latest_per_municipality(conn)]


async def plan_detail(ctx: ReportingContext, municipality: str) -> dict[str, Any]:
    if municipality not in MUNICIPALITY_BY_CODE:
        raise HTTPException(404, f"Unknown municipality code '{municipality}'.")
    async with ctx.pool.acquire(timeout=ctx.settings.acquire_timeout_s) as conn:
        row = await plans.latest_for(conn, municipality)
        if row is None:
            raise HTTPException(404, f"No plan has been drafted for '{municipality}' yet.")
        versions = await plans.history(conn, row["plan_id"])
        reviews = await workspace.reviews_of(conn, row["plan_id"])
    return {
        **summary(row),
        "plan": row["content"],
        "history": history(versions),
        "reviews": [
            {**r, "review_id": str(r["review_id"]), "event_time": r["event_time"].isoformat()}
            for r in reviews
        ],
    }


async def evidence(
    ctx: ReportingContext, plan: dict[str, Any], category: str
) -> list[dict[str, Any]]:
    """The redacted consultations behind one priority or finding of a plan."""
    entries = [*plan["priorities"], *plan.get("other_findings", [])]
    ids = next((e["consultation_ids"] for e in entries if e["category"] == category), None)
    if ids is None:
        raise HTTPException(404, f"The plan has no evidence for category '{category}'.")
    async with ctx.pool.acquire(timeout=ctx.settings.acquire_timeout_s) as conn:
        return await workspace.consultations_of(conn, ids)


async def record_review(
    ctx: ReportingContext,
    principal: Principal,
    plan_id: str,
    version: int,
    decision: Decision,
    comment: str,
) -> ReviewRecordedEvent:
    """Publish a planner's decision (through reporting's outbox) for planning to apply."""
    event = ReviewRecordedEvent(
        id=uuid4(),
        source="/dmap/reporting",
        time=datetime.now(UTC),
        subject=plan_id,
        dataschema=dataschema_uri("review-recorded-event.v1"),
        data=ReviewRecorded(
            review_id=uuid4(),
            plan_id=plan_id,
            version=version,
            decision=decision,
            reviewer=principal.name,
            comment=comment,
        ),
    )
    async with transaction(ctx.pool, ctx.settings.acquire_timeout_s) as conn:
        await enqueue(
            conn,
            "reporting",
            [
                OutboxMessage(
                    ctx.settings.topic(PLAN_REVIEWS),
                    plan_id,
                    event.model_dump_json().encode(),
                    {"ce_type": event.type, "ce_id": str(event.id)},
                )
            ],
        )
    ctx.relay.notify()
    return event


def as_json(value: Any) -> Any:
    """Round-trip through JSON so dates and UUIDs render as strings."""
    return json.loads(json.dumps(value, default=str))
