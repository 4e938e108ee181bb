"""The working group's decisions and minutes in: `POST /meetings`, recorded by the MED
director (the `approver` of the municipality), and what became of one.

Like a report: redacted, checked against the followed plan, kept (unique by meeting
id) and published on plan-progress.v1 through the outbox, where monitoring's
consumer applies it; or refused with a problem per field. The meeting id is the
idempotency key: the same meeting again is `200`, the same id with other content
`409`.
"""

from datetime import UTC, date, datetime
from typing import Annotated, Literal
from uuid import UUID, uuid4

import structlog
from anyio import to_thread
from fastapi import APIRouter, Body, Depends, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from schemas.progress import MeetingRecorded, MeetingRecordedEvent, WorkingGroupMeeting
from schemas.topics import PLAN_PROGRESS
from services.monitoring.api import Units, today_of, units_of
from services.monitoring.domain.meetings import (
    MeetingKept,
    OtherMeeting,
    SameMeeting,
    content,
    record_meeting,
)
from services.monitoring.domain.redacting import redact_meeting
from services.monitoring.domain.refusals import Problem, Refused
from services.monitoring.domain.state import OutcomeName
from services.monitoring.unit import MonitoringUnit
from services.runtime.auth.http import authorize, require
from services.runtime.auth.roles import Permission
from services.runtime.auth.tokens import Principal
from services.runtime.http import ERROR_RESPONSES

log = structlog.get_logger(__name__)

SOURCE = "/dmap/monitoring"


class MeetingReceipt(BaseModel):
    meeting_id: UUID
    status: Literal["recorded", "already_recorded"]
    redactions: dict[str, int] = Field(
        default_factory=dict,
        description="Personal data removed from the free text, per kind (never what).",
    )


class MeetingOutcomeOut(BaseModel):
    """`pending` until monitoring applied the meeting, then `applied`, or `refused`."""

    meeting_id: UUID
    plan_id: str
    quarter: str
    held_on: date
    outcome: OutcomeName
    errors: list[dict[str, str]]
    received_at: datetime


def _refused(problems: tuple[Problem, ...]) -> JSONResponse:
    """403 when the token acts for another municipality, else 422; each problem named."""
    status = 403 if any(p.field == "municipality" for p in problems) else 422
    return JSONResponse(
        {
            "detail": "The meeting cannot be recorded.",
            "errors": [{"field": p.field, "reason": p.reason} for p in problems],
        },
        status,
    )


def _conflict(meeting_id: UUID) -> JSONResponse:
    reason = "already recorded with other content; record a correction under a new id"
    return JSONResponse(
        {
            "detail": f"Meeting {meeting_id} was recorded with other content.",
            "errors": [{"field": "meeting_id", "reason": reason}],
        },
        409,
    )


def _receipt(meeting_id: UUID, redactions: dict[str, int] | None = None) -> JSONResponse:
    """201 `recorded` with the redactions made, or 200 `already_recorded` (None)."""
    if redactions is None:
        body = MeetingReceipt(meeting_id=meeting_id, status="already_recorded")
        return JSONResponse(body.model_dump(mode="json"), 200)
    body = MeetingReceipt(meeting_id=meeting_id, status="recorded", redactions=redactions)
    return JSONResponse(body.model_dump(mode="json"), 201)


async def accept_meeting(
    unit: MonitoringUnit,
    meeting: WorkingGroupMeeting,
    municipalities: frozenset[str] | None,
    today: date,
    redactions: dict[str, int],
) -> JSONResponse:
    """Keep and publish a redacted meeting once, or say why it cannot be recorded."""
    progress = await unit.following.progress(meeting.plan_id)
    outcome = record_meeting(progress, meeting, today=today, municipalities=municipalities)
    if isinstance(outcome, Refused):
        return _refused(outcome.problems)
    if isinstance(outcome, SameMeeting):
        return _receipt(outcome.meeting_id)
    if isinstance(outcome, OtherMeeting):
        return _conflict(outcome.meeting_id)
    assert isinstance(outcome, MeetingKept)
    earlier = await unit.meetings.submit(meeting)
    if earlier is not None:  # accepted before, not yet applied
        if content(earlier.meeting) != content(meeting):
            return _conflict(meeting.meeting_id)
        return _receipt(meeting.meeting_id)
    unit.emit(
        PLAN_PROGRESS,
        meeting.plan_id,
        MeetingRecordedEvent(
            id=uuid4(),
            source=SOURCE,
            time=datetime.now(UTC),
            subject=meeting.plan_id,
            data=MeetingRecorded(meeting=meeting),
        ),
    )
    return _receipt(meeting.meeting_id, redactions)


router = APIRouter(tags=["monitoring"], responses=ERROR_RESPONSES)


@router.post(
    "/meetings",
    status_code=201,
    response_model=MeetingReceipt,
    responses={
        200: {"model": MeetingReceipt, "description": "This meeting was recorded before."},
        403: {"description": "Not the MED director of this municipality."},
        409: {"description": "This meeting id was recorded with other content."},
        422: {"description": "Field-level reasons the meeting was refused."},
    },
)
async def record_working_group_meeting(
    meeting: Annotated[WorkingGroupMeeting, Body()],
    request: Request,
    # Anyone who follows plans is let in so the refusal below names what the token lacks.
    principal: Annotated[
        Principal, Depends(require(Permission.RECORD_MINUTES, Permission.READ_PROGRESS))
    ],
    units: Annotated[Units, Depends(units_of)],
) -> JSONResponse:
    """One meeting of the municipal working group: bodies present, decisions, minutes."""
    authorize(principal, Permission.RECORD_MINUTES, str(meeting.municipality))
    stamps = {"recorded_at": datetime.now(UTC), "recorder_token_id": principal.token_id}
    # Redaction is CPU work: off the event loop, as on intake's paths.
    meeting, redactions = await to_thread.run_sync(
        redact_meeting, meeting.model_copy(update=stamps)
    )
    async with units() as unit:
        response = await accept_meeting(
            unit, meeting, principal.municipalities, today_of(request), redactions
        )
    log.info(
        "meeting_recorded",
        meeting_id=str(meeting.meeting_id),
        plan_id=meeting.plan_id,
        decisions=len(meeting.decisions),
        status=response.status_code,
    )
    return response


@router.get(
    "/meetings/{meeting_id}",
    response_model=MeetingOutcomeOut,
    responses={404: {"description": "No meeting of that id that this token may see."}},
)
async def meeting_outcome(
    meeting_id: UUID,
    principal: Annotated[Principal, Depends(require(Permission.READ_PROGRESS))],
    units: Annotated[Units, Depends(units_of)],
) -> MeetingOutcomeOut:
    """Whether a meeting was applied, or refused and why."""
    async with units.reading() as unit:
        found = await unit.meetings.outcome(meeting_id)
    if found is None:
        raise HTTPException(404, f"No meeting {meeting_id} is known.")
    m = found.meeting
    authorize(principal, Permission.READ_PROGRESS, str(m.municipality))
    return MeetingOutcomeOut(
        meeting_id=m.meeting_id,
        plan_id=m.plan_id,
        quarter=m.quarter,
        held_on=m.held_on,
        outcome=found.outcome,
        errors=found.problems,
        received_at=found.received_at,
    )
