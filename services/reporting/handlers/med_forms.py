"""The quarterly workspace forms on an adopted plan: the MED focal officer's report
(`/ui/plans/{m}/quarterly-report`, to monitoring's `POST /progress`), a partner's report
(`/ui/plans/{m}/partner-report`, CSW, MOCR, mediator or NGO, the kind fixed by the token)
and the director's record of a working-group meeting (`/ui/plans/{m}/meeting`, to
`POST /meetings`).

Built like the school team's form (`following_pages`): the page reads the newest
tracking snapshot, the post is checked here, then sent on with the person's session in
`X-DMAP-Session` (never the token), and monitoring's refusals come back on their fields.
"""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
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

    async def posted(
        request: Request,
        municipality: str,
        ctx: ReportingUnits,
        who_may: Callable[..., Awaitable[tuple[Principal, PlanTracking] | Response]],
        back: str,
    ) -> tuple[Principal, PlanTracking, dict[str, str]] | Response:
        """Who posts, the plan's snapshot and the posted fields; else the page refusing."""
        found = await who_may(request, municipality, ctx)
        if isinstance(found, Response):
            return found
        values = await _posted(request)
        if not csrf_ok(request, values.get("csrf", "")):
            return pages.refused(request, EXPIRED, 403, back.format(m=municipality))
        return (*found, values)

    @router.post(PARTNER.format(m="{municipality}"))
    async def send_partner_form(request: Request, municipality: str, ctx: Ctx) -> Response:
        found = await posted(request, municipality, ctx, partner, PARTNER)
        if isinstance(found, Response):
            return found
        who, tracking, values = found
        t = translator(lang_of(request))
        organisation = who.organisation or ""
        body, errors = partner_body(values, who.name, organisation, tracking, datetime.now(UTC), t)
        values["report_id"] = body["report_id"]
        if errors:
            return partner_page(request, municipality, who, tracking, values, errors, 422)
        answer = await send_report(_settings(request), request.cookies.get(COOKIE, ""), body)
        return _answered(
            answer,
            municipality,
            tracking,
            _PARTNER_SENT,
            lambda shown, status: partner_page(
                request, municipality, who, tracking, values, shown, status
            ),
            lambda errors: partner_refusals(errors, body),
            t["monitoring_down"],
        )

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
        found = await posted(request, municipality, ctx, med_focal, QUARTERLY)
        if isinstance(found, Response):
            return found
        who, tracking, values = found
        t = translator(lang_of(request))
        body, errors = quarterly_body(values, who.name, tracking, datetime.now(UTC), t)
        values["report_id"] = body["report_id"]
        if errors:
            return quarterly_page(request, municipality, tracking, values, errors, 422)
        answer = await send_report(_settings(request), request.cookies.get(COOKIE, ""), body)
        return _answered(
            answer,
            municipality,
            tracking,
            _QUARTERLY_SENT,
            lambda shown, status: quarterly_page(
                request, municipality, tracking, values, shown, status
            ),
            lambda errors: quarterly_refusals(errors, body, values),
            t["monitoring_down"],
        )

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
        found = await posted(request, municipality, ctx, director, MEETING)
        if isinstance(found, Response):
            return found
        _, tracking, values = found
        t = translator(lang_of(request))
        body, errors = meeting_body(values, tracking, t)
        values["meeting_id"] = body["meeting_id"]
        if errors:
            return meeting_page(request, municipality, tracking, values, errors, 422)
        answer = await send_meeting(_settings(request), request.cookies.get(COOKIE, ""), body)
        return _answered(
            answer,
            municipality,
            tracking,
            _MEETING_SENT,
            lambda shown, status: meeting_page(
                request, municipality, tracking, values, shown, status
            ),
            lambda errors: meeting_refusals(errors, values),
            t["monitoring_down"],
        )


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


@dataclass(frozen=True, slots=True)
class _Sent:
    """How monitoring's acceptance of one form is told: the log event, the follow-up page's
    query key, the answer's id field and its status for a repeat."""

    event: str
    query: str
    id_field: str
    repeated: str


_PARTNER_SENT = _Sent("partner_form", "reported", "report_id", "already_accepted")
_QUARTERLY_SENT = _Sent("quarterly_form", "reported", "report_id", "already_accepted")
_MEETING_SENT = _Sent("meeting_form", "recorded", "meeting_id", "already_recorded")


def _answered(
    answer: Answer | None,
    municipality: str,
    tracking: PlanTracking,
    sent: _Sent,
    page: Callable[[FormErrors, int], Response],
    refusals: Callable[[list[dict[str, Any]]], FormErrors],
    down: str,
) -> Response:
    """Monitoring's answer to a form: to the follow-up page when taken, else the form again
    with the refusals on their fields (or 503 when monitoring did not answer)."""
    if answer is None or answer.status >= 500:
        return page(FormErrors({"form": down}), 503)
    if answer.status in (200, 201):
        log.info(f"{sent.event}_sent", plan_id=tracking.plan_id, status=answer.status)
        again = answer.body.get("status") == sent.repeated
        query = f"{sent.query}={answer.body.get(sent.id_field)}"
        return _done(municipality, query, again)
    refused = refusals(_errors(answer)) or _detail(answer)
    log.info(f"{sent.event}_refused", plan_id=tracking.plan_id, status=answer.status)
    return page(refused, answer.status)


def _done(municipality: str, query: str, again: bool) -> Response:
    target = f"/ui/plans/{municipality}/follow-up?{query}" + ("&repeated=1" if again else "")
    return RedirectResponse(target, 303)
