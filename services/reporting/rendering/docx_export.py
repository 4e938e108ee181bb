"""The plan as a Word document, laid out from the same parts as every other rendering."""

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Pt

from schemas.plans import Plan
from schemas.vocabulary import STAKEHOLDER_LABELS, StakeholderGroup
from services.reporting.rendering.document import (
    action_view,
    approval,
    budget_view,
    category,
    engine_line,
    status_line,
    text,
    title,
)
from services.reporting.rendering.formats import Lang
from services.reporting.rendering.labels import field_names, word
from services.reporting.rendering.record import changes, conflicts


def _table(doc: DocxDocument, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, value in zip(table.rows[0].cells, header, strict=True):
        cell.text = value
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value


def _situation(doc: DocxDocument, plan: Plan, lang: Lang) -> None:
    doc.add_heading(word("situation", lang), level=1)
    if plan.narrative:
        para = doc.add_paragraph()
        para.add_run(f"{word('narrative', lang)}: ").bold = True
        para.add_run(plan.narrative)
    s = plan.situation
    if s is None:
        return
    doc.add_paragraph(
        word("consulted", lang).format(
            n=s.consultations, p=s.participants, a=s.first_consultation, b=s.last_consultation
        )
    )
    groups = [g for g in StakeholderGroup if g in s.by_stakeholder_group]
    _table(
        doc,
        (word("group", lang), word("consultations", lang)),
        [
            (STAKEHOLDER_LABELS[g][0 if lang == "en" else 1], str(s.by_stakeholder_group[g]))
            for g in groups
        ],
    )
    for gap in s.coverage_gaps:
        doc.add_paragraph(text(gap, lang), style="List Bullet")


def _priorities(doc: DocxDocument, plan: Plan, lang: Lang) -> None:
    doc.add_heading(word("priorities", lang), level=1)
    keys = ("action", "responsible", "timeline", "cost_funding", "indicator")
    header = ("#", *(word(k, lang) for k in keys))
    for p in plan.priorities:
        doc.add_heading(f"{p.rank}. {category(p.category, lang)} ({p.score})", level=2)
        if p.amended:
            doc.add_paragraph().add_run(
                f"{word('amended', lang)}: {field_names(p.amended, lang)}"
            ).italic = True
        doc.add_paragraph(text(p.objective, lang))
        doc.add_paragraph().add_run(text(p.rationale, lang)).italic = True
        rows = []
        for a in p.actions:
            v = action_view(a, plan.cycle, lang)
            label = "\n".join((v.label, *(f"({m})" for m in v.marks)))
            measure = f"{v.indicator}\n{v.baseline} → {v.target}"
            rows.append(
                (v.action_id, label, v.lead(lang), v.timeline, v.cost_and_funding(lang), measure)
            )
        _table(doc, header, rows)


def _budget(doc: DocxDocument, plan: Plan, lang: Lang) -> None:
    b = budget_view(plan, lang)
    if b is None:
        return
    doc.add_heading(word("budget", lang), level=1)
    doc.add_paragraph().add_run(b.caption).italic = True
    for t in b.tables:
        _table(doc, t.heading, [*t.rows, t.total])
        doc.add_paragraph()
    doc.add_paragraph(f"{b.coverage} {b.note}")


def _record(doc: DocxDocument, plan: Plan, lang: Lang) -> None:
    lines, unapplied = changes(plan, lang), conflicts(plan, lang)
    if not lines and not unapplied:
        return
    doc.add_heading(word("changes", lang), level=1)
    header = (word("when", lang), word("who", lang), word("what", lang), word("why", lang))
    _table(doc, header, [(c.when, c.who, c.what, c.why) for c in lines])
    if unapplied:
        doc.add_paragraph(word("conflicts", lang)).runs[0].bold = True
        for c in unapplied:
            doc.add_paragraph(c, style="List Bullet")


def plan_docx(plan: Plan, lang: Lang = "en") -> bytes:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(title(plan, lang), level=0)
    doc.add_paragraph(status_line(plan, lang))
    doc.add_paragraph(engine_line(plan, lang))
    block = approval(plan, lang)
    if block:
        doc.add_heading(word("adoption", lang), level=1)
        for label, value in block:
            para = doc.add_paragraph()
            para.add_run(f"{label}: ").bold = True
            para.add_run(value)
    doc.add_heading(word("goals", lang), level=1)
    for goal in plan.goals:
        doc.add_paragraph(text(goal, lang), style="List Bullet")
    _situation(doc, plan, lang)
    _priorities(doc, plan, lang)
    _budget(doc, plan, lang)
    doc.add_heading(word("monitoring", lang), level=1)
    for m in plan.monitoring:
        doc.add_paragraph(
            f"{text(m.arrangement, lang)} ({m.frequency}, {m.data_source})", style="List Bullet"
        )
    doc.add_heading(word("risks", lang), level=1)
    for r in plan.risks:
        doc.add_paragraph(text(r, lang), style="List Bullet")
    _record(doc, plan, lang)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
