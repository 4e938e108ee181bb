"""Municipal statistics in: one set per request (JSON), or a spreadsheet with a row report.

Intake owns the write side because it already is the door for field data with
what these need: bearer tokens scoped to municipalities, Idempotency-Key,
per-row spreadsheet reports, the outbox and the audit log (docs/statistics.md).
"""

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import structlog
from fastapi import APIRouter, Body, Depends, File, Header, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from schemas.statistics import MunicipalStatisticsRecorded
from schemas.topics import MUNICIPAL_STATISTICS
from schemas.vocabulary import MunicipalityCode
from services.consultations.domain import statistics_sheet
from services.consultations.domain.spreadsheet import FileError
from services.consultations.domain.statistics import (
    StatisticsSubmission,
    fingerprint,
    recorded_event,
    validate,
)
from services.consultations.handlers.deps import IntakeUnits, intake_units
from services.consultations.unit import IntakeUnit
from services.runtime.auth.http import authorize, require
from services.runtime.auth.roles import Permission, refusal
from services.runtime.auth.tokens import Principal
from services.runtime.files import attachment, download, unreadable
from services.runtime.http import ERROR_RESPONSES, invalid, language
from services.runtime.idempotency import key_reused, request_sha256

log = structlog.get_logger(__name__)
router = APIRouter(tags=["municipal statistics"], responses=ERROR_RESPONSES)
Status = Literal["accepted", "already_accepted", "conflict"]


class StatisticsReceipt(BaseModel):
    statistics_id: UUID
    status: Literal["accepted", "already_accepted"]


class SheetSet(BaseModel):
    rows: list[int]
    statistics_id: UUID | None = None
    status: Literal["accepted", "already_accepted", "conflict", "invalid"]


class SheetReport(BaseModel):
    rows: int
    sets: list[SheetSet]
    accepted: int
    rejected: int
    errors: list[dict[str, object]]


def _conflict() -> JSONResponse:
    reason = (
        "statistics for this municipality, school year, source and recorded_on were already "
        "recorded with other counts; send a correction with a later recorded_on"
    )
    return JSONResponse(
        {
            "detail": "Conflicting statistics.",
            "errors": [{"field": "recorded_on", "reason": reason}],
        },
        409,
    )


async def store(
    unit: IntakeUnit, s: MunicipalStatisticsRecorded, principal: Principal, channel: str
) -> Status:
    """Insert a new set and its event; a retry is `already_accepted`, other counts `conflict`."""
    digest = fingerprint(s)
    new = await unit.statistics.insert(
        {
            "statistics_id": s.statistics_id,
            "municipality": s.municipality.value,
            "school_year": s.school_year,
            "source": s.source,
            "recorded_on": s.recorded_on,
            "fingerprint": digest,
            "payload": s.model_dump(mode="json"),
            "submitted_by": principal.token_id,
            "channel": channel,
        }
    )
    if not new:
        known = await unit.statistics.fingerprint(s.statistics_id)
        return "already_accepted" if known == digest else "conflict"
    unit.emit(MUNICIPAL_STATISTICS, s.municipality.value, recorded_event(s, datetime.now(UTC)))
    await unit.audit.record(
        principal, f"statistics:{channel}", [], {"statistics_id": str(s.statistics_id)}
    )
    return "accepted"


@router.post(
    "/statistics",
    status_code=201,
    response_model=StatisticsReceipt,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": StatisticsSubmission.model_json_schema()}},
        }
    },
    responses={
        200: {"model": StatisticsReceipt, "description": "The same set again."},
        403: {"description": "The token may not record statistics for this municipality."},
        409: {"description": "Other counts under the same identity, or Idempotency-Key reuse."},
        422: {"description": "Field-level reasons the statistics were refused."},
    },
)
async def record_statistics(
    body: Annotated[dict[str, Any], Body()],
    request: Request,
    principal: Annotated[Principal, Depends(require(Permission.RECORD_STATISTICS))],
    units: Annotated[IntakeUnits, Depends(intake_units)],
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> JSONResponse:
    """One school year's enrolment, dropout and non-enrolment counts of a municipality."""
    lang = language(request)
    # Validated here, not by FastAPI, so a cross-field refusal names its field.
    accepted, errors = validate(body, lang, date.today())
    if accepted is None:
        return invalid(errors, lang)
    authorize(principal, Permission.RECORD_STATISTICS, accepted.municipality.value)
    request_hash = request_sha256(body)
    async with units() as unit:
        if idempotency_key:
            earlier = await unit.idempotency.claim(
                principal.token_id, idempotency_key, request_hash
            )
            if earlier is not None:
                if earlier.request_sha256 != request_hash:
                    return key_reused()
                return JSONResponse(earlier.response, earlier.status_code)
        status = await store(unit, accepted, principal, "api")
        if status == "conflict":
            response = _conflict()
        else:
            receipt = StatisticsReceipt(statistics_id=accepted.statistics_id, status=status)
            response = JSONResponse(
                receipt.model_dump(mode="json"), 201 if status == "accepted" else 200
            )
        if idempotency_key:
            await unit.idempotency.remember(principal.token_id, idempotency_key, response)
    log.info(
        "statistics_recorded",
        municipality=accepted.municipality.value,
        school_year=accepted.school_year,
        status=status,
    )
    return response


@router.get(
    "/statistics/import/template.csv",
    summary="The CSV layout of municipal statistics, with example rows",
    response_class=Response,
    responses=download(".csv"),
)
async def statistics_template() -> Response:
    return attachment(statistics_sheet.template_csv(), "dmap-statistics.csv")


@router.post("/statistics/import", response_model=SheetReport)
async def import_statistics(
    request: Request,
    file: Annotated[
        UploadFile, File(description="CSV or XLSX, one row per level/gender/community")
    ],
    principal: Annotated[Principal, Depends(require(Permission.RECORD_STATISTICS))],
    units: Annotated[IntakeUnits, Depends(intake_units)],
) -> JSONResponse:
    """Rows grouped into sets (municipality, school year, source, recorded_on); a set with any
    invalid row is refused whole, the others are stored."""
    lang = language(request)
    data = await file.read()
    try:
        groups, errors = statistics_sheet.read(data, (file.filename or "").lower(), lang)
    except FileError as exc:
        return unreadable(str(exc))
    sets: list[SheetSet] = []
    async with units() as unit:
        for g in groups:
            if g.statistics is None or g.errors:
                sets.append(SheetSet(rows=g.rows, status="invalid"))
                continue
            if refused := _scope_refusal(principal, g.statistics.municipality):
                errors.append({"row": g.rows[0], "column": "municipality", "reason": refused})
                sets.append(SheetSet(rows=g.rows, status="invalid"))
                continue
            status = await store(unit, g.statistics, principal, "spreadsheet")
            if status == "conflict":
                errors.append(
                    {
                        "row": g.rows[0],
                        "column": "recorded_on",
                        "reason": "already recorded with other counts",
                    }
                )
            sets.append(
                SheetSet(rows=g.rows, statistics_id=g.statistics.statistics_id, status=status)
            )
    report = SheetReport(
        rows=sum(len(g.rows) for g in groups),
        sets=sets,
        accepted=sum(s.status == "accepted" for s in sets),
        rejected=sum(s.status in ("invalid", "conflict") for s in sets),
        errors=sorted(errors, key=lambda e: (int(str(e["row"])), str(e["column"]))),
    )
    log.info("statistics_imported", sets=len(sets), accepted=report.accepted)
    return JSONResponse(report.model_dump(mode="json"), 200)


def _scope_refusal(principal: Principal, municipality: MunicipalityCode) -> str | None:
    return refusal(
        principal.role, principal.municipalities, Permission.RECORD_STATISTICS, municipality.value
    )
