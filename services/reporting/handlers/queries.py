"""What the API and the pages both read, shaped once."""

import json
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from fastapi import HTTPException, Request

from schemas.envelope import dataschema_uri
from schemas.reviews import Decision, ReviewRecorded, ReviewRecordedEvent
from schemas.topics import PLAN_REVIEWS
from schemas.vocabulary import MUNICIPALITY_BY_CODE
from services.reporting.unit import ReportingUnit
from services.runtime.auth.tokens import Principal
from services.runtime.unit_of_work import Transactions

ReportingUnits = Transactions[ReportingUnit]


def units(request: Request) -> ReportingUnits:
    """The service's units of work (set at start-up), as a route dependency."""
    found: ReportingUnits = request.app.state.units
    return found


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


async def overview(ctx: ReportingUnits) -> list[dict[str, Any]]:
    async with ctx.reading() as unit:
        return [summary(r) for r in await unit.plans.latest_per_municipality()]


async def _latest(unit: ReportingUnit, municipality: str) -> dict[str, Any]:
    """The municipality's current plan row, or the 404 a planner can act on."""
    if municipality not in MUNICIPALITY_BY_CODE:
        raise HTTPException(404, f"Unknown municipality code '{municipality}'.")
    row = await unit.plans.latest_for(municipality)
    if row is None:
        raise HTTPException(404, f"No plan has been drafted for '{municipality}' yet.")
    return row


async def plan_detail(ctx: ReportingUnits, municipality: str) -> dict[str, Any]:
    async with ctx.reading() as unit:
        row = await _latest(unit, municipality)
        versions = await unit.plans.history(row["plan_id"])
        reviews = await unit.workspace.reviews_of(row["plan_id"])
    return {
        **summary(row),
        "plan": row["content"],
        "history": history(versions),
        "reviews": [
            {**r, "review_id": str(r["review_id"]), "event_time": r["event_time"].isoformat()}
            for r in reviews
        ],
    }


async def plan_version(ctx: ReportingUnits, municipality: str, version: int) -> dict[str, Any]:
    """One version of a municipality's current plan, as issued: served for good, whatever
    versions came after it."""
    async with ctx.reading() as unit:
        latest = await _latest(unit, municipality)
        found = await unit.plans.version_of(latest["plan_id"], version)
    if found is None:
        raise HTTPException(
            404, f"{latest['plan_id']} has no version {version} (latest: {latest['version']})."
        )
    return {
        "plan_id": latest["plan_id"],
        "version": found["version"],
        "status": found["status"],
        "issued_at": found["event_time"].isoformat(),
        "latest_version": latest["version"],
        "plan": found["content"],
    }


async def evidence(
    ctx: ReportingUnits, plan: dict[str, Any], category: str
) -> list[dict[str, Any]]:
    """The redacted consultations behind one priority or finding of a plan."""
    entries = [*plan["priorities"], *plan.get("other_findings", [])]
    ids = next((e["consultation_ids"] for e in entries if e["category"] == category), None)
    if ids is None:
        raise HTTPException(404, f"The plan has no evidence for category '{category}'.")
    async with ctx.reading() as unit:
        return await unit.workspace.consultations_of(ids)


async def record_review(
    ctx: ReportingUnits,
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
            reviewer_token_id=principal.token_id,
        ),
    )
    async with ctx() as unit:
        unit.emit(PLAN_REVIEWS, plan_id, event)
    return event


def as_json(value: Any) -> Any:
    """Round-trip through JSON so dates and UUIDs render as strings."""
    return json.loads(json.dumps(value, default=str))
