"""The planners' workspace: sign-in, overview, matrix and queue (the plan page and its
forms are in `plan_pages`); a little JavaScript for live status."""

from typing import Annotated

import structlog
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from services.reporting.handlers.following_pages import add_following_routes
from services.reporting.handlers.med_forms import add_med_form_routes
from services.reporting.handlers.plan_pages import add_plan_routes
from services.reporting.handlers.queries import ReportingUnits, overview, units
from services.reporting.handlers.web import Pages
from services.runtime.auth.http import COOKIE, AuthError, failed, guard
from services.runtime.auth.roles import PERMISSIONS, Permission
from services.runtime.auth.tokens import Principal, Refused
from services.runtime.settings import Settings

log = structlog.get_logger(__name__)
Ctx = Annotated[ReportingUnits, Depends(units)]


def build_pages(templates: Jinja2Templates) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    pages = Pages(templates)
    page, viewer = pages.page, pages.viewer

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
            if isinstance(found, Principal) and _has_workspace(found):
                session_id = await unit.open_session(found)
        if isinstance(found, Refused) or not session_id:
            if isinstance(found, Refused):
                failed(request, found, via="signin")
            else:  # a valid token whose role has no workspace
                log.info("signin_refused", role=found.role.value, reason="role")
            return page(request, "signin.html", next=next, error=True, status_code=401)
        settings: Settings = request.app.state.settings
        target = next if next.startswith("/") and not next.startswith("//") else "/ui"
        if target == "/ui" and Permission.READ_PLANS not in PERMISSIONS[found.role]:
            target = _landing(found)
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

    add_plan_routes(router, pages, units)
    add_following_routes(router, pages, units)
    add_med_form_routes(router, pages, units)
    return router


def _has_workspace(who: Principal) -> bool:
    """Who may sign in: plan readers, and a school team (its follow-up page and form)."""
    role = PERMISSIONS[who.role]
    return Permission.READ_PLANS in role or (
        who.school is not None and Permission.REPORT_PROGRESS in role
    )


def _landing(who: Principal) -> str:
    """A school team's first page: its municipality's follow-up (it reads no plan list)."""
    codes = sorted(who.municipalities or ())
    return f"/ui/plans/{codes[0]}/follow-up" if codes else "/ui"
