"""The planners' workspace: server-rendered pages, a little JavaScript for live status."""

import hashlib
import hmac
from typing import Annotated, Any
from urllib.parse import quote
from uuid import UUID

import structlog
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from schemas.reviews import Decision
from services.reporting.handlers.queries import (
    ReportingUnits,
    evidence,
    overview,
    plan_detail,
    record_review,
    units,
)
from services.reporting.i18n import STATUS, lang_of, translator
from services.reporting.requests import Refused as NotSent
from services.reporting.requests import ReviewRequest, check_review
from services.runtime.auth.http import COOKIE, AuthError, bearer, failed, guard, require
from services.runtime.auth.roles import DECISION_PERMISSION, PERMISSIONS, Permission
from services.runtime.auth.tokens import Principal, Refused
from services.runtime.settings import Settings

log = structlog.get_logger(__name__)
Ctx = Annotated[ReportingUnits, Depends(units)]


def csrf_for(request: Request) -> str:
    """A per-session secret for forms: a cross-site page cannot know it."""
    token = request.cookies.get(COOKIE, "")
    return hmac.new(token.encode(), b"dmap-review-form", hashlib.sha256).hexdigest()[:32]


def build_pages(templates: Jinja2Templates) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def page(request: Request, name: str, status_code: int = 200, **values: Any) -> HTMLResponse:
        lang = lang_of(request)
        index = 0 if lang == "en" else 1
        response = templates.TemplateResponse(
            request,
            name,
            {
                "t": translator(lang),
                "lang": lang,
                "path": request.url.path,
                "status_label": lambda s: STATUS[s][index],
                **values,
            },
            status_code=status_code,
        )
        if request.query_params.get("lang") in ("en", "sq"):
            response.set_cookie("dmap_lang", lang, samesite="lax", max_age=365 * 86400)
        return response

    async def viewer(request: Request, *permissions: Permission) -> Principal | Response:
        try:
            return await require(*permissions)(request, await bearer(request))
        except AuthError as exc:
            if exc.status == 401:
                return RedirectResponse(f"/signin?next={quote(request.url.path)}", 303)
            refused = page(request, "error.html", message=exc.detail, status_code=exc.status)
            refused.headers.update(exc.headers)
            return refused

    @router.get("/")
    async def home() -> Response:
        return RedirectResponse("/ui", 307)

    @router.get("/signin")
    async def signin_form(request: Request, next: str = "/ui") -> HTMLResponse:
        return page(request, "signin.html", next=next, error=False)

    @router.post("/signin")
    async def signin(
        request: Request,
        ctx: Ctx,
        token: Annotated[str, Form()],
        next: Annotated[str, Form()] = "/ui",
    ) -> Response:
        """Exchanges the API token for a server-side session: the cookie holds its id only."""
        try:
            guard(request)
        except AuthError as exc:
            throttled = page(request, "signin.html", next=next, throttled=True, status_code=429)
            throttled.headers.update(exc.headers)
            return throttled
        session_id = ""
        async with ctx() as unit:  # not `reading()`: stamps last_used_at, stores the session
            found = await unit.verify_token(token.strip())
            if isinstance(found, Principal) and Permission.READ_PLANS in PERMISSIONS[found.role]:
                session_id = await unit.open_session(found)
        if isinstance(found, Refused) or not session_id:
            if isinstance(found, Refused):
                failed(request, found, via="signin")
            else:  # a valid token whose role has no workspace
                log.info("signin_refused", role=found.role.value, reason="role")
            return page(request, "signin.html", next=next, error=True, status_code=401)
        settings: Settings = request.app.state.settings
        target = next if next.startswith("/") and not next.startswith("//") else "/ui"
        redirect = RedirectResponse(target, 303)
        redirect.set_cookie(
            COOKIE,
            session_id,
            max_age=int(settings.session_ttl_s),
            httponly=True,
            samesite="strict",
            secure=settings.cookie_secure,
        )
        redirect.delete_cookie("dmap_token")  # the raw token older versions stored
        log.info("signed_in", role=found.role.value)
        return redirect

    @router.post("/signout")
    async def signout(request: Request, ctx: Ctx) -> Response:
        session_id = request.cookies.get(COOKIE, "").strip()
        if session_id:
            async with ctx() as unit:
                await unit.end_session(session_id)
        settings: Settings = request.app.state.settings
        response = RedirectResponse("/signin", 303)
        response.delete_cookie(
            COOKIE, httponly=True, samesite="strict", secure=settings.cookie_secure
        )
        return response

    @router.get("/ui")
    async def overview_page(request: Request, ctx: Ctx) -> Response:
        who = await viewer(request, Permission.READ_PLANS)
        if isinstance(who, Response):
            return who
        return page(request, "overview.html", plans=await overview(ctx), user=who)

    @router.get("/ui/matrix")
    async def matrix_page(request: Request, ctx: Ctx) -> Response:
        who = await viewer(request, Permission.READ_PLANS)
        if isinstance(who, Response):
            return who
        async with ctx.reading() as unit:
            cells = await unit.workspace.matrix()
        municipalities = sorted({c["municipality"] for c in cells})
        categories = sorted({c["category"] for c in cells})
        grid = {(c["municipality"], c["category"]): c for c in cells}
        return page(
            request,
            "matrix.html",
            municipalities=municipalities,
            categories=categories,
            grid=grid,
            user=who,
        )

    @router.get("/ui/queue")
    async def queue_page(request: Request, ctx: Ctx) -> Response:
        who = await viewer(request, Permission.READ_PLANS)
        if isinstance(who, Response):
            return who
        async with ctx.reading() as unit:
            rows, total = await unit.workspace.queue(100, 0)
        return page(request, "queue.html", rows=rows, total=total, user=who)

    @router.get("/ui/plans/{municipality}")
    async def plan_page(request: Request, municipality: str, ctx: Ctx) -> Response:
        who = await viewer(request, Permission.READ_PLANS)
        if isinstance(who, Response):
            return who
        detail = await plan_detail(ctx, municipality)
        plan = detail["plan"]
        drill = {
            p["category"]: await evidence(ctx, plan, p["category"]) for p in plan["priorities"]
        }
        return page(
            request,
            "plan.html",
            d=detail,
            plan=plan,
            evidence=drill,
            user=who,
            can_review=bool(PERMISSIONS[who.role] & set(DECISION_PERMISSION.values())),
            csrf=csrf_for(request),
            sent=_review_id(request.query_params.get("sent")),
        )

    @router.post("/ui/plans/{municipality}/review")
    async def review_form(
        request: Request,
        municipality: str,
        ctx: Ctx,
        decision: Annotated[Decision, Form()],
        version: Annotated[int, Form()],
        csrf: Annotated[str, Form()],
        comment: Annotated[str, Form(max_length=4000)] = "",
    ) -> Response:
        who = await viewer(request, *set(DECISION_PERMISSION.values()))
        if isinstance(who, Response):
            return who
        if not hmac.compare_digest(csrf, csrf_for(request)):
            return page(
                request,
                "error.html",
                message="The form expired; open the plan again.",
                status_code=403,
            )
        detail = await plan_detail(ctx, municipality)
        body = ReviewRequest(decision=decision, version=version, comment=comment)
        try:
            check_review(who, detail, body)
        except NotSent as refused:
            reason = refused.errors[0]["reason"]
            return page(request, "error.html", message=reason, status_code=refused.status)
        except AuthError as exc:
            return page(request, "error.html", message=exc.detail, status_code=exc.status)
        event = await record_review(ctx, who, detail["plan_id"], version, decision, comment)
        log.info("review_sent", plan_id=detail["plan_id"], decision=decision)
        return RedirectResponse(
            f"/ui/plans/{municipality}?sent={event.data.review_id}&was={detail['status']}", 303
        )

    return router


def _review_id(value: str | None) -> str | None:
    """The `?sent=` review id the page polls for; anything but a UUID is ignored."""
    try:
        return str(UUID(value)) if value else None
    except ValueError:
        return None
