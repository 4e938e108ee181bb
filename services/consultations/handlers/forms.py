"""KoboToolbox / ODK Central: the XLSForm to deploy, and the webhook they post to."""

from datetime import date
from typing import Annotated, Any

import structlog
from anyio import to_thread
from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import JSONResponse, Response

from services.consultations import correcting
from services.consultations.domain import forms, xlsform
from services.consultations.domain.intake import IntakeError
from services.consultations.handlers.deps import IntakeUnits, intake_units, validate
from services.runtime.auth.http import require
from services.runtime.auth.roles import Permission
from services.runtime.auth.tokens import Principal
from services.runtime.files import attachment, download
from services.runtime.http import ERROR_RESPONSES, invalid, language

log = structlog.get_logger(__name__)
router = APIRouter(tags=["forms (KoboToolbox, ODK)"], responses=ERROR_RESPONSES)


@router.get(
    "/forms/consultation.xlsx",
    summary="XLSForm to upload to KoboToolbox or ODK Central",
    response_class=Response,
    responses=download(".xlsx", "XLSForm workbook"),
)
async def download_xlsform() -> Response:
    return attachment(xlsform.build(), f"{forms.FORM_ID}.xlsx")


@router.post(
    "/forms/submissions",
    summary="Webhook for KoboToolbox REST services and ODK Central submission JSON",
    responses={
        201: {"description": "Recorded."},
        200: {"description": "Already recorded, or an edit that replaced its record."},
        409: {"description": "Instance id already used for different content."},
        422: {
            "description": "Another form or an outdated form version, an edit moving a"
            " consultation to another municipality, or no valid record."
        },
    },
)
async def receive_form_submission(
    request: Request,
    payload: Annotated[dict[str, Any], Body()],
    principal: Annotated[Principal, Depends(require(Permission.SUBMIT))],
    units: Annotated[IntakeUnits, Depends(intake_units)],
) -> JSONResponse:
    lang = language(request)
    try:
        forms.check_form(payload)
        ident = forms.identity(payload)
        mapped = forms.to_submission_dict(payload)
        async with units() as unit:
            mapped["consultation_id"] = str(await correcting.consultation_id(unit, ident))
            # Redaction is CPU work: off the event loop, as on the other intake paths.
            accepted, errors = await to_thread.run_sync(validate, mapped, lang, date.today())
            if accepted is None:
                return invalid(errors, lang)
            result = await correcting.record_form(
                unit, accepted, principal, mapped["source"], ident
            )
    except IntakeError as exc:
        return invalid(
            [{"field": exc.field, "reason": exc.reason_sq if lang == "sq" else exc.reason}], lang
        )
    log.info(
        "form_submission_recorded",
        consultation_id=str(result.consultation_id),
        status=result.status,
        source=mapped["source"],
    )
    if result.status == "conflict":
        return JSONResponse(
            {
                "detail": "This instance id was already recorded with different content.",
                "errors": [{"field": "meta.instanceID", "reason": "already used"}],
            },
            409,
        )
    return JSONResponse(
        {
            "consultation_id": str(result.consultation_id),
            "status": result.status,
            "redactions": result.redactions,
        },
        201 if result.status == "accepted" else 200,
    )
