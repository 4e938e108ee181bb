"""School teams' monthly reports as a spreadsheet (CSV or XLSX), read row by row.

One row is one school's month: its counts and up to five action statuses. Rows
are numbered as the spreadsheet shows them (the header is row 1), and every
problem is reported with its row, column and reason. A row without a
`report_id` gets one derived from its plan, school and month, so sending the
same file again records nothing twice.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid5

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from schemas.progress import PartnerQuarterlyReport, SchoolMonthlyReport
from services.fieldforms import sheets
from services.fieldforms.sheets import FileError, Layout, RowError
from services.monitoring.domain.forms import cycle_of
from services.monitoring.domain.xlsform import COUNTS

MAX_ACTIONS = 5
MAX_ROWS = 2_000  # a municipality's schools over a whole school year fit many times
MAX_BYTES = 5 * 1024 * 1024
MAX_XLSX_UNPACKED = 50 * 1024 * 1024  # a zip bomb stops here
ACTION_FIELDS = ("id", "status", "evidence")
BASE = ("report_id", "municipality", "school", "month", "reporter", "enrolled", *COUNTS)
COLUMNS = BASE + tuple(f"action{k}_{f}" for k in range(1, MAX_ACTIONS + 1) for f in ACTION_FIELDS)
REQUIRED = ("municipality", "school", "month", "reporter", *COUNTS)
EXAMPLE = {
    "municipality": "ferizaj",
    "school": "SHFMU Ismail Qemali",
    "month": "2026-11",
    "reporter": "Dropout-prevention team",
    "enrolled": "412",
    "ews_flagged": "14",
    "home_visits": "9",
    "csw_referrals": "2",
    "returns_to_school": "3",
    "dropouts": "1",
    "non_enrolled_identified": "2",
    "action1_id": "AB-1",
    "action1_status": "on_track",
    "action1_evidence": "9 of 14 flagged pupils visited within two weeks",
}
_IDS = UUID("5b0c2f8e-3d6a-4e91-9a27-6f1e8d4c0b53")
__all__ = ["FileError", "Layout", "RowError"]  # the import handlers' names for them


@dataclass(slots=True)
class ParsedRow:
    row: int
    report: SchoolMonthlyReport | PartnerQuarterlyReport | None = None
    errors: list[RowError] = field(default_factory=list)


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError("The CSV is not UTF-8: save it as 'CSV UTF-8' and send it again.") from None


SCHOOL_MONTHLY = Layout(COLUMNS, REQUIRED)
# A month typed as a date reads as its YYYY-MM.
RULES = sheets.Rules(MAX_ROWS, MAX_XLSX_UNPACKED, _utf8, date_text=lambda d: d.isoformat()[:7])


def read_csv(data: bytes, layout: Layout = SCHOOL_MONTHLY) -> list[dict[str, str]]:
    return sheets.read_csv(data, layout, RULES)


def read_xlsx(data: bytes, layout: Layout = SCHOOL_MONTHLY) -> list[dict[str, str]]:
    return sheets.read_xlsx(data, layout, RULES)


def to_report_dict(cells: dict[str, str], now: datetime) -> dict[str, Any]:
    month, municipality, school = (cells.get(c, "") for c in ("month", "municipality", "school"))
    valid_month = len(month) == 7 and month[4] == "-" and month.replace("-", "").isdigit()
    plan_id = f"{municipality}:{cycle_of(month)}" if valid_month else ""
    actions = []
    for k in range(1, MAX_ACTIONS + 1):
        part = {f: cells.get(f"action{k}_{f}", "") for f in ACTION_FIELDS}
        if any(part.values()):
            actions.append(
                {"action_id": part["id"], "status": part["status"], "evidence": part["evidence"]}
            )
    out: dict[str, Any] = {
        "kind": "school_monthly",
        "report_id": cells.get("report_id") or str(uuid5(_IDS, f"{plan_id}|{school}|{month}")),
        "plan_id": plan_id,
        "municipality": municipality or None,
        "reporter": cells.get("reporter") or None,
        "submitted_at": now.isoformat(),
        "school": school or None,
        "month": month or None,
        "counts": {name: cells.get(name) or None for name in COUNTS},
        "actions": actions,
    }
    if cells.get("enrolled"):
        out["enrolled"] = cells["enrolled"]
    return out


def column_of(loc: tuple[Any, ...]) -> str:
    """The spreadsheet column a validation error location points at."""
    head = str(loc[0]) if loc else ""
    if head == "counts" and len(loc) > 1:
        return str(loc[1])
    if head == "actions" and len(loc) >= 3 and isinstance(loc[1], int):
        name = "id" if loc[2] == "action_id" else str(loc[2])
        return f"action{loc[1] + 1}_{name}"
    return head or "row"


RowReport = type[SchoolMonthlyReport] | type[PartnerQuarterlyReport]


def parse_rows(
    rows: list[dict[str, str]],
    now: datetime | None = None,
    to_dict: Callable[[dict[str, str], datetime], dict[str, Any]] = to_report_dict,
    model: RowReport = SchoolMonthlyReport,
    column: Callable[[tuple[Any, ...]], str] = column_of,
) -> list[ParsedRow]:
    """One report per row (school monthly by default; a partner's quarter with its
    `to_dict`, `model` and `column`), each row's problems named with its column."""
    at = now or datetime.now(UTC)

    def validate(cells: Mapping[str, str]) -> SchoolMonthlyReport | PartnerQuarterlyReport:
        report: BaseModel = model.model_validate(to_dict(dict(cells), at))
        assert isinstance(report, SchoolMonthlyReport | PartnerQuarterlyReport)
        return report

    def kept(errors: list[ErrorDetails]) -> list[ErrorDetails]:
        # The plan id is built from other columns: their own errors say it.
        return [e for e in errors if tuple(e["loc"])[:1] != ("plan_id",)]

    return [
        ParsedRow(number, report, errors)
        for number, report, errors in sheets.validated_rows(rows, validate, column, kept)
    ]


def template_csv(columns: tuple[str, ...] = COLUMNS, example: dict[str, str] = EXAMPLE) -> bytes:
    return sheets.template_csv(columns, example)


def template_xlsx(
    columns: tuple[str, ...] = COLUMNS,
    example: dict[str, str] = EXAMPLE,
    title: str = "school monthly reports",
) -> bytes:
    return sheets.template_xlsx(columns, example, title)
