"""KoboToolbox / ODK Central: monitoring's XLSForms (the school team's month, a partner's
quarter), and the one webhook both post to (the hidden form id says which report it is)."""

from typing import Annotated, Any

import structlog
from anyio import to_thread
from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError

from schemas.progress import PartnerQuarterlyReport, SchoolMonthlyReport
from services.monitoring.accepting import accept_report, answer, reporter_scope
from services.monitoring.api import Units, today_of, units_of
from services.monitoring.domain import forms, partner_xlsform, xlsform
from services.monitoring.domain.redacting import redact_report
from services.monitoring.domain.reports import Report
from services.runtime.auth.http import authorize, require
from services.runtime.auth.roles import Permission
from services.runtime.auth.tokens import Principal
from services.runtime.files import attachment, download
from services.runtime.http import ERROR_RESPONSES, field_errors, invalid

log = structlog.get_logger(__name__)
router = APIRouter(tags=["forms (KoboToolbox, ODK)"], responses=ERROR_RESPONSES)


@router.get(
    "/forms/school-monthly.xlsx",
    summary="The school team's monthly report as an XLSForm (KoboToolbox, ODK Central)",
    response_class=Response,
    responses=download(".xlsx", "XLSForm workbook"),
)
async def download_school_monthly_form() -> Response:
    return attachment(xlsform.build(), f"{xlsform.FORM_ID}.xlsx")


@router.get(
    "/forms/partner-quarterly.xlsx",
    summary="A partner's quarterly report as an XLSForm (KoboToolbox, ODK Central)",
    response_class=Response,
    responses=download(".xlsx", "XLSForm workbook"),
)
async def download_partner_quarterly_form() -> Response:
    return attachment(partner_xlsform.build(), f"{partner_xlsform.FORM_ID}.xlsx")


@router.post(
    "/forms/submissions",
    summary="Webhook for KoboToolbox REST services and ODK Central submission JSON",
    responses={
        201: {"description": "Recorded as a school monthly or partner quarterly report."},
        200: {"description": "Already recorded (the same submission, or the same period)."},
        403: {"description": "The token may not report for this school or municipality."},
        422: {"description": "Another form, an outdated version, or a refused report."},
    },
)
async def receive_submission(
    request: Request,
    payload: Annotated[dict[str, Any], Body()],
    principal: Annotated[Principal, Depends(require(Permission.REPORT_PROGRESS))],
    units: Annotated[Units, Depends(units_of)],
) -> JSONResponse:
    report: Report
    try:
        if forms.check_form(payload) == partner_xlsform.FORM_ID:
            mapped = forms.to_partner_dict(payload, principal.organisation)
            report = PartnerQuarterlyReport.model_validate(mapped)
        else:
            report = SchoolMonthlyReport.model_validate(forms.to_report_dict(payload))
    except forms.FormRefused as exc:
        return invalid([{"field": exc.problem.field, "reason": exc.problem.reason}])
    except ValidationError as exc:
        return invalid(field_errors(list(exc.errors())))
    authorize(principal, Permission.REPORT_PROGRESS, str(report.municipality))
    report = report.model_copy(update={"reporter_token_id": principal.token_id})
    redacted, redactions = await to_thread.run_sync(redact_report, report)
    async with units() as unit:
        result = await accept_report(
            unit, redacted, reporter_scope(principal), today_of(request), redactions
        )
    log.info(
        "form_submission_reported",
        kind=report.kind,
        report_id=str(report.report_id),
        plan_id=report.plan_id,
        result=getattr(result, "status", "refused"),
    )
    return answer(result)
