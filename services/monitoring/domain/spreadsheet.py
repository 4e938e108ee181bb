"""School teams' monthly reports as a spreadsheet (CSV or XLSX), read row by row.

One row is one school's month: its counts and up to five action statuses. Rows
are numbered as the spreadsheet shows them (the header is row 1), and every
problem is reported with its row, column and reason. A row without a
`report_id` gets one derived from its plan, school and month, so sending the
same file again records nothing twice.
"""

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid5

from openpyxl import Workbook, load_workbook
from pydantic import ValidationError

from schemas.progress import SchoolMonthlyReport
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


class FileError(Exception):
    """The file as a whole cannot be read (encoding, format, header, size)."""


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str
    reason: str


@dataclass(slots=True)
class ParsedRow:
    row: int
    report: SchoolMonthlyReport | None = None
    errors: list[RowError] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Layout:
    """A spreadsheet's columns and the ones every file must have."""

    columns: tuple[str, ...]
    required: tuple[str, ...]


SCHOOL_MONTHLY = Layout(COLUMNS, REQUIRED)


def read_csv(data: bytes, layout: Layout = SCHOOL_MONTHLY) -> list[dict[str, str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError("The CSV is not UTF-8: save it as 'CSV UTF-8' and send it again.") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return _rows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), layout)
    except csv.Error as exc:
        raise FileError(f"The file cannot be read as CSV ({exc}).") from exc


def read_xlsx(data: bytes, layout: Layout = SCHOOL_MONTHLY) -> list[dict[str, str]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileError("The file is not a readable .xlsx workbook.") from exc
    if unpacked > MAX_XLSX_UNPACKED:
        raise FileError(
            f"The workbook unpacks to {unpacked:,} bytes: the limit is {MAX_XLSX_UNPACKED:,}."
        )
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise FileError(
            f"The file is not a readable .xlsx workbook ({type(exc).__name__})."
        ) from exc
    try:
        return _rows(
            ([_cell(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)),
            layout,
        )
    finally:
        book.close()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()[:7]  # a month typed as a date: its YYYY-MM
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows(table: Iterable[Sequence[str]], layout: Layout) -> list[dict[str, str]]:
    rows = iter(table)
    first = next(rows, None)
    if first is None:
        raise FileError("The file is empty; the first row must hold the column names.")
    header = [str(h).strip().lower() for h in first]
    unknown = [h for h in header if h and h not in layout.columns]
    missing = [c for c in layout.required if c not in header]
    if unknown or missing:
        raise FileError(
            f"Row 1 (column names): unknown {unknown or 'none'}, missing {missing or 'none'}. "
            "Download the template for the layout."
        )
    out = []
    for seen, cells in enumerate(rows, start=1):
        if seen > 2 * MAX_ROWS:
            raise FileError(f"More than {2 * MAX_ROWS} rows, empty ones included.")
        out.append({h: str(c).strip() for h, c in zip(header, cells, strict=False) if h})
    if sum(any(r.values()) for r in out) > MAX_ROWS:
        raise FileError(f"More than {MAX_ROWS} rows: the limit is {MAX_ROWS} per file.")
    return out


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


def parse_rows(rows: list[dict[str, str]], now: datetime | None = None) -> list[ParsedRow]:
    now = now or datetime.now(UTC)
    parsed = []
    for i, cells in enumerate(rows):
        number = i + 2
        if not any(cells.values()):
            continue
        try:
            report = SchoolMonthlyReport.model_validate(to_report_dict(cells, now))
        except ValidationError as exc:
            # The plan id is built from the municipality and the month: their own errors say it.
            errors = [
                RowError(number, column_of(tuple(e["loc"])), e["msg"])
                for e in exc.errors()
                if tuple(e["loc"])[:1] != ("plan_id",)
            ]
            parsed.append(ParsedRow(number, errors=errors))
            continue
        parsed.append(ParsedRow(number, report))
    return parsed


def template_csv(columns: tuple[str, ...] = COLUMNS, example: dict[str, str] = EXAMPLE) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerow([example.get(c, "") for c in columns])
    return out.getvalue().encode("utf-8-sig")  # BOM: Excel then opens it as UTF-8


def template_xlsx(
    columns: tuple[str, ...] = COLUMNS,
    example: dict[str, str] = EXAMPLE,
    title: str = "school monthly reports",
) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    sheet.append(list(columns))
    sheet.append([example.get(c, "") for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
