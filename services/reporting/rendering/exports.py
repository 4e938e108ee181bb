"""A plan as the files MEDs circulate: Word, PDF, CSV of actions; the matrix as CSV/XLSX."""

import csv
import io
from pathlib import Path
from typing import Any, Literal

from docx import Document
from docx.shared import Pt
from fpdf import FPDF
from openpyxl import Workbook

from schemas.plans import Bilingual, Plan
from schemas.vocabulary import (
    CATEGORY_INFO,
    MUNICIPALITY_BY_CODE,
    STAKEHOLDER_LABELS,
    IssueCategory,
)

Lang = Literal["en", "sq"]
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
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
)


def _t(text: Bilingual | None, lang: Lang) -> str:
    return "" if text is None else (text.en if lang == "en" else text.sq)


def _category(code: IssueCategory, lang: Lang) -> str:
    info = CATEGORY_INFO[code]
    return info.label_en if lang == "en" else info.label_sq


def _title(plan: Plan, lang: Lang) -> str:
    m = MUNICIPALITY_BY_CODE[plan.municipality.value]
    head = "Draft municipal action plan" if lang == "en" else "Draft plani komunal i veprimit"
    return f"{head} — {m.name_sq} / {m.name_sr}, {plan.cycle}"


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
                ]
            )
    return out.getvalue().encode("utf-8-sig")


def plan_docx(plan: Plan, lang: Lang = "en") -> bytes:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(_title(plan, lang), level=0)
    doc.add_paragraph(
        f"Version {plan.version} · {plan.status} · catalogue "
        f"{plan.catalogue_version} · rules {plan.rules_version}"
    )
    doc.add_heading("Goals" if lang == "en" else "Qëllimet", level=1)
    for goal in plan.goals:
        doc.add_paragraph(_t(goal, lang), style="List Bullet")
    if plan.situation:
        s = plan.situation
        doc.add_heading("Situation analysis" if lang == "en" else "Analiza e situatës", level=1)
        doc.add_paragraph(
            f"{s.consultations} consultations, {s.participants} participants, "
            f"{s.first_consultation} – {s.last_consultation}."
        )
        table = doc.add_table(rows=1, cols=2)
        table.style = "Light Grid Accent 1"
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Group", "Consultations"
        for group, n in s.by_stakeholder_group.items():
            row = table.add_row().cells
            row[0].text = STAKEHOLDER_LABELS[group][0 if lang == "en" else 1]
            row[1].text = str(n)
        for gap in s.coverage_gaps:
            doc.add_paragraph(_t(gap, lang), style="List Bullet")
    doc.add_heading("Priorities" if lang == "en" else "Prioritetet", level=1)
    for p in plan.priorities:
        doc.add_heading(f"{p.rank}. {_category(p.category, lang)} ({p.score})", level=2)
        doc.add_paragraph(_t(p.objective, lang))
        doc.add_paragraph().add_run(_t(p.rationale, lang)).italic = True
        table = doc.add_table(rows=1, cols=5)
        table.style = "Light Grid Accent 1"
        for cell, text in zip(
            table.rows[0].cells,
            ("#", "Action", "Responsible", "Timeline", "Indicator / target"),
            strict=True,
        ):
            cell.text = text
        for a in p.actions:
            cells = table.add_row().cells
            cells[0].text = a.action_id
            cells[1].text = _t(a.label, lang)
            cells[2].text = _t(a.responsible_label, lang)
            cells[3].text = a.start if a.start == a.end else f"{a.start}–{a.end}"
            cells[4].text = f"{_t(a.indicator.label, lang)} — {a.indicator.target}"
    doc.add_heading("Monitoring" if lang == "en" else "Monitorimi", level=1)
    for m in plan.monitoring:
        doc.add_paragraph(
            f"{_t(m.arrangement, lang)} ({m.frequency}, {m.data_source})", style="List Bullet"
        )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _font_dir() -> Path:
    for d in FONT_DIRS:
        if (d / "DejaVuSans.ttf").exists():
            return d
    raise RuntimeError("PDF export needs the DejaVu fonts (Debian: fonts-dejavu-core).")


def plan_pdf(plan: Plan, lang: Lang = "en") -> bytes:
    fonts = _font_dir()
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    width = pdf.epw

    def para(text: str, size: int = 10, style: str = "") -> None:
        pdf.set_font("DejaVu", style, size)
        pdf.multi_cell(width, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    para(_title(plan, lang), 15, "B")
    para(f"Version {plan.version} · {plan.status} · catalogue {plan.catalogue_version}")
    para("Goals" if lang == "en" else "Qëllimet", 12, "B")
    for goal in plan.goals:
        para(f"• {_t(goal, lang)}")
    if plan.situation:
        para("Situation analysis" if lang == "en" else "Analiza e situatës", 12, "B")
        s = plan.situation
        para(f"{s.consultations} consultations, {s.participants} participants.")
        for gap in s.coverage_gaps:
            para(f"• {_t(gap, lang)}")
    para("Priorities" if lang == "en" else "Prioritetet", 12, "B")
    for p in plan.priorities:
        para(f"{p.rank}. {_category(p.category, lang)} — {p.score}", 11, "B")
        para(_t(p.objective, lang))
        para(_t(p.rationale, lang), 9)
        for a in p.actions:
            timeline = a.start if a.start == a.end else f"{a.start}–{a.end}"
            para(
                f"{a.action_id} {_t(a.label, lang)} — {_t(a.responsible_label, lang)}, "
                f"{timeline}; {_t(a.indicator.label, lang)}: {a.indicator.target}",
                9,
            )
    return bytes(pdf.output())


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
