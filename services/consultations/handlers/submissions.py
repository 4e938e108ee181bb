"""Single and batch submissions, and reading back what arrived."""

import re
from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

import structlog
from anyio import to_thread
from fastapi import APIRouter, Body, Depends, Header, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, BeforeValidator

from schemas.consultations import ConsultationRecorded
from schemas.vocabulary import MunicipalityCode, StakeholderGroup
from services.consultations.domain.intake import ConsultationSubmission
from services.consultations.handlers.deps import IntakeUnits, intake_units, validate
from services.consultations.recording import store
from services.runtime.auth.http import require
from services.runtime.auth.roles import PERMISSIONS, Permission
from services.runtime.auth.tokens import Principal
from services.runtime.http import ERROR_RESPONSES, invalid, language
from services.runtime.idempotency import key_reused, request_sha256

log = structlog.get_logger(__name__)
router = APIRouter(tags=["consultations"], responses=ERROR_RESPONSES)
MAX_BATCH = 500


class Receipt(BaseModel):
    consultation_id: UUID
    status: Literal["accepted", "already_accepted"]
    redactions: dict[str, int] = {}


class BatchItem(BaseModel):
    index: int
    status: Literal["accepted", "already_accepted", "conflict", "invalid"]
    consultation_id: UUID | None = None
    redactions: dict[str, int] = {}
    errors: list[dict[str, str]] = []


class BatchReceipt(BaseModel):
    accepted: int
    already_accepted: int
    conflicts: int
    invalid: int
    items: list[BatchItem]


class Page(BaseModel):
    items: list[ConsultationRecorded]
    total: int
    limit: int
    offset: int
    next_offset: int | None


def _conflict(lang: str) -> JSONResponse:
    detail = {
        "en": "This consultation_id was already used for a different record.",
        "sq": "Ky consultation_id është përdorur tashmë për një regjistrim tjetër.",
    }[lang]
    return JSONResponse(
        {"detail": detail, "errors": [{"field": "consultation_id", "reason": detail}]}, 409
    )


@router.post(
    "/consultations",
    status_code=201,
    response_model=Receipt,
    responses={
        200: {"model": Receipt, "description": "Replay of an accepted record."},
        400: {"description": "Malformed JSON."},
        401: {"description": "No or unknown token."},
        403: {"description": "The role may not submit."},
        409: {"description": "Id or Idempotency-Key reused for different content."},
        413: {"description": "Body too large."},
        415: {"description": "Not JSON."},
        422: {"description": "Field-level reasons the record was refused."},
    },
)
async def record_consultation(
    submission: ConsultationSubmission,
    request: Request,
    principal: Annotated[Principal, Depends(require(Permission.SUBMIT))],
    units: Annotated[IntakeUnits, Depends(intake_units)],
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> JSONResponse:
    lang = language(request)
    # Redaction is CPU work: off the event loop, so /livez and other requests still answer.
    accepted, errors = await to_thread.run_sync(
        validate, submission.model_dump(mode="json"), lang, date.today()
    )
    if accepted is None:
        return invalid(errors, lang)
    request_hash = request_sha256(submission.model_dump(mode="json"))
    async with units() as unit:
        if idempotency_key:
            earlier = await unit.idempotency.claim(
                principal.token_id, idempotency_key, request_hash
            )
            if earlier is not None:
                if earlier.request_sha256 != request_hash:
                    return key_reused()
                return JSONResponse(earlier.response, earlier.status_code)
        [result] = await store(unit, [accepted], principal, "api")
        if result.status == "conflict":
            response = _conflict(lang)
        else:
            response = JSONResponse(
                Receipt(
                    consultation_id=result.consultation_id,
                    status=result.status,
                    redactions=result.redactions,
                ).model_dump(mode="json"),
                201 if result.status == "accepted" else 200,
            )
        if idempotency_key:  # a retry with this key gets exactly this answer
            await unit.idempotency.remember(principal.token_id, idempotency_key, response)
    log.info(
        "consultation_recorded",
        consultation_id=str(result.consultation_id),
        municipality=accepted.record.municipality.value,
        status=result.status,
        redactions=result.redactions,
    )
    return response


@router.post(
    "/consultations/batch",
    response_model=BatchReceipt,
    summary=f"Up to {MAX_BATCH} records; each item is answered on its own",
)
async def record_batch(
    request: Request,
    items: Annotated[list[dict[str, Any]], Body(max_length=MAX_BATCH)],
    principal: Annotated[Principal, Depends(require(Permission.SUBMIT))],
    units: Annotated[IntakeUnits, Depends(intake_units)],
) -> BatchReceipt:
    lang = language(request)
    today = date.today()
    results: list[BatchItem | None] = [None] * len(items)
    # Validation and redaction of up to MAX_BATCH records: off the event loop.
    checked = await to_thread.run_sync(lambda: [validate(raw, lang, today) for raw in items])
    good, positions = [], []
    for i, (accepted, errors) in enumerate(checked):
        if accepted is None:
            results[i] = BatchItem(index=i, status="invalid", errors=errors)
        else:
            good.append(accepted)
            positions.append(i)
    async with units() as unit:
        stored = await store(unit, good, principal, "api") if good else []
    for i, s in zip(positions, stored, strict=True):
        results[i] = BatchItem(
            index=i, status=s.status, consultation_id=s.consultation_id, redactions=s.redactions
        )
    final = [r for r in results if r is not None]
    log.info("batch_recorded", items=len(items))
    return BatchReceipt(
        accepted=sum(r.status == "accepted" for r in final),
        already_accepted=sum(r.status == "already_accepted" for r in final),
        conflicts=sum(r.status == "conflict" for r in final),
        invalid=sum(r.status == "invalid" for r in final),
        items=final,
    )


def _iso_date(value: object) -> object:
    """Only YYYY-MM-DD; pydantic would otherwise read `0` as 1970-01-01."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("use the date format YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


def _own_only(principal: Principal) -> UUID | None:
    """Consultants see what they submitted; readers see everything."""
    return None if Permission.READ_ALL in PERMISSIONS[principal.role] else principal.token_id


@router.get("/consultations/{consultation_id}", response_model=ConsultationRecorded)
async def read_consultation(
    consultation_id: UUID,
    principal: Annotated[Principal, Depends(require(Permission.READ_OWN, Permission.READ_ALL))],
    units: Annotated[IntakeUnits, Depends(intake_units)],
) -> ConsultationRecorded:
    async with units.reading() as unit:
        row = await unit.records.get(consultation_id)
    owner = _own_only(principal)
    if row is None or (owner is not None and row["submitted_by"] != owner):
        raise HTTPException(404, f"No consultation {consultation_id} is visible to you.")
    return ConsultationRecorded.model_validate(row["payload"])


@router.get(
    "/consultations",
    response_model=Page,
    summary="What arrived, newest first (consultants see their own)",
)
async def list_consultations(
    principal: Annotated[Principal, Depends(require(Permission.READ_OWN, Permission.READ_ALL))],
    units: Annotated[IntakeUnits, Depends(intake_units)],
    municipality: MunicipalityCode | None = None,
    date_from: Annotated[IsoDate | None, Query(alias="from")] = None,
    date_to: Annotated[IsoDate | None, Query(alias="to")] = None,
    stakeholder_group: StakeholderGroup | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Page:
    async with units.reading() as unit:
        rows, total = await unit.records.search(
            municipality=municipality.value if municipality else None,
            date_from=date_from,
            date_to=date_to,
            stakeholder_group=stakeholder_group.value if stakeholder_group else None,
            submitted_by=_own_only(principal),
            limit=limit,
            offset=offset,
        )
    return Page(
        items=[ConsultationRecorded.model_validate(r["payload"]) for r in rows],
        total=total,
        limit=limit,
        offset=offset,
        next_offset=offset + limit if offset + limit < total else None,
    )
