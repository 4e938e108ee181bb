"""Spreadsheet import (CSV or XLSX) with a per-row report, and its templates."""

from datetime import date
from typing import Annotated, Literal

import structlog
from anyio import to_thread
from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from services.consultations.domain import spreadsheet
from services.consultations.domain.intake import Accepted, IntakeError, accept
from services.consultations.domain.spreadsheet import FileError, RowError
from services.consultations.handlers.deps import IntakeUnits, intake_units
from services.consultations.recording import store
from services.runtime.auth.http import require
from services.runtime.auth.roles import Permission
from services.runtime.auth.tokens import Principal
from services.runtime.files import attachment, download, unreadable
from services.runtime.http import ERROR_RESPONSES, ErrorBody, language

log = structlog.get_logger(__name__)
router = APIRouter(tags=["spreadsheet import"], responses=ERROR_RESPONSES)
MAX_IMPORT_BYTES = 20 * 1024 * 1024


class RowResult(BaseModel):
    row: int
    consultation_id: str
    status: Literal["accepted", "already_accepted"]


ImportMode = Literal["accept_valid", "all_or_nothing"]


class ImportReport(BaseModel):
    mode: ImportMode
    rows: int
    accepted: int
    already_accepted: int
    rejected: int
    stored: bool
    errors: list[dict[str, object]]
    results: list[RowResult]
    redactions: dict[str, int]


@router.get(
    "/consultations/import/template.csv",
    summary="The CSV layout, with an example row",
    response_class=Response,
    responses=download(".csv"),
)
async def template_csv() -> Response:
    return attachment(spreadsheet.template_csv(), "dmap-consultations.csv")


@router.get(
    "/consultations/import/template.xlsx",
    summary="The XLSX layout, with allowed values",
    response_class=Response,
    responses=download(".xlsx"),
)
async def template_xlsx() -> Response:
    return attachment(spreadsheet.template_xlsx(), "dmap-consultations.xlsx")


@router.post(
    "/consultations/import",
    response_model=ImportReport,
    responses={
        400: {"model": ErrorBody, "description": "Unreadable file (encoding, format, header)."},
        422: {
            "model": ImportReport | ErrorBody,
            "description": "all_or_nothing and some rows are invalid (a report, nothing stored)"
            ", or the request itself is invalid.",
        },
    },
)
async def import_spreadsheet(
    request: Request,
    file: Annotated[UploadFile, File(description="CSV (UTF-8 or Windows-1250) or XLSX")],
    principal: Annotated[Principal, Depends(require(Permission.SUBMIT))],
    units: Annotated[IntakeUnits, Depends(intake_units)],
    mode: Annotated[ImportMode, Query()] = "accept_valid",
) -> JSONResponse:
    lang = language(request)
    data = await file.read()
    name = (file.filename or "").lower()
    try:
        # Unzipping, parsing and redacting up to 10,000 rows is CPU work: off the event loop.
        rows, accepted, errors = await to_thread.run_sync(
            _prepare, data, name, file.content_type or "", lang
        )
    except FileError as exc:
        return unreadable(str(exc))
    if mode == "all_or_nothing" and errors:
        return _report(mode, rows, errors, [], {}, stored=False, status=422)
    try:
        async with units() as unit:
            stored = (
                await store(unit, [a for _, a in accepted], principal, "spreadsheet")
                if accepted
                else []
            )
            conflicts = [
                RowError(row, "consultation_id", "already used for a different record")
                for (row, _), s in zip(accepted, stored, strict=True)
                if s.status == "conflict"
            ]
            if conflicts and mode == "all_or_nothing":
                raise _Rollback(conflicts)
    except _Rollback as rollback:
        return _report(mode, rows, errors + rollback.errors, [], {}, stored=False, status=422)
    results = [
        RowResult(row=row, consultation_id=str(s.consultation_id), status=s.status)
        for (row, _), s in zip(accepted, stored, strict=True)
        if s.status != "conflict"
    ]
    redactions: dict[str, int] = {}
    for s in stored:
        for kind, n in s.redactions.items():
            redactions[kind] = redactions.get(kind, 0) + n
    log.info("spreadsheet_imported", rows=rows, accepted=len(results), mode=mode)
    return _report(
        mode, rows, errors + conflicts, results, redactions, stored=bool(results), status=200
    )


def _prepare(
    data: bytes, name: str, content_type: str, lang: str
) -> tuple[int, list[tuple[int, Accepted]], list[RowError]]:
    """The file's row count, its accepted rows and every row error (raises FileError)."""
    parsed = spreadsheet.parse_rows(spreadsheet.read_table(data, name, content_type))
    today = date.today()
    accepted: list[tuple[int, Accepted]] = []
    errors: list[RowError] = []
    for p in parsed:
        errors += p.errors
        if p.submission is None:
            continue
        try:
            accepted.append((p.row, accept(p.submission, today)))
        except IntakeError as exc:
            errors.append(RowError(p.row, exc.field, exc.reason_sq if lang == "sq" else exc.reason))
    return len(parsed), accepted, errors


class _Rollback(Exception):
    """Aborts the import transaction when all_or_nothing meets an id conflict."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("id conflicts")
        self.errors = errors


def _report(
    mode: ImportMode,
    rows: int,
    errors: list[RowError],
    results: list[RowResult],
    redactions: dict[str, int],
    *,
    stored: bool,
    status: int,
) -> JSONResponse:
    report = ImportReport(
        mode=mode,
        rows=rows,
        accepted=sum(r.status == "accepted" for r in results),
        already_accepted=sum(r.status == "already_accepted" for r in results),
        rejected=len({e.row for e in errors}),
        stored=stored,
        errors=[
            {"row": e.row, "column": e.column, "reason": e.reason}
            for e in sorted(errors, key=lambda e: (e.row, e.column))
        ],
        results=results,
        redactions=dict(sorted(redactions.items())),
    )
    return JSONResponse(report.model_dump(mode="json"), status)
