"""The spreadsheet of municipal statistics: one row per level, gender and community.

Rows with the same municipality, school year, source and recorded_on form one
set, recorded as one event; a set with an invalid row is refused whole, and
every problem is reported with its row (the header is row 1) and column.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from schemas.statistics import MunicipalStatisticsRecorded
from services.consultations.domain import spreadsheet
from services.consultations.domain.intake import IntakeError
from services.consultations.domain.spreadsheet import FileError
from services.consultations.domain.statistics import StatisticsSubmission, accept, errors_of

IDENTITY = ("municipality", "school_year", "source", "recorded_on")
COUNTS = ("enrolled", "dropped_out", "not_enrolled")
COLUMNS = (*IDENTITY, "level", "gender", "community", *COUNTS)
REQUIRED = tuple(c for c in COLUMNS if c != "not_enrolled")
EXAMPLE = (
    (
        "prizren",
        "2025-2026",
        "EMIS",
        "2026-10-01",
        "lower_secondary",
        "female",
        "roma",
        "40",
        "3",
        "5",
    ),
    (
        "prizren",
        "2025-2026",
        "EMIS",
        "2026-10-01",
        "lower_secondary",
        "male",
        "roma",
        "44",
        "4",
        "6",
    ),
)


@dataclass(slots=True)
class SheetGroup:
    rows: list[int]
    statistics: MunicipalStatisticsRecorded | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)


def template_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(EXAMPLE)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def read(
    data: bytes, name: str, lang: str, today: date | None = None
) -> tuple[list[SheetGroup], list[dict[str, object]]]:
    """The file's sets and every row error (raises FileError for an unreadable file)."""
    if name.endswith(".xlsx"):
        table = spreadsheet.read_xlsx(data, COLUMNS, REQUIRED)
    elif name.endswith((".csv", ".txt")):
        table = spreadsheet.read_csv(data, COLUMNS, REQUIRED)
    else:
        raise FileError("Send a .csv or .xlsx file (see the template).")
    groups: dict[tuple[str, ...], list[tuple[int, dict[str, str]]]] = {}
    for number, row in enumerate(table, start=2):
        key = tuple(row.get(c, "").strip() for c in IDENTITY)
        groups.setdefault(key, []).append((number, row))
    errors: list[dict[str, object]] = []
    out = []
    for key, members in groups.items():
        group = SheetGroup(rows=[n for n, _ in members])
        raw = dict(zip(IDENTITY, key, strict=True))
        body: dict[str, Any] = {
            **raw,
            "rows": [
                {
                    "level": r.get("level", "").strip(),
                    "gender": r.get("gender", "").strip(),
                    "community": r.get("community", "").strip(),
                    **{c: (r.get(c) or "0").strip() for c in COUNTS},
                }
                for _, r in members
            ],
        }
        try:
            group.statistics = accept(
                StatisticsSubmission.model_validate(body), today or date.today()
            )
        except ValidationError as exc:
            group.errors = [_located(e, group.rows) for e in errors_of(exc, lang)]
        except IntakeError as exc:
            reason = exc.reason_sq if lang == "sq" else exc.reason
            group.errors = [_located({"field": exc.field, "reason": reason}, group.rows)]
        errors += group.errors
        out.append(group)
    return out, errors


def _located(e: dict[str, Any], rows: list[int]) -> dict[str, Any]:
    """`rows.3.enrolled` as row and column of the sheet; an identity field at the set's
    first row."""
    parts = str(e["field"]).split(".")
    if parts[0] == "rows" and len(parts) > 1 and parts[1].isdigit():
        column = parts[2] if len(parts) > 2 else "rows"
        return {"row": rows[int(parts[1])], "column": column, "reason": e["reason"]}
    return {"row": rows[0], "column": parts[0], "reason": e["reason"]}
