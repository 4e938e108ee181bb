"""The follow-up page of an adopted plan and the school team's monthly report form.

Both read `reporting.plan_tracking` (the newest snapshot monitoring published); the
form is posted here and passed on to monitoring's `POST /progress` with the
signed-in person's session (`monitoring_api`), so its refusals come back field by
field onto the form.
"""

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID, uuid4

import structlog
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from schemas.progress import PlanTracking
from schemas.vocabulary import MUNICIPALITY_BY_CODE
from services.reporting.handlers.queries import ReportingUnits
from services.reporting.handlers.web import Pages, csrf_for, csrf_ok
from services.reporting.i18n.following import ACTION_STATUS, ALERT_KIND, REPORT_KIND
from services.reporting.i18n.workspace import label_of, lang_of, translator
from services.reporting.monitoring_api import send_report
from services.reporting.progress_form import (
    COUNTS,
    STATUSES,
    FormErrors,
    refusal_fields,
    report_body,
    school_actions,
    school_months,
)
from services.reporting.rendering.follow_up import follow_up_view
from services.runtime.auth.http import COOKIE
from services.runtime.auth.roles import PERMISSIONS, REPORT_KINDS, Permission, covers
from services.runtime.auth.tokens import Principal
from services.runtime.settings import Settings

log = structlog.get_logger(__name__)
EXPIRED = "The form expired; open the report form again."


def add_following_routes(router: APIRouter, pages: Pages, units: Any) -> None:
    Ctx = Annotated[ReportingUnits, Depends(units)]

    async def reader(
        request: Request, municipality: str, permission: Permission
    ) -> Principal | Response:
        return await follower(pages, request, municipality, permission)

    @router.get("/ui/plans/{municipality}/follow-up")
    async def follow_up_page(request: Request, municipality: str, ctx: Ctx) -> Response:
        who = await reader(request, municipality, Permission.READ_PROGRESS)
        if isinstance(who, Response):
            return who
        lang = lang_of(request)
        tracking = await tracking_of(ctx, municipality)
        async with ctx.reading() as unit:
            row = await unit.plans.latest_for(municipality)
        may_report = who.school is not None and Permission.REPORT_PROGRESS in PERMISSIONS[who.role]
        reported = _uuid(request.query_params.get("reported"))
        return pages.page(
            request,
            "follow_up.html",
            municipality=municipality,
            user=who,
            tracking=tracking,
            view=follow_up_view(tracking, row, lang) if tracking else None,
            may_report=may_report,
            may_report_quarter=reports_quarter(who),
            may_record_minutes=Permission.RECORD_MINUTES in PERMISSIONS[who.role],
            may_read_plans=Permission.READ_PLANS in PERMISSIONS[who.role],
            reported=reported,
            recorded=_uuid(request.query_params.get("recorded")),
            repeated=request.query_params.get("repeated") == "1",
            action_status=label_of(ACTION_STATUS, lang),
            alert_kind=label_of(ALERT_KIND, lang),
            report_kind=label_of(REPORT_KIND, lang),
        )

    def form_page(
        request: Request,
        municipality: str,
        who: Principal,
        tracking: PlanTracking,
        values: dict[str, str],
        errors: FormErrors,
        status_code: int = 200,
    ) -> Response:
        lang = lang_of(request)
        return pages.page(
            request,
            "progress_form.html",
            status_code=status_code,
            municipality=municipality,
            user=who,
            tracking=tracking,
            actions=school_actions(tracking),
            counts=COUNTS,
            statuses=STATUSES,
            months=_months(tracking),
            values=values,
            errors=errors.fields,
            csrf=csrf_for(request),
            action_status=label_of(ACTION_STATUS, lang),
        )

    async def reporter(
        request: Request, municipality: str, ctx: ReportingUnits
    ) -> tuple[Principal, PlanTracking] | Response:
        who = await reader(request, municipality, Permission.REPORT_PROGRESS)
        if isinstance(who, Response):
            return who
        t = translator(lang_of(request))
        if who.school is None:
            return pages.page(request, "error.html", message=t["not_school_team"], status_code=403)
        tracking = await tracking_of(ctx, municipality)
        if tracking is None:
            return pages.page(request, "error.html", message=t["not_followed"], status_code=404)
        return who, tracking

    @router.get("/ui/plans/{municipality}/report")
    async def report_form(request: Request, municipality: str, ctx: Ctx) -> Response:
        found = await reporter(request, municipality, ctx)
        if isinstance(found, Response):
            return found
        who, tracking = found
        months = _months(tracking)
        values = {"report_id": str(uuid4()), "month": months[-1] if months else ""}
        return form_page(request, municipality, who, tracking, values, FormErrors())

    @router.post("/ui/plans/{municipality}/report")
    async def send_report_form(request: Request, municipality: str, ctx: Ctx) -> Response:
        found = await reporter(request, municipality, ctx)
        if isinstance(found, Response):
            return found
        who, tracking = found
        assert who.school is not None
        posted = await request.form()
        values = {k: v for k, v in posted.items() if isinstance(v, str)}
        if not csrf_ok(request, values.get("csrf", "")):
            return pages.refused(request, EXPIRED, 403, f"/ui/plans/{municipality}/report")
        t = translator(lang_of(request))
        now = datetime.now(UTC)
        body, errors = report_body(values, who.name, who.school, tracking, now, t)
        values["report_id"] = body["report_id"]
        if errors:
            return form_page(request, municipality, who, tracking, values, errors, 422)
        settings: Settings = request.app.state.settings
        answer = await send_report(settings, request.cookies.get(COOKIE, ""), body)
        if answer is None or answer.status >= 500:
            down = FormErrors({"form": t["monitoring_down"]})
            return form_page(request, municipality, who, tracking, values, down, 503)
        if answer.status in (200, 201):
            repeated = "&repeated=1" if answer.body.get("status") == "already_accepted" else ""
            log.info("progress_form_sent", plan_id=tracking.plan_id, status=answer.status)
            target = f"/ui/plans/{municipality}/follow-up?reported={answer.body.get('report_id')}"
            return RedirectResponse(target + repeated, 303)
        refused = refusal_fields(answer.body.get("errors") or [], body)
        if not refused:
            refused = FormErrors({"form": str(answer.body.get("detail", answer.status))})
        log.info("progress_form_refused", plan_id=tracking.plan_id, status=answer.status)
        return form_page(request, municipality, who, tracking, values, refused, answer.status)


async def follower(
    pages: Pages, request: Request, municipality: str, permission: Permission
) -> Principal | Response:
    """Who is signed in, if their role has `permission` for `municipality`; else the page."""
    if municipality not in MUNICIPALITY_BY_CODE:
        return pages.page(
            request,
            "error.html",
            message=f"Unknown municipality '{municipality}'.",
            status_code=404,
        )
    who = await pages.viewer(request, permission)
    if isinstance(who, Response):
        return who
    if not covers(who.municipalities, municipality):
        message = f"This token acts for {', '.join(sorted(who.municipalities or ()))}."
        return pages.page(request, "error.html", message=message, status_code=403)
    return who


async def tracking_of(ctx: ReportingUnits, municipality: str) -> PlanTracking | None:
    async with ctx.reading() as unit:
        return await unit.tracking.of_municipality(municipality)


def reports_quarter(who: Principal) -> bool:
    """Whether this person sends the MED's quarterly report (med_focal, planner, admin)."""
    if Permission.REPORT_PROGRESS not in PERMISSIONS[who.role]:
        return False
    kinds = REPORT_KINDS.get(who.role)
    return kinds is None or "med_quarterly" in kinds


def _months(tracking: PlanTracking) -> list[str]:
    """The school months up to monitoring's date (a later one is refused anyway)."""
    as_of = f"{tracking.as_of:%Y-%m}"
    return [m for m in school_months(tracking.cycle) if m <= as_of] or school_months(
        tracking.cycle
    )[:1]


def _uuid(value: str | None) -> str | None:
    try:
        return str(UUID(value)) if value else None
    except ValueError:
        return None
