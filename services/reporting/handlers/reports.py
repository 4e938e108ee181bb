"""The reports after adoption as files, and the MESTI dashboard (JSON, XLSX, page).

Every report is one `Document` laid out by the plan's renderers (Markdown, print HTML,
DOCX, PDF), from the newest tracking snapshot of the plan (`reporting.plan_tracking`).
"""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates

from schemas.plans import Plan, Quarter
from schemas.vocabulary import MUNICIPALITY_BY_CODE
from services.reporting.handlers.queries import ReportingUnits, units
from services.reporting.handlers.web import Pages
from services.reporting.i18n.content import text
from services.reporting.i18n.languages import Lang, default_lang, parse_lang
from services.reporting.i18n.workspace import lang_of
from services.reporting.rendering.document import Document
from services.reporting.rendering.docx_export import document_docx
from services.reporting.rendering.markdown import document_markdown
from services.reporting.rendering.pdf_export import document_pdf
from services.reporting.reports import (
    agenda,
    dashboard,
    progress_report,
    public_summary,
    semester_report,
)
from services.reporting.reports.periods import (
    Semester,
    first_day,
    quarter_months,
    quarter_of,
    semester_of,
)
from services.reporting.reports.snapshot import PlanTracking
from services.reporting.reports.wording import REPORT_LANGS
from services.runtime.auth.http import require
from services.runtime.auth.roles import Permission
from services.runtime.auth.tokens import Principal
from services.runtime.http import ERROR_RESPONSES, invalid

Reader = Annotated[Principal, Depends(require(Permission.READ_PLANS))]
Ctx = Annotated[ReportingUnits, Depends(units)]
ReportFormat = Literal["md", "html", "docx", "pdf"]
LangParam = Literal["en", "sq", "sr", "sr-Latn", "sr-latn", "sr-Cyrl", "sr-cyrl", "tr", "bs"]
CycleParam = Annotated[str | None, Query(pattern=r"^\d{4}-\d{4}$", examples=["2026-2027"])]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/markdown": {}, "text/html": {}, DOCX: {}, "application/pdf": {}}}
}


class Refusal(Exception):
    """A parameter the report cannot be made with: answered 422 naming it."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field, self.reason = field, reason


def report_lang(asked: str | None, municipality: str | None) -> Lang:
    """`?lang=`, else the municipality's majority language; the reports are written in
    every language of the plans (English, Albanian, Serbian in Latin or Cyrillic script,
    Turkish, Bosnian). A code that is none of them is refused, never guessed."""
    if not asked:
        return default_lang(municipality) if municipality else "sq"
    lang = parse_lang(asked)
    if lang is None or lang not in REPORT_LANGS:
        raise Refusal("lang", f"reports are written in {', '.join(REPORT_LANGS)}, not {asked}")
    return lang


async def _file(
    doc: Document, fmt: ReportFormat, name: str, request: Request, t: Jinja2Templates
) -> Response:
    """The document in `fmt`. DOCX and PDF are laid out in a worker thread: with 17
    indicator charts either takes 0.7-0.8 s, which must not stall other requests."""
    if fmt == "html":
        return t.TemplateResponse(request, "report.html", {"doc": doc, "lang": doc.lang})
    if fmt == "md":
        data, media = document_markdown(doc).encode(), "text/markdown; charset=utf-8"
    elif fmt == "docx":
        data, media = await asyncio.to_thread(document_docx, doc), DOCX
    else:
        data, media = await asyncio.to_thread(document_pdf, doc), "application/pdf"
    disposition = {"content-disposition": f"attachment; filename={name}.{fmt}"}
    return Response(data, media_type=media, headers=disposition)


async def _tracking(
    ctx: ReportingUnits, municipality: str, cycle: str | None
) -> tuple[PlanTracking, dict[str, Any] | None]:
    """The plan's newest snapshot and its adopted version's content (for body names)."""
    if municipality not in MUNICIPALITY_BY_CODE:
        raise HTTPException(404, f"Unknown municipality code '{municipality}'.")
    async with ctx.reading() as unit:
        tracking = await unit.tracking.of_municipality(municipality, cycle)
        if tracking is None:
            year = f" for {cycle}" if cycle else ""
            raise HTTPException(404, f"No adopted plan of '{municipality}'{year} is followed yet.")
        version = await unit.plans.version_of(tracking.plan_id, tracking.version)
    return tracking, version["content"] if version else None


def _bodies(content: dict[str, Any] | None, lang: Lang) -> dict[str, str]:
    """Lead bodies' names in `lang`, from the adopted plan's actions."""
    if content is None:
        return {}
    plan = Plan.model_validate(content)
    return {
        a.responsible: text(a.responsible_label, lang) for p in plan.priorities for a in p.actions
    }


def _quarter(tracking: PlanTracking, asked: Quarter | None) -> Quarter:
    """`?quarter=`, else the one the snapshot's date falls in; one not begun is refused."""
    quarter = asked or quarter_of(tracking.cycle, tracking.as_of)
    if first_day(quarter_months(tracking.cycle, quarter)[0]) > tracking.as_of:
        raise Refusal("quarter", f"{quarter} of {tracking.cycle} has not begun on {tracking.as_of}")
    return quarter


def build_reports(templates: Jinja2Templates, pages: Pages) -> APIRouter:
    router = APIRouter(tags=["reports"], responses=ERROR_RESPONSES)

    def quarterly(
        builder: Callable[..., Document], slug: str
    ) -> Callable[..., Awaitable[Response]]:
        """The route of one quarterly report: `?quarter=` (else the snapshot's), `?lang=`
        (else the municipality's), `?cycle=` (else the newest followed plan)."""

        async def report_file(
            municipality: str,
            fmt: ReportFormat,
            request: Request,
            _: Reader,
            ctx: Ctx,
            quarter: Quarter | None = None,
            lang: LangParam | None = None,
            cycle: CycleParam = None,
        ) -> Response:
            try:
                chosen = report_lang(lang, municipality)
                tracking, adopted = await _tracking(ctx, municipality, cycle)
                q = _quarter(tracking, quarter)
            except Refusal as r:
                return invalid([{"field": r.field, "reason": r.reason}])
            doc = builder(tracking, q, chosen, _bodies(adopted, chosen))
            name = f"{slug}-{municipality}-{tracking.cycle}-{q}-{chosen}"
            return await _file(doc, fmt, name, request, templates)

        return report_file

    for slug, builder, summary in (
        (
            "progress-report",
            progress_report.build,
            "Quarterly progress report of the adopted plan (traffic lights, overdue, "
            "indicators, budget, reports)",
        ),
        (
            "agenda",
            agenda.build,
            "The working group's quarterly agenda, addressed to the MED director",
        ),
    ):
        router.add_api_route(
            f"/plans/{{municipality}}/{slug}.{{fmt}}",
            quarterly(builder, slug),
            methods=["GET"],
            name=f"{slug.replace('-', '_')}_file",  # the OpenAPI operation ids stay as they were
            summary=summary,
            response_class=Response,
            responses=FILE_RESPONSES,
        )

    @router.get(
        "/plans/{municipality}/public-summary.{fmt}",
        summary="One-page public summary for the Municipal Assembly and parents' councils",
        response_class=Response,
        responses=FILE_RESPONSES,
    )
    async def public_summary_file(
        municipality: str,
        fmt: ReportFormat,
        request: Request,
        _: Reader,
        ctx: Ctx,
        lang: LangParam | None = None,
        cycle: CycleParam = None,
    ) -> Response:
        try:
            chosen = report_lang(lang, municipality)
        except Refusal as r:
            return invalid([{"field": r.field, "reason": r.reason}])
        tracking, _adopted = await _tracking(ctx, municipality, cycle)
        doc = public_summary.build(tracking, chosen)
        name = f"public-summary-{municipality}-{tracking.cycle}-{chosen}"
        return await _file(doc, fmt, name, request, templates)

    @router.get(
        "/reports/semester.{fmt}",
        summary="Semester report to MESTI across the municipalities' adopted plans",
        response_class=Response,
        responses=FILE_RESPONSES,
    )
    async def semester_file(
        fmt: ReportFormat,
        request: Request,
        _: Reader,
        ctx: Ctx,
        cycle: CycleParam = None,
        semester: Semester | None = None,
        lang: LangParam | None = None,
    ) -> Response:
        try:
            chosen = report_lang(lang, None)
        except Refusal as r:
            return invalid([{"field": r.field, "reason": r.reason}])
        async with ctx.reading() as unit:
            if cycle is None:
                newest = await unit.tracking_reads.latest_all()
                cycle = max((t.cycle for t in newest), default=None)
            trackings = await unit.tracking_reads.of_cycle(cycle) if cycle else []
        if cycle is None or not trackings:
            raise HTTPException(
                404, "No adopted plan is followed yet" + (f" in {cycle}." if cycle else ".")
            )
        chosen_semester = semester or semester_of(cycle, max(t.as_of for t in trackings))
        doc = semester_report.build(trackings, cycle, chosen_semester, chosen)
        return await _file(
            doc, fmt, f"semester-report-{cycle}-{chosen_semester}-{chosen}", request, templates
        )

    async def _dashboard(ctx: ReportingUnits, lang: Lang) -> list[dashboard.DashboardRow]:
        async with ctx.reading() as unit:
            found = await unit.tracking_reads.latest_all()
        return dashboard.rows(found, lang)

    @router.get(
        "/dashboard", summary="Every municipality's adopted plan: how far it is implemented"
    )
    async def dashboard_json(_: Reader, ctx: Ctx) -> JSONResponse:
        return JSONResponse(dashboard.as_json(await _dashboard(ctx, "en")))

    @router.get(
        "/dashboard.xlsx",
        summary="The MESTI dashboard as a workbook",
        response_class=Response,
        responses={200: {"content": {XLSX: {}}}},
    )
    async def dashboard_xlsx(_: Reader, ctx: Ctx, lang: LangParam | None = None) -> Response:
        try:
            chosen = report_lang(lang, None) if lang else "en"
        except Refusal as r:
            return invalid([{"field": r.field, "reason": r.reason}])
        data = dashboard.workbook(await _dashboard(ctx, chosen), chosen)
        headers = {"content-disposition": "attachment; filename=dashboard.xlsx"}
        return Response(data, media_type=XLSX, headers=headers)

    @router.get("/ui/dashboard", include_in_schema=False)
    async def dashboard_page(request: Request, ctx: Ctx) -> Response:
        who = await pages.viewer(request, Permission.READ_PLANS)
        if isinstance(who, Response):
            return who
        lang = lang_of(request)
        found = await _dashboard(ctx, lang)
        return pages.page(
            request,
            "dashboard.html",
            user=who,
            rows=found,
            d=dashboard.page_labels(lang),
        )

    return router
