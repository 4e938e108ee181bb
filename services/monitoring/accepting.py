"""Accepting a report, whatever way it came (API, XLSForm submission, spreadsheet row).

The report is redacted, checked against the followed plan and the reporter's
scope, kept as a submission (unique by id and by reporter and period) and
published on plan-progress.v1 through the outbox, in the caller's unit of work;
or refused with a problem per field.
"""

from datetime import UTC, date, datetime
from typing import Literal
from uuid import UUID, uuid4

from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from schemas.progress import ProgressReported, ProgressReportedEvent
from schemas.topics import PLAN_PROGRESS
from services.monitoring.domain.progress import Duplicate, apply_report
from services.monitoring.domain.refusals import Problem, Refused
from services.monitoring.domain.reports import Report, ReporterScope, reporter_and_period
from services.monitoring.unit import MonitoringUnit
from services.runtime.auth.roles import REPORT_KINDS
from services.runtime.auth.tokens import Principal

SOURCE = "/dmap/monitoring"
# Problems of the reporter's scope: the token may not report this, whatever the content.
SCOPE_FIELDS = frozenset({"municipality", "school", "kind", "partner"})


class Receipt(BaseModel):
    report_id: UUID
    status: Literal["accepted", "already_accepted"]
    redactions: dict[str, int] = Field(
        default_factory=dict,
        description="Personal data removed from the evidence texts, per kind (never what).",
    )


def reporter_scope(principal: Principal) -> ReporterScope:
    """What the caller's token may report: its municipalities, school, kinds, organisation."""
    kinds = REPORT_KINDS.get(principal.role)
    return ReporterScope(principal.municipalities, principal.school, kinds, principal.organisation)


async def accept_report(
    unit: MonitoringUnit,
    report: Report,
    scope: ReporterScope,
    today: date,
    redactions: dict[str, int] | None = None,
) -> Receipt | Refused:
    """Keep and publish a redacted report once, or say why it cannot be recorded."""
    progress = await unit.following.progress(report.plan_id)
    outcome = apply_report(progress, report, today=today, scope=scope)
    if isinstance(outcome, Refused):
        return outcome
    if isinstance(outcome, Duplicate):
        return Receipt(report_id=outcome.report_id, status="already_accepted")
    reporter, period = reporter_and_period(report)
    earlier = await unit.following.submit(report, reporter, period, report.reporter_token_id)
    if earlier is not None:  # accepted before, not yet applied
        return Receipt(report_id=earlier, status="already_accepted")
    unit.emit(
        PLAN_PROGRESS,
        report.plan_id,
        ProgressReportedEvent(
            id=uuid4(),
            source=SOURCE,
            time=datetime.now(UTC),
            subject=report.plan_id,
            data=ProgressReported(report=report),
        ),
    )
    return Receipt(report_id=report.report_id, status="accepted", redactions=redactions or {})


def refused_answer(problems: tuple[Problem, ...]) -> JSONResponse:
    """403 when the token may not report this at all, else 422; each problem named."""
    status = 403 if any(p.field in SCOPE_FIELDS for p in problems) else 422
    return JSONResponse(
        {
            "detail": "The report cannot be recorded.",
            "errors": [{"field": p.field, "reason": p.reason} for p in problems],
        },
        status,
    )


def answer(result: Receipt | Refused) -> JSONResponse:
    if isinstance(result, Refused):
        return refused_answer(result.problems)
    status = 201 if result.status == "accepted" else 200
    return JSONResponse(result.model_dump(mode="json"), status)
