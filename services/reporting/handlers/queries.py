"""What the API and the pages both read, shaped once."""

import json
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from fastapi import HTTPException, Request

from schemas.amendments import AmendmentRecorded, AmendmentRecordedEvent
from schemas.plans import Adoption
from schemas.reviews import (
    DECISIONS_BY_STATUS,
    Decision,
    ReviewItem,
    ReviewRecorded,
    ReviewRecordedEvent,
)
from schemas.topics import PLAN_AMENDMENTS, PLAN_REVIEWS
from schemas.vocabulary import MUNICIPALITY_BY_CODE
from services.reporting.rendering import triage
from services.reporting.rendering.triage import TriageState
from services.reporting.requests import AmendmentRequest
from services.reporting.unit import ReportingUnit
from services.runtime.auth.tokens import Principal
from services.runtime.unit_of_work import Transactions

ReportingUnits = Transactions[ReportingUnit]


def units(request: Request) -> ReportingUnits:
    """The service's units of work (set at start-up), as a route dependency."""
    found: ReportingUnits = request.app.state.units
    return found


def summary(row: dict[str, Any]) -> dict[str, Any]:
    """A plan in the overview: its working draft's evidence, its status and adoption."""
    content = row["content"]
    situation = content.get("situation") or {}
    return {
        "plan_id": row["plan_id"],
        "municipality": row["municipality"],
        "municipality_name": MUNICIPALITY_BY_CODE[row["municipality"]].name_sq,
        "cycle": row["cycle"],
        "version": row["version"],
        "revision": row["revision"],
        "status": row["status"],
        "adopted_version": row["adopted_version"],
        "consultation_count": content["consultation_count"],
        "last_evidence": situation.get("last_consultation"),
        "top_categories": [p["category"] for p in content["priorities"][:3]],
        "coverage_gaps": len(situation.get("coverage_gaps", [])),
        "updated_at": row["updated_at"].isoformat(),
    }


def history(versions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The issued versions, oldest first."""
    return [
        {
            "version": v["version"],
            "status": v["status"],
            "event_type": v["event_type"],
            "time": v["event_time"].isoformat(),
            "diff": v["diff"],
            "issued": v["issued"],
            "adoption": v["adoption"],
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


def _of_record(row: dict[str, Any], versions: list[dict[str, Any]]) -> int | None:
    """Which issued version is the plan of record: the adopted one, else the one in review."""
    if row["adopted_version"] is not None:
        return int(row["adopted_version"])
    latest = versions[-1] if versions else None
    return latest["version"] if latest and latest["status"] == "in_review" else None


async def plan_detail(ctx: ReportingUnits, municipality: str) -> dict[str, Any]:
    """The plan of record (adopted, else in review, else the working draft) and beside it
    the working draft, the issued versions, the requests and their outcomes."""
    async with ctx.reading() as unit:
        row = await _latest(unit, municipality)
        pid = row["plan_id"]
        versions = await unit.plans.history(pid)
        reviews = await unit.workspace.reviews_of(pid)
        amendments = await unit.workspace.amendments_of(pid)
        revisions = await unit.plans.revisions(pid)
        record = _of_record(row, versions)
        found = await unit.plans.version_of(pid, record) if record else None
    draft = row["content"]
    plan = found["content"] if found else draft
    issued_from = (plan.get("issued") or {}).get("from_revision", 0)
    return {
        **summary(row),
        "version": plan["version"],
        "plan": plan,
        "of_record": "draft" if found is None else plan["status"],
        "draft": {"version": row["version"], "revision": row["revision"], "plan": draft},
        # After adoption or issue the draft moves on by one revision without new content.
        "proposed_revision": found is not None and row["revision"] > issued_from + 1,
        "decisions": list(DECISIONS_BY_STATUS[row["status"]]),
        "checklist": draft.get("checklist", []),
        "conflicts": draft.get("conflicts", []),
        "history": history(versions),
        "revisions": as_json(revisions),
        "reviews": as_json(reviews),
        "amendments": as_json(amendments),
    }


async def draft_detail(ctx: ReportingUnits, municipality: str) -> dict[str, Any]:
    """The working draft alone (after adoption: the proposed revision)."""
    async with ctx.reading() as unit:
        row = await _latest(unit, municipality)
    return {**summary(row), "plan": row["content"]}


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


async def issue_evidence(
    ctx: ReportingUnits, plan: dict[str, Any], state: TriageState
) -> list[dict[str, Any]]:
    """The plan's issues the classifier left `unclassified` or that `needs_human`, with
    their redacted text (empty when there are none)."""
    ids = sorted({c for c, _ in triage.refs(plan, state)})
    if not ids:
        return []
    async with ctx.reading() as unit:
        records = await unit.workspace.consultations_of(ids)
    return triage.issues(plan, records, state)


async def decisions_pending(ctx: ReportingUnits, plan: dict[str, Any]) -> dict[str, Any]:
    """What the working group decides on in a draft: the issues that need a human, the
    unclassified ones, and the participants' recommendations (one read for all three)."""
    async with ctx.reading() as unit:
        records = await unit.workspace.consultations_of(triage.consultation_ids(plan))
    return {
        "needs_human": triage.issues(plan, records, "needs_human"),
        "unclassified": triage.issues(plan, records, "unclassified"),
        "recommendations": triage.recommendations(plan, records),
    }


async def record_review(
    ctx: ReportingUnits,
    principal: Principal,
    plan_id: str,
    version: int,
    decision: Decision,
    comment: str,
    *,
    revision: int | None = None,
    items: tuple[ReviewItem, ...] = (),
    adoption: Adoption | None = None,
) -> ReviewRecordedEvent:
    """Publish a planner's decision (through reporting's outbox) for planning to apply."""
    event = ReviewRecordedEvent(
        id=uuid4(),
        source="/dmap/reporting",
        time=datetime.now(UTC),
        subject=plan_id,
        data=ReviewRecorded(
            review_id=uuid4(),
            plan_id=plan_id,
            version=version,
            decision=decision,
            reviewer=principal.name,
            comment=comment,
            reviewer_token_id=principal.token_id,
            revision=revision,
            items=items,
            adoption=adoption,
        ),
    )
    async with ctx() as unit:
        unit.emit(PLAN_REVIEWS, plan_id, event)
    return event


async def record_amendment(
    ctx: ReportingUnits,
    principal: Principal,
    plan_id: str,
    body: AmendmentRequest,
) -> AmendmentRecordedEvent:
    """Publish a planner's amendment (through reporting's outbox) for planning to apply."""
    event = AmendmentRecordedEvent(
        id=uuid4(),
        source="/dmap/reporting",
        time=datetime.now(UTC),
        subject=plan_id,
        data=AmendmentRecorded(
            amendment_id=uuid4(),
            plan_id=plan_id,
            version=body.version,
            revision=body.revision,
            change=body.change,
            reason=body.reason,
            closes=body.closes,
            author=principal.name,
            author_token_id=principal.token_id,
        ),
    )
    async with ctx() as unit:
        unit.emit(PLAN_AMENDMENTS, plan_id, event)
    return event


def as_json(value: Any) -> Any:
    """Round-trip through JSON so dates and UUIDs render as strings."""
    return json.loads(json.dumps(value, default=str))
