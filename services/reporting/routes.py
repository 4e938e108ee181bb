"""HTTP routes of reporting: plans as JSON for integrators, as HTML for planners."""

from typing import Any

import asyncpg
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates

from schemas.vocabulary import CATEGORY_INFO, MUNICIPALITY_BY_CODE, IssueCategory
from services.reporting.store import plans
from services.runtime.settings import Settings


def _wants_html(request: Request) -> bool:
    if request.query_params.get("format") in ("html", "json"):
        return request.query_params["format"] == "html"
    return "text/html" in request.headers.get("accept", "")


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    content = row["content"]
    return {
        "plan_id": row["plan_id"],
        "municipality": row["municipality"],
        "municipality_name": MUNICIPALITY_BY_CODE[row["municipality"]].name_sq,
        "cycle": row["cycle"],
        "version": row["version"],
        "status": row["status"],
        "consultation_count": content["consultation_count"],
        "top_categories": [p["category"] for p in content["priorities"][:3]],
        "updated_at": row["updated_at"].isoformat(),
    }


def build_routes(templates: Jinja2Templates) -> APIRouter:
    router = APIRouter(tags=["plans"])

    def ctx(request: Request) -> tuple[asyncpg.Pool, Settings]:
        return request.app.state.pool, request.app.state.settings

    def label(code: str) -> str:
        info = CATEGORY_INFO[IssueCategory(code)]
        return f"{info.label_en} / {info.label_sq}"

    templates.env.filters["category_label"] = label

    @router.get("/", include_in_schema=False)
    async def home() -> Response:
        return Response(status_code=307, headers={"location": "/plans?format=html"})

    @router.get("/plans", summary="Latest plan of every municipality that has one")
    async def list_plans(request: Request) -> Response:
        pool, settings = ctx(request)
        async with pool.acquire(timeout=settings.acquire_timeout_s) as conn:
            rows = [_summary(r) for r in await plans.latest_per_municipality(conn)]
        if _wants_html(request):
            return templates.TemplateResponse(request, "overview.html", {"plans": rows})
        return JSONResponse({"plans": rows, "count": len(rows)})

    @router.get("/plans/{municipality}", summary="Latest plan of one municipality")
    async def read_plan(municipality: str, request: Request) -> Response:
        if municipality not in MUNICIPALITY_BY_CODE:
            raise HTTPException(404, f"Unknown municipality code '{municipality}'.")
        pool, settings = ctx(request)
        async with pool.acquire(timeout=settings.acquire_timeout_s) as conn:
            row = await plans.latest_for(conn, municipality)
        if row is None:
            raise HTTPException(404, f"No plan has been drafted for '{municipality}' yet.")
        if _wants_html(request):
            return templates.TemplateResponse(
                request,
                "plan.html",
                {
                    "plan": row["content"],
                    "summary": _summary(row),
                    "municipality": MUNICIPALITY_BY_CODE[municipality],
                },
            )
        return JSONResponse({**_summary(row), "plan": row["content"]})

    return router
