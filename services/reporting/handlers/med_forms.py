"""The quarterly workspace forms on an adopted plan: the MED focal officer's report
(`/ui/plans/{m}/quarterly-report`, to monitoring's `POST /progress`), a partner's report
(`/ui/plans/{m}/partner-report`, CSW, MOCR, mediator or NGO, the kind fixed by the token)
and the director's record of a working-group meeting (`/ui/plans/{m}/meeting`, to
`POST /meetings`).

Built like the school team's form (`following_pages`): the page reads the newest
tracking snapshot, the post is checked here, then sent on with the person's session in
`X-DMAP-Session` (never the token), and monitoring's refusals come back on their fields.
"""

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Annotated, Any
from uuid import uuid4

import structlog
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from schemas.progress import PlanTracking
from services.reporting.handlers.following_pages import (
    follower,
    reports_partner,
    reports_quarter,
    tracking_of,
)
from services.reporting.handlers.queries import ReportingUnits
from services.reporting.handlers.web import Pages, csrf_for, csrf_ok
from services.reporting.i18n.following import ACTION_STATUS, EMIS_LABEL, PARTNER_KIND
from services.reporting.i18n.workspace import label_of, lang_of, translator
from services.reporting.meeting_form import (
    DECIDED,
    DECISION_ROWS,
    meeting_body,
    meeting_refusals,
)
from services.reporting.monitoring_api import Answer, send_meeting, send_report
from services.reporting.partner_form import COUNTS as PARTNER_COUNTS
from services.reporting.partner_form import OPTIONAL, partner_body, partner_refusals
from services.reporting.progress_form import STATUSES, FormErrors
from services.reporting.quarterly_form import (
    EMIS_COMMUNITIES,
    EMIS_GENDERS,
    EMIS_INDICATORS,
    EMIS_ROWS,
    cycle_months,
    emis_defaults,
    med_actions,
    open_quarters,
    quarter_begins,
    quarterly_body,
    quarterly_refusals,
)
from services.runtime.auth.http import COOKIE
from services.runtime.auth.roles import Permission
from services.runtime.auth.tokens import Principal
from services.runtime.settings import Settings

log = structlog.get_logger(__name__)
EXPIRED = "The form expired; open the form again."
QUARTERLY = "/ui/plans/{m}/quarterly-report"
MEETING = "/ui/plans/{m}/meeting"
PARTNER = "/ui/plans/{m}/partner-report"


def _current_quarter(tracking: PlanTracking) -> str:
    return open_quarters(tracking)[-1]


def add_med_form_routes(router: APIRouter, pages: Pages, units: Any) -> None:
    Ctx = Annotated[ReportingUnits, Depends(units)]

    async def signed_in(
        request: Request,
        municipality: str,
        ctx: ReportingUnits,
        permission: Permission,
        allowed: Callable[[Principal], bool],
        refusal_key: str,
    ) -> tuple[Principal, PlanTracking] | Response:
        who = await follower(pages, request, municipality, permission)
        if isinstance(who, Response):
            return who
        t = translator(lang_of(request))
        if not allowed(who):
            return pages.page(request, "error.html", message=t[refusal_key], status_code=403)
        tracking = await tracking_of(ctx, municipality)
        if tracking is None:
            return pages.page(request, "error.html", message=t["not_followed"], status_code=404)
        return who, tracking

    def form_page(
        request: Request,
        template: str,
        municipality: str,
        tracking: PlanTracking,
        values: Mapping[str, str],
        errors: FormErrors,
        status_code: int,
        **extra: Any,
    ) -> Response:
        """A report form with what every form shows: its plan, open quarters, the values
        sent back and their field errors, a fresh CSRF token."""
        return pages.page(
            request,
            template,
            status_code=status_code,
            municipality=municipality,
            tracking=tracking,
            quarters=open_quarters(tracking),
            values=values,
            errors=errors.fields,
            csrf=csrf_for(request),
            **extra,
        )

    def quarterly_page(
        request: Request,
        municipality: str,
        tracking: PlanTracking,
        values: Mapping[str, str],
        errors: FormErrors,
        status_code: int = 200,
    ) -> Response:
        return form_page(
            request,
            "quarterly_form.html",
            municipality,
            tracking,
            values,
            errors,
            status_code,
            actions=med_actions(tracking),
            statuses=STATUSES,
            months=cycle_months(tracking.cycle),
            emis_rows=range(EMIS_ROWS),
            emis_indicators=EMIS_INDICATORS,
            emis_communities=EMIS_COMMUNITIES,
            emis_genders=EMIS_GENDERS,
            emis_label=label_of(EMIS_LABEL, lang_of(request)),
            action_status=label_of(ACTION_STATUS, lang_of(request)),
        )

    def meeting_page(
        request: Request,
        municipality: str,
        tracking: PlanTracking,
        values: Mapping[str, str],
        errors: FormErrors,
        status_code: int = 200,
    ) -> Response:
        return form_page(
            request,
            "meeting_form.html",
            municipality,
            tracking,
            values,
            errors,
            status_code,
            actions=tracking.actions,
            decided=DECIDED,
            months=cycle_months(tracking.cycle),
            rows=range(DECISION_ROWS),
            action_status=label_of(ACTION_STATUS, lang_of(request)),
        )

    def partner_page(
        request: Request,
        municipality: str,
        who: Principal,
        tracking: PlanTracking,
        values: Mapping[str, str],
        errors: FormErrors,
        status_code: int = 200,
    ) -> Response:
        kind = label_of(PARTNER_KIND, lang_of(request))(who.organisation or "")
        return form_page(
            request,
            "partner_form.html",
            municipality,
            tracking,
            values,
            errors,
            status_code,
            partner=kind,
            counts=PARTNER_COUNTS,
            optional=OPTIONAL,
        )

    async def partner(
        request: Request, municipality: str, ctx: ReportingUnits
    ) -> tuple[Principal, PlanTracking] | Response:
        return await signed_in(
            request, municipality, ctx, Permission.REPORT_PROGRESS, reports_partner, "not_partner"
        )

    @router.get(PARTNER.format(m="{municipality}"))
    async def partner_form(request: Request, municipality: str, ctx: Ctx) -> Response:
        found = await partner(request, municipality, ctx)
        if isinstance(found, Response):
            return found
        who, tracking = found
        values = {"report_id": str(uuid4()), "quarter": _current_quarter(tracking)}
        return partner_page(request, municipality, who, tracking, values, FormErrors())

    @router.post(PARTNER.format(m="{municipality}"))
    async def send_partner_form(request: Request, municipality: str, ctx: Ctx) -> Response:
        found = await partner(request, municipality, ctx)
        if isinstance(found, Response):
            return found
        who, tracking = found
        values = await _posted(request)
        if not csrf_ok(request, values.get("csrf", "")):
            return pages.refused(request, EXPIRED, 403, PARTNER.format(m=municipality))
        t = translator(lang_of(request))
        organisation = who.organisation or ""
        body, errors = partner_body(values, who.name, organisation, tracking, datetime.now(UTC), t)
        values["report_id"] = body["report_id"]
        if errors:
            return partner_page(request, municipality, who, tracking, values, errors, 422)
        answer = await send_report(_settings(request), request.cookies.get(COOKIE, ""), body)
        if answer is None or answer.status >= 500:
            down = FormErrors({"form": t["monitoring_down"]})
            return partner_page(request, municipality, who, tracking, values, down, 503)
        if answer.status in (200, 201):
            log.info("partner_form_sent", plan_id=tracking.plan_id, status=answer.status)
            again = answer.body.get("status") == "already_accepted"
            return _done(municipality, f"reported={answer.body.get('report_id')}", again)
        refused = partner_refusals(_errors(answer), body) or _detail(answer)
        log.info("partner_form_refused", plan_id=tracking.plan_id, status=answer.status)
        return partner_page(request, municipality, who, tracking, values, refused, answer.status)

    async def med_focal(
        request: Request, municipality: str, ctx: ReportingUnits
    ) -> tuple[Principal, PlanTracking] | Response:
        return await signed_in(
            request, municipality, ctx, Permission.REPORT_PROGRESS, reports_quarter, "not_med"
        )

    async def director(
        request: Request, municipality: str, ctx: ReportingUnits
    ) -> tuple[Principal, PlanTracking] | Response:
        return await signed_in(
            request, municipality, ctx, Permission.RECORD_MINUTES, lambda _: True, "not_director"
        )

    @router.get(QUARTERLY.format(m="{municipality}"))
    async def quarterly_form(request: Request, municipality: str, ctx: Ctx) -> Response:
        found = await med_focal(request, municipality, ctx)
        if isinstance(found, Response):
            return found
        who, tracking = found
        quarter = _current_quarter(tracking)
        values = {"report_id": str(uuid4()), "quarter": quarter} | emis_defaults()
        for a in med_actions(tracking):
            values[f"m-{a.action_id}-unit"] = a.indicator.target_unit or ""
            values[f"m-{a.action_id}-entered"] = who.name
        return quarterly_page(request, municipality, tracking, values, FormErrors())

    @router.post(QUARTERLY.format(m="{municipality}"))
    async def send_quarterly_form(request: Request, municipality: str, ctx: Ctx) -> Response:
        found = await med_focal(request, municipality, ctx)
        if isinstance(found, Response):
            return found
        who, tracking = found
        values = await _posted(request)
        back = QUARTERLY.format(m=municipality)
        if not csrf_ok(request, values.get("csrf", "")):
            return pages.refused(request, EXPIRED, 403, back)
        t = translator(lang_of(request))
        body, errors = quarterly_body(values, who.name, tracking, datetime.now(UTC), t)
        values["report_id"] = body["report_id"]
        if errors:
            return quarterly_page(request, municipality, tracking, values, errors, 422)
        answer = await send_report(_settings(request), request.cookies.get(COOKIE, ""), body)
        if answer is None or answer.status >= 500:
            down = FormErrors({"form": t["monitoring_down"]})
            return quarterly_page(request, municipality, tracking, values, down, 503)
        if answer.status in (200, 201):
            log.info("quarterly_form_sent", plan_id=tracking.plan_id, status=answer.status)
            again = answer.body.get("status") == "already_accepted"
            return _done(municipality, f"reported={answer.body.get('report_id')}", again)
        refused = quarterly_refusals(_errors(answer), body, values) or _detail(answer)
        log.info("quarterly_form_refused", plan_id=tracking.plan_id, status=answer.status)
        return quarterly_page(request, municipality, tracking, values, refused, answer.status)

    @router.get(MEETING.format(m="{municipality}"))
    async def meeting_form(request: Request, municipality: str, ctx: Ctx) -> Response:
        found = await director(request, municipality, ctx)
        if isinstance(found, Response):
            return found
        _, tracking = found
        asked = request.query_params.get("quarter", "")
        quarter = asked if asked in open_quarters(tracking) else _current_quarter(tracking)
        held = min(tracking.as_of, max(quarter_begins(tracking.cycle, quarter), date.today()))
        values = {"meeting_id": str(uuid4()), "quarter": quarter, "held_on": held.isoformat()}
        return meeting_page(request, municipality, tracking, values, FormErrors())

    @router.post(MEETING.format(m="{municipality}"))
    async def send_meeting_form(request: Request, municipality: str, ctx: Ctx) -> Response:
        found = await director(request, municipality, ctx)
        if isinstance(found, Response):
            return found
        _, tracking = found
        values = await _posted(request)
        if not csrf_ok(request, values.get("csrf", "")):
            return pages.refused(request, EXPIRED, 403, MEETING.format(m=municipality))
        t = translator(lang_of(request))
        body, errors = meeting_body(values, tracking, t)
        values["meeting_id"] = body["meeting_id"]
        if errors:
            return meeting_page(request, municipality, tracking, values, errors, 422)
        answer = await send_meeting(_settings(request), request.cookies.get(COOKIE, ""), body)
        if answer is None or answer.status >= 500:
            down = FormErrors({"form": t["monitoring_down"]})
            return meeting_page(request, municipality, tracking, values, down, 503)
        if answer.status in (200, 201):
            log.info("meeting_form_sent", plan_id=tracking.plan_id, status=answer.status)
            again = answer.body.get("status") == "already_recorded"
            return _done(municipality, f"recorded={answer.body.get('meeting_id')}", again)
        refused = meeting_refusals(_errors(answer), values) or _detail(answer)
        log.info("meeting_form_refused", plan_id=tracking.plan_id, status=answer.status)
        return meeting_page(request, municipality, tracking, values, refused, answer.status)


async def _posted(request: Request) -> dict[str, str]:
    posted = await request.form()
    return {k: v for k, v in posted.items() if isinstance(v, str)}


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _errors(answer: Answer) -> list[dict[str, Any]]:
    found = answer.body.get("errors")
    return [e for e in found if isinstance(e, dict)] if isinstance(found, list) else []


def _detail(answer: Answer) -> FormErrors:
    return FormErrors({"form": str(answer.body.get("detail", answer.status))})


def _done(municipality: str, query: str, again: bool) -> Response:
    target = f"/ui/plans/{municipality}/follow-up?{query}" + ("&repeated=1" if again else "")
    return RedirectResponse(target, 303)
