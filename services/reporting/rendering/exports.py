"""A plan as the files MEDs circulate: Word, PDF, CSV of actions; the matrix as CSV/XLSX."""

import csv
import io
from typing import Any

from openpyxl import Workbook

from schemas.plans import Plan, PlannedAction
from services.reporting.rendering.docx_export import plan_docx
from services.reporting.rendering.pdf_export import plan_pdf

__all__ = ["actions_csv", "matrix_csv", "matrix_xlsx", "plan_docx", "plan_pdf"]

ACTION_COLUMNS = (
    "priority_rank",
    "category",
    "action_id",
    "action_en",
    "action_sq",
    "responsible",
    "partners",
    "start",
    "end",
    "cost_band",
    "funding_source",
    "indicator",
    "baseline_source",
    "target",
    "consultation_count",
    "consultation_ids",
    # Set by the working group (empty until entered); appended so existing columns keep place.
    "origin",
    "focal_point",
    "start_month",
    "end_month",
    "cost_eur",
    "budget_line",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_unit",
    "target_date",
    "amended",
    # The action in the other languages of the catalogue (Serbian in Latin script).
    "action_sr",
    "action_tr",
    "action_bs",
)


def _blank(value: object) -> object:
    return "" if value is None else value


def _authored(a: PlannedAction) -> list[object]:
    i = a.indicator
    values: tuple[object, ...] = (a.origin, a.focal_point, a.start_month, a.end_month)
    values += (a.cost_eur, a.budget_line, i.baseline_value, i.baseline_date)
    values += (i.target_value, i.target_unit, i.target_date)
    other = (a.label.sr, a.label.tr, a.label.bs)
    return [*map(_blank, values), ";".join(a.amended), *map(_blank, other)]


def actions_csv(plan: Plan) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ACTION_COLUMNS)
    for p in plan.priorities:
        for a in p.actions:
            writer.writerow(
                [
                    p.rank,
                    p.category.value,
                    a.action_id,
                    a.label.en,
                    a.label.sq,
                    a.responsible,
                    ";".join(a.partners),
                    a.start,
                    a.end,
                    a.cost_band,
                    a.funding_source,
                    a.indicator.label.en,
                    a.indicator.baseline_source,
                    a.indicator.target,
                    len(a.consultation_ids),
                    ";".join(str(c) for c in a.consultation_ids),
                    *_authored(a),
                ]
            )
    return out.getvalue().encode("utf-8-sig")


def matrix_csv(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("municipality", "cycle", "category", "score", "consultation_count", "rank"))
    for r in rows:
        writer.writerow(
            (
                r["municipality"],
                r["cycle"],
                r["category"],
                r["score"],
                r["consultation_count"],
                r["rank"] or "",
            )
        )
    return out.getvalue().encode("utf-8-sig")


def matrix_xlsx(rows: list[dict[str, Any]]) -> bytes:
    """One sheet: municipalities down, categories across, scores in the cells."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "scores"
    categories = sorted({r["category"] for r in rows})
    municipalities = sorted({r["municipality"] for r in rows})
    sheet.append(["municipality", *categories])
    cells = {(r["municipality"], r["category"]): r["score"] for r in rows}
    for m in municipalities:
        sheet.append([m, *(cells.get((m, c)) for c in categories)])
    counts = book.create_sheet("consultations")
    counts.append(["municipality", *categories])
    n = {(r["municipality"], r["category"]): r["consultation_count"] for r in rows}
    for m in municipalities:
        counts.append([m, *(n.get((m, c)) for c in categories)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
