"""JSON API mirroring the pages, and the exports (Markdown, HTML, DOCX, PDF, CSV, JSON)."""

from typing import Annotated, Any, Literal
from uuid import UUID

import structlog
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates

from schemas.amendments import EditAction, ExcludeIssue, RecategoriseIssue
from schemas.plans import Plan, PlanStatus
from schemas.vocabulary import IssueCategory
from services.reporting.handlers.queries import (
    ReportingUnits,
    as_json,
    draft_detail,
    evidence,
    issue_evidence,
    overview,
    plan_detail,
    plan_version,
    record_amendment,
    record_review,
    units,
)
from services.reporting.i18n.languages import default_lang, parse_lang
from services.reporting.rendering import exports
from services.reporting.rendering.markdown import render
from services.reporting.rendering.triage import TriageState
from services.reporting.requests import (
    AmendmentRequest,
    Refused,
    ReviewRequest,
    check_amendment,
    check_review,
)
from services.runtime.auth.http import authorize, require
from services.runtime.auth.roles import DECISION_PERMISSION, Permission
from services.runtime.auth.tokens import Principal
from services.runtime.http import ERROR_RESPONSES

log = structlog.get_logger(__name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
Reader = Annotated[Principal, Depends(require(Permission.READ_PLANS))]
ExportFormat = Literal["md", "html", "docx", "pdf", "csv", "json"]
# `?lang=` of the exports: every language a plan is written in (Serbian in Latin or
# Cyrillic script); without it, the municipality's majority language.
LangParam = Literal["en", "sq", "sr", "sr-Latn", "sr-latn", "sr-Cyrl", "sr-cyrl", "tr", "bs"]
EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "text/markdown": {},
            "text/html": {},
            DOCX: {},
            "application/pdf": {},
            "text/csv": {},
            "application/json": {},
        }
    }
}
Ctx = Annotated[ReportingUnits, Depends(units)]
DraftFlag = Annotated[
    bool,
    Query(description="Read the working draft rather than the plan of record."),
]


def _file(data: bytes, media_type: str, name: str) -> Response:
    return Response(
        data, media_type=media_type, headers={"content-disposition": f"attachment; filename={name}"}
    )


def build_api(templates: Jinja2Templates) -> APIRouter:
    router = APIRouter(tags=["plans"], responses=ERROR_RESPONSES)

    @router.get("/plans", summary="Latest plan of every municipality (filters: status)")
    async def list_plans(
        _: Reader,
        ctx: Ctx,
        request: Request,
        status: PlanStatus | None = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> Response:
        rows = [r for r in await overview(ctx) if status is None or r["status"] == status]
        if request.query_params.get("format") == "html":  # old links: the pages live at /ui
            return Response(status_code=307, headers={"location": "/ui"})
        page = rows[offset : offset + limit]
        return JSONResponse(
            {
                "plans": page,
                "count": len(page),
                "total": len(rows),
                "next_offset": offset + limit if offset + limit < len(rows) else None,
            }
        )

    @router.get(
        "/plans/{municipality}",
        summary="The plan of record (adopted, else in review, else the working draft), "
        "its versions, draft, checklist, conflicts and requests",
    )
    async def read_plan(municipality: str, _: Reader, ctx: Ctx) -> JSONResponse:
        return JSONResponse(as_json(await plan_detail(ctx, municipality)))

    async def triage_list(
        municipality: str, state: TriageState, ctx: ReportingUnits, draft: bool
    ) -> JSONResponse:
        detail = await plan_detail(ctx, municipality)
        plan = detail["draft"]["plan"] if draft else detail["plan"]
        items = await issue_evidence(ctx, plan, state)
        return JSONResponse(
            {
                "state": state,
                "plan": "draft" if draft else detail["of_record"],
                "version": plan["version"],
                "revision": plan.get("revision"),
                "issue_count": len(items),
                "issues": as_json(items),
            }
        )

    @router.get(
        "/plans/{municipality}/tracking",
        summary="The adopted plan's monitoring state: tracked actions, indicators, reports, "
        "open alerts, carry-over (the newest plan-tracking.v1 snapshot)",
    )
    async def read_tracking(
        municipality: str,
        who: Annotated[Principal, Depends(require(Permission.READ_PROGRESS))],
        ctx: Ctx,
    ) -> JSONResponse:
        authorize(who, Permission.READ_PROGRESS, municipality)
        async with ctx.reading() as unit:
            found = await unit.tracking.of_municipality(municipality)
        if found is None:
            raise HTTPException(404, f"No adopted plan of '{municipality}' is followed yet.")
        return JSONResponse(found.model_dump(mode="json"))

    @router.get(
        "/plans/{municipality}/evidence/unclassified",
        summary="The raised issues the classifier could not place, with their redacted text",
    )
    async def read_unclassified(
        municipality: str, _: Reader, ctx: Ctx, draft: DraftFlag = False
    ) -> JSONResponse:
        return await triage_list(municipality, "unclassified", ctx, draft)

    @router.get(
        "/plans/{municipality}/evidence/needs_human",
        summary="The raised issues whose classification is doubtful, with their text and "
        "the candidate categories (who suggested each, how sure)",
    )
    async def read_needs_human(
        municipality: str, _: Reader, ctx: Ctx, draft: DraftFlag = False
    ) -> JSONResponse:
        return await triage_list(municipality, "needs_human", ctx, draft)

    @router.get(
        "/plans/{municipality}/evidence/{category}",
        summary="The redacted consultations behind one category of the plan",
    )
    async def read_evidence(
        municipality: str, category: IssueCategory, _: Reader, ctx: Ctx, draft: DraftFlag = False
    ) -> JSONResponse:
        detail = await plan_detail(ctx, municipality)
        plan = detail["draft"]["plan"] if draft else detail["plan"]
        items = await evidence(ctx, plan, category.value)
        return JSONResponse({"category": category.value, "consultations": as_json(items)})

    @router.post(
        "/plans/{municipality}/reviews",
        status_code=202,
        summary="Submit, approve, send back or comment on a plan; planning applies it",
    )
    async def review_plan(
        municipality: str,
        body: ReviewRequest,
        ctx: Ctx,
        principal: Annotated[Principal, Depends(require(*set(DECISION_PERMISSION.values())))],
    ) -> JSONResponse:
        detail = await plan_detail(ctx, municipality)
        try:
            check_review(principal, detail, body)
        except Refused as refused:
            return refused.response()
        event = await record_review(
            ctx,
            principal,
            detail["plan_id"],
            body.version,
            body.decision,
            body.comment,
            revision=body.revision,
            items=body.items,
            adoption=body.adoption,
        )
        log.info("review_sent", plan_id=detail["plan_id"], decision=body.decision)
        return JSONResponse(
            {
                "review_id": str(event.data.review_id),
                "plan_id": detail["plan_id"],
                "status": "sent",
                "outcome": f"/plans/{municipality}/requests/{event.data.review_id}",
            },
            202,
        )

    @router.post(
        "/plans/{municipality}/amendments",
        status_code=202,
        summary="Amend the working draft; planning applies it and re-applies it on re-drafts",
    )
    async def amend_plan(
        municipality: str,
        body: AmendmentRequest,
        ctx: Ctx,
        principal: Annotated[Principal, Depends(require(Permission.AMEND))],
    ) -> JSONResponse:
        detail = await plan_detail(ctx, municipality)
        count = None
        if isinstance(body.change, ExcludeIssue | RecategoriseIssue):
            async with ctx.reading() as unit:
                count = await unit.workspace.issue_count(municipality, body.change.consultation_id)
        try:
            check_amendment(principal, detail, body, count)
        except Refused as refused:
            return refused.response()
        event = await record_amendment(ctx, principal, detail["plan_id"], body)
        kind = body.change.kind
        log.info("amendment_sent", plan_id=detail["plan_id"], kind=kind)
        target = body.change.action_id if isinstance(body.change, EditAction) else None
        return JSONResponse(
            {
                "amendment_id": str(event.data.amendment_id),
                "plan_id": detail["plan_id"],
                "kind": kind,
                "action_id": target,
                "status": "sent",
                "outcome": f"/plans/{municipality}/requests/{event.data.amendment_id}",
            },
            202,
        )

    @router.get(
        "/plans/{municipality}/amendments", summary="Amendments sent, newest first, with outcome"
    )
    async def list_amendments(municipality: str, _: Reader, ctx: Ctx) -> JSONResponse:
        detail = await plan_detail(ctx, municipality)
        return JSONResponse({"amendments": detail["amendments"]})

    @router.get(
        "/plans/{municipality}/requests/{request_id}",
        summary="What planning made of a review or an amendment: pending, applied or refused",
    )
    async def read_request(
        municipality: str, request_id: UUID, _: Reader, ctx: Ctx
    ) -> JSONResponse:
        async with ctx.reading() as unit:
            found = await unit.workspace.request(request_id)
        if found is None or found["plan_id"].partition(":")[0] != municipality:
            return JSONResponse(
                {"detail": f"No review or amendment {request_id} for {municipality}."}, 404
            )
        return JSONResponse({"request_id": str(request_id), **found})

    @router.get(
        "/plans/{municipality}/draft",
        summary="The working draft (after adoption: the proposed revision)",
    )
    async def read_draft(municipality: str, _: Reader, ctx: Ctx) -> JSONResponse:
        return JSONResponse(as_json(await draft_detail(ctx, municipality)))

    @router.get(
        "/plans/{municipality}/draft/export.{fmt}",
        summary="The working draft as a file",
        response_class=Response,
        responses=EXPORT_RESPONSES,
    )
    async def export_draft(
        municipality: str,
        fmt: ExportFormat,
        request: Request,
        _: Reader,
        ctx: Ctx,
        lang: LangParam | None = None,
    ) -> Response:
        detail = await draft_detail(ctx, municipality)
        return plan_file(request, detail["plan"], municipality, fmt, lang)

    @router.get("/matrix", summary="Municipality × category: score, consultations, rank")
    async def read_matrix(_: Reader, ctx: Ctx) -> JSONResponse:
        async with ctx.reading() as unit:
            rows = await unit.workspace.matrix()
        return JSONResponse({"cells": rows, "count": len(rows)})

    @router.get("/queue", summary="Plans waiting for a decision, oldest first")
    async def read_queue(
        _: Reader,
        ctx: Ctx,
        limit: Annotated[int, Query(ge=1, le=100)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> JSONResponse:
        async with ctx.reading() as unit:
            rows, total = await unit.workspace.queue(limit, offset)
        return JSONResponse(
            {
                "plans": as_json([{k: v for k, v in r.items() if k != "total"} for r in rows]),
                "total": total,
            }
        )

    def plan_file(
        request: Request,
        content: dict[str, Any],
        municipality: str,
        fmt: ExportFormat,
        asked: LangParam | None,
    ) -> Response:
        """One rendering of a plan's content, named for its municipality, year and version."""
        plan = Plan.model_validate(content)
        lang = parse_lang(asked) or default_lang(plan.municipality.value)
        name = f"plan-{plan.municipality.value}-{plan.cycle}-v{plan.version}-{lang}"
        if fmt == "md":
            return _file(render(plan, lang).encode(), "text/markdown; charset=utf-8", f"{name}.md")
        if fmt == "html":
            return templates.TemplateResponse(
                request, "print.html", {"plan": content, "municipality": municipality, "lang": lang}
            )
        if fmt == "docx":
            return _file(exports.plan_docx(plan, lang), DOCX, f"{name}.docx")
        if fmt == "pdf":
            return _file(exports.plan_pdf(plan, lang), "application/pdf", f"{name}.pdf")
        if fmt == "csv":
            return _file(
                exports.actions_csv(plan), "text/csv; charset=utf-8", f"{name}-actions.csv"
            )
        return _file(plan.model_dump_json(indent=2).encode(), "application/json", f"{name}.json")

    @router.get(
        "/plans/{municipality}/export.{fmt}",
        summary="The plan of record as a file (the adopted version once there is one)",
        response_class=Response,
        responses=EXPORT_RESPONSES,
    )
    async def export_plan(
        municipality: str,
        fmt: ExportFormat,
        request: Request,
        _: Reader,
        ctx: Ctx,
        lang: LangParam | None = None,
    ) -> Response:
        detail = await plan_detail(ctx, municipality)
        return plan_file(request, detail["plan"], municipality, fmt, lang)

    @router.get(
        "/plans/{municipality}/versions/{version}",
        summary="One version of the plan as it was issued (kept for good)",
    )
    async def read_plan_version(
        municipality: str, version: Annotated[int, Path(ge=1)], _: Reader, ctx: Ctx
    ) -> JSONResponse:
        return JSONResponse(as_json(await plan_version(ctx, municipality, version)))

    @router.get(
        "/plans/{municipality}/versions/{version}/export.{fmt}",
        summary="One version of the plan as a file",
        response_class=Response,
        responses=EXPORT_RESPONSES,
    )
    async def export_plan_version(
        municipality: str,
        version: Annotated[int, Path(ge=1)],
        fmt: ExportFormat,
        request: Request,
        _: Reader,
        ctx: Ctx,
        lang: LangParam | None = None,
    ) -> Response:
        found = await plan_version(ctx, municipality, version)
        return plan_file(request, found["plan"], municipality, fmt, lang)

    @router.get(
        "/matrix.{fmt}",
        summary="The municipality × category matrix as a file",
        response_class=Response,
        responses={200: {"content": {"text/csv": {}, XLSX: {}}}},
    )
    async def export_matrix(fmt: Literal["csv", "xlsx"], _: Reader, ctx: Ctx) -> Response:
        async with ctx.reading() as unit:
            rows: list[dict[str, Any]] = await unit.workspace.matrix()
        if fmt == "csv":
            return _file(exports.matrix_csv(rows), "text/csv; charset=utf-8", "matrix.csv")
        return _file(exports.matrix_xlsx(rows), XLSX, "matrix.xlsx")

    return router
