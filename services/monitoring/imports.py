"""Progress reports from a spreadsheet (CSV or XLSX), with a per-row report: school
monthly reports and partners' quarterly reports (one row each, one accept loop) and the
MED's quarterly action statuses (one row per action; the rows of a plan's quarter are
its one report).

Each report is accepted in its own transaction, as one sent to the API would be: a
row refused (its content, its scope or its plan) never undoes another, and a file
sent again records nothing twice.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Annotated, Literal

import structlog
from anyio import to_thread
from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from schemas.progress import PartnerQuarterlyReport
from services.fieldforms import sheets
from services.monitoring.accepting import Receipt, accept_report, reporter_scope
from services.monitoring.api import Units, today_of, units_of
from services.monitoring.domain import med_spreadsheet, partner_spreadsheet, spreadsheet
from services.monitoring.domain.med_spreadsheet import QuarterRows, without
from services.monitoring.domain.redacting import redact_report
from services.monitoring.domain.refusals import Problem, Refused
from services.monitoring.domain.reports import Report, ReporterScope
from services.monitoring.domain.spreadsheet import FileError, Layout, ParsedRow, RowError
from services.runtime.auth.http import require
from services.runtime.auth.roles import Permission, refusal
from services.runtime.auth.tokens import Principal
from services.runtime.files import attachment, download, unreadable
from services.runtime.http import ERROR_RESPONSES, ErrorBody

log = structlog.get_logger(__name__)
router = APIRouter(tags=["spreadsheet import"], responses=ERROR_RESPONSES)
IMPORT_PATH = "/progress/import"
MED_IMPORT_PATH = "/progress/import/med-quarterly"
PARTNER_IMPORT_PATH = "/progress/import/partner-quarterly"
IMPORT_PATHS = frozenset({IMPORT_PATH, MED_IMPORT_PATH, PARTNER_IMPORT_PATH})


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


def _templates(
    path: str, what: str, filename: str, csv: Callable[[], bytes], xlsx: Callable[[], bytes]
) -> None:
    """`GET {path}/template.csv` and `.xlsx`: the layout of `what`, with an example row."""

    async def template_csv() -> Response:
        return attachment(csv(), f"{filename}.csv")

    async def template_xlsx() -> Response:
        return attachment(xlsx(), f"{filename}.xlsx")

    router.add_api_route(
        f"{path}/template.csv",
        template_csv,
        methods=["GET"],
        summary=f"The CSV layout of {what}, with an example row",
        response_class=Response,
        responses=download(".csv"),
    )
    router.add_api_route(
        f"{path}/template.xlsx",
        template_xlsx,
        methods=["GET"],
        summary=f"The XLSX layout of {what}",
        response_class=Response,
        responses=download(".xlsx"),
    )


_templates(
    IMPORT_PATH,
    "school monthly reports",
    "dmap-school-monthly",
    spreadsheet.template_csv,
    spreadsheet.template_xlsx,
)
_templates(
    PARTNER_IMPORT_PATH,
    "partners' quarterly reports",
    "dmap-partner-quarterly",
    lambda: spreadsheet.template_csv(partner_spreadsheet.COLUMNS, partner_spreadsheet.EXAMPLE),
    lambda: spreadsheet.template_xlsx(
        partner_spreadsheet.COLUMNS, partner_spreadsheet.EXAMPLE, "partner quarterly reports"
    ),
)
_templates(
    MED_IMPORT_PATH,
    "the MED's quarterly action statuses",
    "dmap-med-quarterly",
    lambda: spreadsheet.template_csv(med_spreadsheet.COLUMNS, med_spreadsheet.EXAMPLE),
    lambda: spreadsheet.template_xlsx(
        med_spreadsheet.COLUMNS, med_spreadsheet.EXAMPLE, "MED quarterly statuses"
    ),
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
    return await _import_rows(request, file, principal, units, _parse)


async def _import_rows(
    request: Request,
    file: UploadFile,
    principal: Principal,
    units: Units,
    parse: Callable[[bytes, str, str], list[ParsedRow]],
) -> JSONResponse:
    """The accept loop of one-report-per-row files: each row's report in its own
    transaction, every refused row named with its column and reason."""
    data = await file.read()
    name, kind = (file.filename or "").lower(), file.content_type or ""
    try:
        parsed = await to_thread.run_sync(parse, data, name, kind)
    except FileError as exc:
        return unreadable(str(exc))
    tally, scope, today = _Tally(), reporter_scope(principal), today_of(request)
    for row in parsed:
        tally.errors += row.errors
        if row.report is not None:
            outcome = await _accept(units, principal, row.report, scope, today)
            if isinstance(outcome, Receipt):
                tally.accepted([row.row], outcome)
            else:
                tally.errors += [RowError(row.row, _column(p.field), p.reason) for p in outcome]
    log.info(
        "progress_imported", path=request.url.path, rows=len(parsed), accepted=len(tally.results)
    )
    return tally.answer(len(parsed))


@router.post(
    PARTNER_IMPORT_PATH,
    response_model=ImportReport,
    responses={400: {"model": ErrorBody, "description": "Unreadable file (format, header)."}},
)
async def import_partner_quarters(
    request: Request,
    file: Annotated[UploadFile, File(description="CSV (UTF-8) or XLSX, one row per report")],
    principal: Annotated[Principal, Depends(require(Permission.REPORT_PROGRESS))],
    units: Annotated[Units, Depends(units_of)],
) -> JSONResponse:
    """Every valid row recorded as a partner's quarterly report (the partner kind is the
    token's when the row leaves it empty); every other one named."""

    def parse(data: bytes, name: str, content_type: str) -> list[ParsedRow]:
        table = _table(data, name, content_type, partner_spreadsheet.LAYOUT)
        return spreadsheet.parse_rows(
            table,
            to_dict=partner_spreadsheet.row_reader(principal.organisation),
            model=PartnerQuarterlyReport,
            column=partner_spreadsheet.column_of,
        )

    return await _import_rows(request, file, principal, units, parse)


@router.post(
    MED_IMPORT_PATH,
    response_model=ImportReport,
    responses={400: {"model": ErrorBody, "description": "Unreadable file (format, header)."}},
)
async def import_med_quarters(
    request: Request,
    file: Annotated[UploadFile, File(description="CSV (UTF-8) or XLSX, one row per action")],
    principal: Annotated[Principal, Depends(require(Permission.REPORT_PROGRESS))],
    units: Annotated[Units, Depends(units_of)],
) -> JSONResponse:
    """The rows of each plan's quarter recorded as that quarter's MED report; every row
    that cannot be named with its column and reason."""
    data = await file.read()
    name, kind = (file.filename or "").lower(), file.content_type or ""
    try:
        table = await to_thread.run_sync(_table, data, name, kind, med_spreadsheet.LAYOUT)
    except FileError as exc:
        return unreadable(str(exc))
    groups = med_spreadsheet.parse_quarters(table, datetime.now(UTC))
    tally, scope, today = _Tally(), reporter_scope(principal), today_of(request)
    for group in groups:
        tally.errors += group.errors
        await _accept_quarter(units, principal, group, scope, today, tally)
    rows = sum(len(g.rows) for g in groups)
    log.info("med_quarters_imported", rows=rows, accepted=len(tally.results))
    return tally.answer(rows)


async def _accept_quarter(
    units: Units,
    principal: Principal,
    group: QuarterRows,
    scope: ReporterScope,
    today: date,
    tally: "_Tally",
) -> None:
    """One quarter's report; when monitoring refuses some of its actions only, those rows
    are named and the rest is sent again, so a bad row never loses the good ones."""
    while group.report is not None:
        outcome = await _accept(units, principal, group.report, scope, today)
        if isinstance(outcome, Receipt):
            tally.accepted(group.rows, outcome)
            return
        at = {_action_index(p.field): p for p in outcome}
        if None in at:  # about the whole quarter: every row of it
            for row in group.rows:
                tally.errors += [RowError(row, _med_column(p.field), p.reason) for p in outcome]
            return
        for index, problem in at.items():
            assert index is not None
            tally.errors.append(RowError(group.rows[index], "action_id", problem.reason))
        group = without(group, {i for i in at if i is not None})


def _action_index(where: str) -> int | None:
    """`actions[2].action_id` is 2; a problem with anything else is None."""
    if where.startswith("actions[") and "]" in where:
        return int(where[len("actions[") : where.index("]")])
    return None


def _med_column(where: str) -> str:
    return where if where in med_spreadsheet.COLUMNS else "row"


async def _accept(
    units: Units, principal: Principal, report: Report, scope: ReporterScope, today: date
) -> Receipt | tuple[Problem, ...]:
    """One report from a file, as `POST /progress` takes it: the token's municipality,
    redaction, then kept and published in its own transaction."""
    municipality = str(report.municipality)
    denied = refusal(
        principal.role, principal.municipalities, Permission.REPORT_PROGRESS, municipality
    )
    if denied is not None:
        return (Problem("municipality", denied),)
    signed = report.model_copy(update={"reporter_token_id": principal.token_id})
    redacted, removed = await to_thread.run_sync(redact_report, signed)
    async with units() as unit:  # one report, one transaction: no row undoes another
        result = await accept_report(unit, redacted, scope, today, removed)
    return result.problems if isinstance(result, Refused) else result


@dataclass(slots=True)
class _Tally:
    """What a file's rows came to, for the per-row report."""

    errors: list[RowError] = field(default_factory=list)
    results: list[RowResult] = field(default_factory=list)
    redactions: dict[str, int] = field(default_factory=dict)

    def accepted(self, rows: list[int], receipt: Receipt) -> None:
        """The rows of one report accepted (a quarter's rows share one receipt)."""
        self.results += [
            RowResult(row=row, report_id=str(receipt.report_id), status=receipt.status)
            for row in rows
        ]
        for kind_removed, n in receipt.redactions.items():
            self.redactions[kind_removed] = self.redactions.get(kind_removed, 0) + n

    def answer(self, rows: int) -> JSONResponse:
        body = ImportReport(
            rows=rows,
            accepted=sum(r.status == "accepted" for r in self.results),
            already_accepted=sum(r.status == "already_accepted" for r in self.results),
            rejected=len({e.row for e in self.errors}),
            errors=[
                {"row": e.row, "column": e.column, "reason": e.reason}
                for e in sorted(self.errors, key=lambda e: (e.row, e.column))
            ],
            results=sorted(self.results, key=lambda r: r.row),
            redactions=dict(sorted(self.redactions.items())),
        )
        return JSONResponse(body.model_dump(mode="json"), 200)


def _parse(data: bytes, name: str, content_type: str) -> list[ParsedRow]:
    return spreadsheet.parse_rows(_table(data, name, content_type, spreadsheet.SCHOOL_MONTHLY))


def _table(data: bytes, name: str, content_type: str, layout: Layout) -> list[dict[str, str]]:
    if len(data) > spreadsheet.MAX_BYTES:
        raise FileError(f"The file is larger than {spreadsheet.MAX_BYTES:,} bytes.")
    return sheets.read_table(data, name, content_type, layout, spreadsheet.RULES)


def _column(field: str) -> str:
    """A domain problem's field as the spreadsheet column (`actions[0].action_id`: action1_id)."""
    if field.startswith("actions[") and "]." in field:
        index, rest = field[len("actions[") :].split("].", 1)
        return f"action{int(index) + 1}_{'id' if rest == 'action_id' else rest}"
    return field.removeprefix("counts.")
