"""Monitoring's HTTP API: progress reports in, tracked actions and alerts out."""

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import structlog
from anyio import to_thread
from fastapi import APIRouter, Body, Depends, Header, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from schemas.progress import Alert, ProgressReport, TrackedAction
from services.monitoring.accepting import Receipt, accept_report, answer, reporter_scope
from services.monitoring.domain.redacting import redact_report
from services.monitoring.domain.state import OutcomeName
from services.monitoring.following import Clock
from services.monitoring.unit import MonitoringUnit
from services.runtime.auth.http import authorize, require
from services.runtime.auth.roles import Permission
from services.runtime.auth.tokens import Principal
from services.runtime.http import ERROR_RESPONSES
from services.runtime.idempotency import key_reused, request_sha256
from services.runtime.unit_of_work import Transactions
from services.wording.catalogue import reader_lang

log = structlog.get_logger(__name__)

Units = Transactions[MonitoringUnit]


class Outcome(BaseModel):
    """What became of a report: `pending` until monitoring applied it, then `applied`,
    or `refused` with the reasons (its period is open again for a corrected report)."""

    report_id: UUID
    plan_id: str
    kind: str
    period: str
    outcome: OutcomeName
    errors: list[dict[str, str]]
    received_at: datetime


class Tracking(BaseModel):
    plan_id: str
    version: int
    adopted_on: date
    actions: list[TrackedAction]


class AlertShown(Alert):
    text: str = Field(
        description="The alert in `lang`: its `messages` entry, else the English `message`."
    )


class Alerts(BaseModel):
    plan_id: str
    lang: str = Field(
        description="The reader's language the `text` of each alert is in: `?lang=` (en, sq, "
        "sr, sr-Cyrl, tr, bs), else the request's Accept-Language, else en.",
        examples=["sq"],
    )
    alerts: list[AlertShown]


def units_of(request: Request) -> Units:
    units: Units = request.app.state.units
    return units


def today_of(request: Request) -> date:
    clock: Clock = request.app.state.today
    return clock()


router = APIRouter(tags=["monitoring"], responses=ERROR_RESPONSES)


@router.post(
    "/progress",
    status_code=201,
    response_model=Receipt,
    responses={
        200: {"model": Receipt, "description": "Already recorded (same id or same period)."},
        403: {"description": "The token may not report this (role, municipality, school)."},
        409: {"description": "Idempotency-Key reused with a different body."},
        422: {"description": "Field-level reasons the report was refused."},
    },
)
async def report_progress(
    report: Annotated[ProgressReport, Body()],
    request: Request,
    principal: Annotated[Principal, Depends(require(Permission.REPORT_PROGRESS))],
    units: Annotated[Units, Depends(units_of)],
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> JSONResponse:
    """One progress report (a school's month, the MED's or a partner's quarter)."""
    authorize(principal, Permission.REPORT_PROGRESS, str(report.municipality))
    body = report.model_dump(mode="json")
    request_hash = request_sha256(body)
    report = report.model_copy(update={"reporter_token_id": principal.token_id})
    # Redaction is CPU work: off the event loop, as on intake's paths.
    report, redactions = await to_thread.run_sync(redact_report, report)
    scope = reporter_scope(principal)
    async with units() as unit:
        if idempotency_key:
            earlier = await unit.idempotency.claim(
                principal.token_id, idempotency_key, request_hash
            )
            if earlier is not None:
                if earlier.request_sha256 != request_hash:
                    return key_reused()
                if earlier.status_code == 201:  # a retry of the first: already recorded
                    first = UUID(earlier.response["report_id"])
                    return answer(Receipt(report_id=first, status="already_accepted"))
                return JSONResponse(earlier.response, earlier.status_code)
        response = answer(await accept_report(unit, report, scope, today_of(request), redactions))
        if idempotency_key:  # a retry with this key gets exactly this answer
            await unit.idempotency.remember(principal.token_id, idempotency_key, response)
    log.info(
        "progress_reported",
        report_id=str(report.report_id),
        plan_id=report.plan_id,
        kind=report.kind,
        status=response.status_code,
    )
    return response


@router.get(
    "/progress/{report_id}",
    response_model=Outcome,
    responses={404: {"description": "No report of that id that this token may see."}},
)
async def report_outcome(
    report_id: UUID,
    principal: Annotated[Principal, Depends(require(Permission.READ_PROGRESS))],
    units: Annotated[Units, Depends(units_of)],
) -> Outcome:
    """Whether a report was applied, or refused and why (its period is then open again)."""
    async with units.reading() as unit:
        found = await unit.following.outcome(report_id)
    municipality = found.plan_id.split(":", 1)[0] if found else ""
    hidden = found is None or (
        principal.school is not None and found.reporter != f"school:{principal.school}"
    )
    if found is None or hidden:
        raise HTTPException(404, f"No report {report_id} is known.")
    authorize(principal, Permission.READ_PROGRESS, municipality)
    return Outcome(
        report_id=found.report_id,
        plan_id=found.plan_id,
        kind=found.kind,
        period=found.period,
        outcome=found.outcome,
        errors=found.problems,
        received_at=found.received_at,
    )


async def _plan_of(units: Units, municipality: str, cycle: str | None) -> str:
    async with units.reading() as unit:
        plan_id = await unit.following.latest_plan_of(municipality, cycle)
    if plan_id is None:
        raise HTTPException(404, f"No adopted plan of {municipality} is followed.")
    return plan_id


CycleQuery = Annotated[str | None, Query(pattern=r"^\d{4}-\d{4}$")]


@router.get("/plans/{municipality}/tracking", response_model=Tracking)
async def tracking(
    municipality: str,
    principal: Annotated[Principal, Depends(require(Permission.READ_PROGRESS))],
    units: Annotated[Units, Depends(units_of)],
    cycle: CycleQuery = None,
) -> Tracking:
    """The adopted plan's tracked actions, each with its status and history."""
    authorize(principal, Permission.READ_PROGRESS, municipality)
    plan_id = await _plan_of(units, municipality, cycle)
    async with units.reading() as unit:
        progress = await unit.following.progress(plan_id)
    assert progress is not None
    return Tracking(
        plan_id=plan_id,
        version=progress.version,
        adopted_on=progress.adopted_on,
        actions=list(progress.actions),
    )


@router.get("/plans/{municipality}/alerts", response_model=Alerts)
async def alerts_in_force(
    municipality: str,
    principal: Annotated[Principal, Depends(require(Permission.READ_PROGRESS))],
    units: Annotated[Units, Depends(units_of)],
    cycle: CycleQuery = None,
    lang: Annotated[str | None, Query(pattern=r"^(en|sq|sr|sr-Cyrl|tr|bs)$")] = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> Alerts:
    """The alerts in force for the adopted plan, as of the last alert pass, each with its
    `text` in the reader's language (`message` stays English)."""
    authorize(principal, Permission.READ_PROGRESS, municipality)
    plan_id = await _plan_of(units, municipality, cycle)
    async with units.reading() as unit:
        found = await unit.following.alerts(plan_id)
    chosen = reader_lang(lang, accept_language)
    shown = [AlertShown(**a.model_dump(), text=a.messages.get(chosen) or a.message) for a in found]
    return Alerts(plan_id=plan_id, lang=chosen, alerts=shown)
