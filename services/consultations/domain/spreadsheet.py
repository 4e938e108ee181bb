"""The spreadsheet layout consultants fill in, and reading it row by row.

One row is one consultation with up to three raised issues. Rows are
numbered as the spreadsheet shows them (the header is row 1), and every
problem is reported with its row, column and reason.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from pydantic import ValidationError

from schemas.vocabulary import (
    AffectedGroup,
    IssueCategory,
    Language,
    MunicipalityCode,
    SchoolLevel,
    Severity,
    StakeholderGroup,
)
from services.consultations.domain import encodings
from services.consultations.domain.intake import ConsultationSubmission, prune_errors

MAX_ISSUES = 3
BASE_COLUMNS = (
    "consultation_id",
    "municipality",
    "school_name",
    "school_level",
    "stakeholder_group",
    "consultation_date",
    "language",
    "participant_count",
    "recommendations",
)
ISSUE_FIELDS = ("category", "description", "severity", "affected_students", "affected_groups")
COLUMNS = BASE_COLUMNS + tuple(
    f"issue{k}_{f}" for k in range(1, MAX_ISSUES + 1) for f in ISSUE_FIELDS
)
REQUIRED = (
    "municipality",
    "stakeholder_group",
    "consultation_date",
    "language",
    "participant_count",
    "issue1_description",
)
MAX_ROWS = 10_000
ALLOWED: dict[str, list[str]] = {
    "municipality": [m.value for m in MunicipalityCode],
    "school_level": [v.value for v in SchoolLevel],
    "stakeholder_group": [v.value for v in StakeholderGroup],
    "language": [v.value for v in Language],
    "issue_category": [v.value for v in IssueCategory if v != IssueCategory.UNCLASSIFIED],
    "issue_severity": [v.value for v in Severity],
    "issue_affected_groups": [v.value for v in AffectedGroup],
}
EXAMPLE = {
    "municipality": "prizren",
    "school_name": "SHFMU Lidhja e Prizrenit",
    "school_level": "lower_secondary",
    "stakeholder_group": "teacher",
    "consultation_date": "2026-10-12",
    "language": "sq",
    "participant_count": "6",
    "recommendations": "Takime mujore me DKA | Bashkëpunim me QPS",
    "issue1_category": "child_labour",
    "issue1_description": "Disa nxënës punojnë në treg gjatë ditës.",
    "issue1_severity": "high",
    "issue1_affected_students": "14",
    "issue1_affected_groups": "rae; low_income",
    "issue2_description": "Mungon orientimi në karrierë.",
    "issue2_severity": "medium",
}


class FileError(Exception):
    """The file as a whole cannot be read (encoding, format, header)."""


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str
    reason: str


@dataclass(slots=True)
class ParsedRow:
    row: int
    submission: ConsultationSubmission | None = None
    errors: list[RowError] = field(default_factory=list)


def decode_csv(data: bytes) -> str:
    """The file's text in its detected encoding; unknown or ambiguous ones are refused."""
    try:
        return encodings.decode(data)
    except encodings.EncodingRefused as exc:
        raise FileError(str(exc)) from None


# Bounds on a file, checked while it is read so an oversized one is refused
# before the rest is parsed. The longest legitimate cell is a recommendations
# list (50 x 1,000 characters); csv's own default field limit (131,072) stays.
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024  # bytes once unzipped: a zip bomb stops here
Table = Iterable[Sequence[str]]


def read_csv(
    data: bytes, columns: Sequence[str] = COLUMNS, required: Sequence[str] = REQUIRED
) -> list[dict[str, str]]:
    text = decode_csv(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _rows(reader, columns, required)
    except csv.Error as exc:  # a cell over the field limit, a broken quote
        raise FileError(
            f"Row {reader.line_num}: the file cannot be read as CSV ({exc}). "
            "A description holds at most 4,000 characters, a recommendation 1,000."
        ) from exc


def read_xlsx(
    data: bytes, columns: Sequence[str] = COLUMNS, required: Sequence[str] = REQUIRED
) -> list[dict[str, str]]:
    _check_unpacked_size(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        kind = type(exc).__name__
        raise FileError(f"The file is not a readable .xlsx workbook ({kind}).") from exc
    sheet = book.worksheets[0]
    declared = getattr(sheet, "max_row", None)  # from <dimension>, when the file has one
    if isinstance(declared, int) and declared - 1 > MAX_ROWS:
        raise FileError(f"The sheet declares {declared - 1} rows: the limit is {MAX_ROWS}.")
    try:
        return _rows(
            ([_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)),
            columns,
            required,
        )
    finally:
        book.close()


def _check_unpacked_size(data: bytes) -> None:
    """Refuse a workbook whose parts unzip to more than the limit (sizes from the zip index;
    the zip reader never inflates an entry past its declared size)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileError("The file is not a readable .xlsx workbook (not a zip archive).") from exc
    if unpacked > MAX_XLSX_UNCOMPRESSED:
        raise FileError(
            f"The workbook unpacks to {unpacked:,} bytes: the limit is "
            f"{MAX_XLSX_UNCOMPRESSED:,}. Save only the consultations sheet."
        )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


MAX_SCANNED_ROWS = 2 * MAX_ROWS


def _rows(table: Table, columns: Sequence[str], required: Sequence[str]) -> list[dict[str, str]]:
    """Rows as dicts by column name, read one at a time: stops at the row limit."""
    rows = iter(table)
    first = next(rows, None)
    if first is None:
        raise FileError("The file is empty; the first row must hold the column names.")
    header = [str(h).strip().lower() for h in first]
    unknown = [h for h in header if h and h not in columns]
    missing = [c for c in required if c not in header]
    if unknown or missing:
        raise FileError(
            f"Row 1 (column names): unknown {unknown or 'none'}, missing {missing or 'none'}. "
            "Download the template for the layout."
        )
    out = []
    filled = 0
    for seen, cells in enumerate(rows, start=1):
        # Empty rows count too: a tiny XLSX with one cell at row 5,000,000 and no declared
        # size would otherwise be read row by row to the end.
        if seen > MAX_SCANNED_ROWS:
            raise FileError(
                f"More than {MAX_SCANNED_ROWS} rows, empty ones included: the limit is "
                f"{MAX_ROWS} filled rows per file; delete the empty rows and send it again."
            )
        if any(str(c).strip() for c in cells):
            filled += 1
            if filled > MAX_ROWS:
                raise FileError(f"More than {MAX_ROWS} rows: the limit is {MAX_ROWS} per file.")
        out.append({h: str(c).strip() for h, c in zip(header, cells, strict=False) if h})
    return out


_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


def _date(value: str) -> str:
    m = _DMY.match(value)
    return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else value


def _split(value: str, seps: str) -> list[str]:
    return [p.strip() for p in re.split(f"[{seps}]", value) if p.strip()]


def to_submission_dict(cells: dict[str, str]) -> dict[str, Any]:
    def get(column: str) -> str | None:
        return cells.get(column, "") or None

    issues = []
    for k in range(1, MAX_ISSUES + 1):
        part = {f: cells.get(f"issue{k}_{f}", "") for f in ISSUE_FIELDS}
        if not any(part.values()):
            continue
        issue: dict[str, Any] = {"description": part["description"]}
        if part["category"]:
            issue["category"] = part["category"]
        if part["severity"]:
            issue["severity"] = part["severity"]
        if part["affected_students"]:
            issue["affected_students"] = part["affected_students"]
        if part["affected_groups"]:
            issue["affected_groups"] = _split(part["affected_groups"], ";,")
        issues.append(issue)
    out: dict[str, Any] = {
        "municipality": get("municipality"),
        "stakeholder_group": get("stakeholder_group"),
        "consultation_date": _date(cells.get("consultation_date", "")) or None,
        "language": get("language"),
        "participant_count": get("participant_count"),
        "raised_issues": issues,
        "recommendations": _split(cells.get("recommendations", ""), "|\n"),
        "source": "spreadsheet",
    }
    if get("consultation_id"):
        out["consultation_id"] = get("consultation_id")
    if get("school_level") or get("school_name"):
        out["school"] = {"name": get("school_name"), "level": get("school_level")}
    return out


def column_of(loc: tuple[Any, ...]) -> str:
    """The spreadsheet column a validation error location points at."""
    head = str(loc[0]) if loc else ""
    if head == "raised_issues" and len(loc) >= 3 and isinstance(loc[1], int):
        return f"issue{loc[1] + 1}_{loc[2]}"
    if head == "raised_issues":
        return "issue1_description"
    if head == "school":
        return "school_level" if len(loc) < 2 or loc[1] == "level" else "school_name"
    return head or "row"


def parse_rows(rows: list[dict[str, str]]) -> list[ParsedRow]:
    parsed = []
    for i, cells in enumerate(rows):
        number = i + 2
        if not any(cells.values()):
            continue
        try:
            parsed.append(
                ParsedRow(number, ConsultationSubmission.model_validate(to_submission_dict(cells)))
            )
        except ValidationError as exc:
            parsed.append(
                ParsedRow(
                    number,
                    errors=[
                        RowError(number, column_of(tuple(e["loc"])), e["msg"])
                        for e in prune_errors(list(exc.errors()))
                    ],
                )
            )
    return parsed


def template_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerow([EXAMPLE.get(c, "") for c in COLUMNS])
    return out.getvalue().encode("utf-8-sig")  # BOM: Excel then opens it as UTF-8


def template_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "consultations"
    sheet.append(list(COLUMNS))
    sheet.append([EXAMPLE.get(c, "") for c in COLUMNS])
    values = book.create_sheet("allowed values")
    for col, (name, allowed) in enumerate(ALLOWED.items(), start=1):
        values.cell(row=1, column=col, value=name)
        for row, value in enumerate(allowed, start=2):
            values.cell(row=row, column=col, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
