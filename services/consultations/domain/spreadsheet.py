"""The spreadsheet layout consultants fill in, and reading it row by row.

One row is one consultation with up to three raised issues. Rows are
numbered as the spreadsheet shows them (the header is row 1), and every
problem is reported with its row, column and reason.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

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
from services.fieldforms import sheets
from services.fieldforms.sheets import FileError, RowError

__all__ = ["FileError", "RowError"]  # the import handlers' names for them

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


# The longest legitimate cell is a recommendations list (50 x 1,000 characters);
# csv's own default field limit (131,072) stays.
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024  # bytes once unzipped: a zip bomb stops here
MAX_SCANNED_ROWS = 2 * MAX_ROWS
RULES = sheets.Rules(
    max_rows=MAX_ROWS,
    max_unpacked=MAX_XLSX_UNCOMPRESSED,
    decode=decode_csv,
    check_declared_rows=True,
    csv_hint=" A description holds at most 4,000 characters, a recommendation 1,000.",
    unpacked_hint=" Save only the consultations sheet.",
)


def read_csv(
    data: bytes, columns: Sequence[str] = COLUMNS, required: Sequence[str] = REQUIRED
) -> list[dict[str, str]]:
    return sheets.read_csv(data, sheets.Layout(tuple(columns), tuple(required)), RULES)


def read_xlsx(
    data: bytes, columns: Sequence[str] = COLUMNS, required: Sequence[str] = REQUIRED
) -> list[dict[str, str]]:
    return sheets.read_xlsx(data, sheets.Layout(tuple(columns), tuple(required)), RULES)


def read_table(data: bytes, filename: str, content_type: str) -> list[dict[str, str]]:
    """An uploaded CSV or XLSX of consultations (raises FileError)."""
    return sheets.read_table(data, filename, content_type, sheets.Layout(COLUMNS, REQUIRED), RULES)


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
    def validate(cells: Mapping[str, str]) -> ConsultationSubmission:
        return ConsultationSubmission.model_validate(to_submission_dict(dict(cells)))

    return [
        ParsedRow(number, submission, errors)
        for number, submission, errors in sheets.validated_rows(
            rows, validate, column_of, prune_errors
        )
    ]


def template_csv() -> bytes:
    return sheets.template_csv(COLUMNS, EXAMPLE)


def template_xlsx() -> bytes:
    return sheets.template_xlsx(COLUMNS, EXAMPLE, "consultations", ALLOWED)
