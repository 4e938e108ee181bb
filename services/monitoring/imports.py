"""School monthly reports from a spreadsheet (CSV or XLSX), with a per-row report.

Each valid row is accepted in its own transaction, as one report sent to the
API would be: a row refused (its content, its scope or its plan) never undoes
another, and a file sent again records nothing twice.
"""

from typing import Annotated, Literal

import structlog
from anyio import to_thread
from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from services.monitoring.accepting import Receipt, accept_report, reporter_scope
from services.monitoring.api import Units, today_of, units_of
from services.monitoring.domain import spreadsheet
from services.monitoring.domain.redacting import redact_report
from services.monitoring.domain.spreadsheet import FileError, ParsedRow, RowError
from services.runtime.auth.http import require
from services.runtime.auth.roles import Permission, refusal
from services.runtime.auth.tokens import Principal
from services.runtime.http import ERROR_RESPONSES, ErrorBody

log = structlog.get_logger(__name__)
router = APIRouter(tags=["spreadsheet import"], responses=ERROR_RESPONSES)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_PATH = "/progress/import"


class RowResult(BaseModel):
    row: int
    report_id: str
    status: Literal["accepted", "already_accepted"]


class ImportReport(BaseModel):
    rows: int
    accepted: int
    already_accepted: int
    rejected: int
    errors: list[dict[str, object]]
    results: list[RowResult]
    redactions: dict[str, int]


@router.get(
    "/progress/import/template.csv",
    summary="The CSV layout of school monthly reports, with an example row",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "CSV (UTF-8 with BOM)"}},
)
async def template_csv() -> Response:
    return Response(
        spreadsheet.template_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": "attachment; filename=dmap-school-monthly.csv"},
    )


@router.get(
    "/progress/import/template.xlsx",
    summary="The XLSX layout of school monthly reports",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}, "description": "XLSX workbook"}},
)
async def template_xlsx() -> Response:
    return Response(
        spreadsheet.template_xlsx(),
        media_type=XLSX,
        headers={"content-disposition": "attachment; filename=dmap-school-monthly.xlsx"},
    )


@router.post(
    IMPORT_PATH,
    response_model=ImportReport,
    responses={400: {"model": ErrorBody, "description": "Unreadable file (format, header)."}},
)
async def import_reports(
    request: Request,
    file: Annotated[UploadFile, File(description="CSV (UTF-8) or XLSX, one row per report")],
    principal: Annotated[Principal, Depends(require(Permission.REPORT_PROGRESS))],
    units: Annotated[Units, Depends(units_of)],
) -> JSONResponse:
    """Every valid row recorded as a school monthly report; every other one named."""
    data = await file.read()
    name, kind = (file.filename or "").lower(), file.content_type or ""
    try:
        parsed = await to_thread.run_sync(_parse, data, name, kind)
    except FileError as exc:
        return JSONResponse(
            {"detail": str(exc), "errors": [{"row": 1, "column": "file", "reason": str(exc)}]}, 400
        )
    errors: list[RowError] = []
    results: list[RowResult] = []
    redactions: dict[str, int] = {}
    scope, today = reporter_scope(principal), today_of(request)
    for row in parsed:
        errors += row.errors
        if row.report is None:
            continue
        municipality = str(row.report.municipality)
        denied = refusal(
            principal.role, principal.municipalities, Permission.REPORT_PROGRESS, municipality
        )
        if denied is not None:
            errors.append(RowError(row.row, "municipality", denied))
            continue
        signed = row.report.model_copy(update={"reporter_token_id": principal.token_id})
        report, removed = await to_thread.run_sync(redact_report, signed)
        async with units() as unit:  # one row, one transaction: no row undoes another
            result = await accept_report(unit, report, scope, today, removed)
        if isinstance(result, Receipt):
            results.append(
                RowResult(row=row.row, report_id=str(result.report_id), status=result.status)
            )
            for kind_removed, n in result.redactions.items():
                redactions[kind_removed] = redactions.get(kind_removed, 0) + n
        else:
            errors += [RowError(row.row, _column(p.field), p.reason) for p in result.problems]
    log.info("progress_imported", rows=len(parsed), accepted=len(results), rejected=len(errors))
    report_body = ImportReport(
        rows=len(parsed),
        accepted=sum(r.status == "accepted" for r in results),
        already_accepted=sum(r.status == "already_accepted" for r in results),
        rejected=len({e.row for e in errors}),
        errors=[
            {"row": e.row, "column": e.column, "reason": e.reason}
            for e in sorted(errors, key=lambda e: (e.row, e.column))
        ],
        results=results,
        redactions=dict(sorted(redactions.items())),
    )
    return JSONResponse(report_body.model_dump(mode="json"), 200)


def _parse(data: bytes, name: str, content_type: str) -> list[ParsedRow]:
    if len(data) > spreadsheet.MAX_BYTES:
        raise FileError(f"The file is larger than {spreadsheet.MAX_BYTES:,} bytes.")
    if name.endswith(".xlsx") or content_type == XLSX:
        table = spreadsheet.read_xlsx(data)
    elif name.endswith((".csv", ".txt")) or content_type.startswith("text/"):
        table = spreadsheet.read_csv(data)
    else:
        raise FileError("Send a .csv or .xlsx file (see the templates).")
    return spreadsheet.parse_rows(table)


def _column(field: str) -> str:
    """A domain problem's field as the spreadsheet column (`actions[0].action_id`: action1_id)."""
    if field.startswith("actions[") and "]." in field:
        index, rest = field[len("actions[") :].split("].", 1)
        return f"action{int(index) + 1}_{'id' if rest == 'action_id' else rest}"
    return field.removeprefix("counts.")
