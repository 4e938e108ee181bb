"""HTTP routes of intake: translate, call the domain, persist record + outbox row."""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import UUID

import asyncpg
import structlog
from fastapi import APIRouter, HTTPException, Request, Response, status
from pydantic import BaseModel

from schemas.consultations import ConsultationRecorded
from schemas.topics import CONSULTATIONS
from services.consultations.domain.intake import (
    ConsultationSubmission,
    accept,
    fingerprint,
    recorded_event,
)
from services.consultations.store import records
from services.runtime.database import transaction
from services.runtime.outbox import OutboxMessage, OutboxRelay, enqueue
from services.runtime.settings import Settings

log = structlog.get_logger(__name__)
router = APIRouter(tags=["consultations"])


@dataclass(frozen=True, slots=True)
class IntakeDeps:
    settings: Settings
    pool: asyncpg.Pool
    relay: OutboxRelay


class Accepted(BaseModel):
    consultation_id: UUID
    status: str


def _deps(request: Request) -> IntakeDeps:
    deps: IntakeDeps = request.app.state.deps
    return deps


@router.post(
    "/consultations",
    status_code=status.HTTP_201_CREATED,
    response_model=Accepted,
    responses={
        200: {"description": "Replay of an already accepted record (same id, same content)."},
        409: {"description": "The id was already used for different content."},
        422: {"description": "Field-level reasons the record was refused."},
    },
)
async def record_consultation(
    submission: ConsultationSubmission, request: Request, response: Response
) -> Accepted:
    deps = _deps(request)
    record = accept(submission, today=date.today())  # IntakeError -> 422 in app.py
    digest = fingerprint(record)
    with structlog.contextvars.bound_contextvars(
        consultation_id=str(record.consultation_id), municipality=record.municipality.value
    ):
        async with transaction(deps.pool, deps.settings.acquire_timeout_s) as conn:
            if not await records.insert(conn, record, digest):
                existing = await records.fingerprint_of(conn, record.consultation_id)
                if existing != digest:
                    raise HTTPException(
                        409,
                        "This consultation_id was already used for a different record.",
                    )
                response.status_code = status.HTTP_200_OK
                log.info("consultation_replayed")
                return Accepted(consultation_id=record.consultation_id, status="already_accepted")
            event = recorded_event(record, now=datetime.now(UTC))
            await enqueue(
                conn,
                "consultations",
                [
                    OutboxMessage(
                        topic=deps.settings.topic(CONSULTATIONS),
                        key=record.municipality.value,
                        value=event.model_dump_json().encode(),
                        headers={"ce_type": event.type, "ce_id": str(event.id)},
                    )
                ],
            )
        deps.relay.notify()
        log.info("consultation_accepted", event_id=str(event.id))
    return Accepted(consultation_id=record.consultation_id, status="accepted")


@router.get("/consultations/{consultation_id}", response_model=ConsultationRecorded)
async def read_consultation(consultation_id: UUID, request: Request) -> ConsultationRecorded:
    deps = _deps(request)
    async with deps.pool.acquire(timeout=deps.settings.acquire_timeout_s) as conn:
        row = await records.get(conn, consultation_id)
    if row is None:
        raise HTTPException(404, f"No consultation with id {consultation_id}.")
    return ConsultationRecorded.model_validate(row["payload"])
