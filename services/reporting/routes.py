"""HTTP routes of reporting: plans as JSON for integrators, HTML and Markdown for planners."""

from typing import Any

import asyncpg
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.templating import Jinja2Templates

from schemas.plans import Plan
from schemas.vocabulary import (
    AFFECTED_GROUP_LABELS,
    CATEGORY_INFO,
    LEVEL_LABELS,
    MUNICIPALITY_BY_CODE,
    STAKEHOLDER_LABELS,
    AffectedGroup,
    IssueCategory,
    SchoolLevel,
    StakeholderGroup,
)
from services.reporting.rendering.markdown import render
from services.reporting.store import plans
from services.runtime.settings import Settings


def _wants_html(request: Request) -> bool:
    if request.query_params.get("format") in ("html", "json"):
        return request.query_params["format"] == "html"
    return "text/html" in request.headers.get("accept", "")


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    content = row["content"]
    situation = content.get("situation") or {}
    return {
        "plan_id": row["plan_id"],
        "municipality": row["municipality"],
        "municipality_name": MUNICIPALITY_BY_CODE[row["municipality"]].name_sq,
        "cycle": row["cycle"],
        "version": row["version"],
        "status": row["status"],
        "consultation_count": content["consultation_count"],
        "top_categories": [p["category"] for p in content["priorities"][:3]],
        "coverage_gaps": len(situation.get("coverage_gaps", [])),
        "updated_at": row["updated_at"].isoformat(),
    }


def _history(versions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "version": v["version"],
            "status": v["status"],
            "event_type": v["event_type"],
            "time": v["event_time"].isoformat(),
            "diff": v["diff"],
        }
        for v in versions
    ]


def _install_filters(templates: Jinja2Templates) -> None:
    def category(code: str) -> str:
        info = CATEGORY_INFO[IssueCategory(code)]
        return f"{info.label_en} / {info.label_sq}"

    filters = templates.env.filters
    filters["category_label"] = category
    filters["group_label"] = lambda code: STAKEHOLDER_LABELS[StakeholderGroup(code)][0]
    filters["level_label"] = lambda code: LEVEL_LABELS[SchoolLevel(code)][0]
    filters["affected_label"] = lambda code: AFFECTED_GROUP_LABELS[AffectedGroup(code)][0]
    filters["short_id"] = lambda value: str(value)[:8]
    # jsonb does not keep key order: list counts in the vocabulary's order.
    filters["by_group"] = lambda counts: [
        (g.value, counts[g.value]) for g in StakeholderGroup if g.value in counts
    ]


def build_routes(templates: Jinja2Templates) -> APIRouter:
    router = APIRouter(tags=["plans"])
    _install_filters(templates)

    def ctx(request: Request) -> tuple[asyncpg.Pool, Settings]:
        return request.app.state.pool, request.app.state.settings

    async def latest(request: Request, municipality: str) -> tuple[dict[str, Any], list]:
        if municipality not in MUNICIPALITY_BY_CODE:
            raise HTTPException(404, f"Unknown municipality code '{municipality}'.")
        pool, settings = ctx(request)
        async with pool.acquire(timeout=settings.acquire_timeout_s) as conn:
            row = await plans.latest_for(conn, municipality)
            if row is None:
                raise HTTPException(404, f"No plan has been drafted for '{municipality}' yet.")
            versions = await plans.history(conn, row["plan_id"])
        return row, _history(versions)

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

    @router.get("/plans/{municipality}", summary="Latest plan of one municipality, with history")
    async def read_plan(municipality: str, request: Request) -> Response:
        row, history = await latest(request, municipality)
        if _wants_html(request):
            return templates.TemplateResponse(
                request,
                "plan.html",
                {
                    "plan": row["content"],
                    "summary": _summary(row),
                    "history": history,
                    "municipality": MUNICIPALITY_BY_CODE[municipality],
                },
            )
        return JSONResponse({**_summary(row), "plan": row["content"], "history": history})

    @router.get(
        "/plans/{municipality}/plan.md",
        summary="Latest plan as Markdown (lang = en | sq)",
        response_class=PlainTextResponse,
    )
    async def plan_markdown(municipality: str, request: Request, lang: str = "en") -> Response:
        if lang not in ("en", "sq"):
            raise HTTPException(422, "lang must be 'en' or 'sq'.")
        row, _ = await latest(request, municipality)
        text = render(Plan.model_validate(row["content"]), "en" if lang == "en" else "sq")
        return PlainTextResponse(text, media_type="text/markdown; charset=utf-8")

    return router
