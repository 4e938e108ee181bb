"""The plan as a PDF (A4, DejaVu for Albanian and Serbian letters), from the shared parts."""

from pathlib import Path

from fpdf import FPDF

from schemas.plans import Plan
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

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


def _font_dir() -> Path:
    for d in FONT_DIRS:
        if (d / "DejaVuSans.ttf").exists():
            return d
    raise RuntimeError("PDF export needs the DejaVu fonts (Debian: fonts-dejavu-core).")


class _Writer:
    def __init__(self) -> None:
        fonts = _font_dir()
        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
        self.pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.pdf.add_page()

    def para(self, value: str, size: int = 10, style: str = "") -> None:
        self.pdf.set_font("DejaVu", style, size)
        self.pdf.multi_cell(self.pdf.epw, size * 0.5, value, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)

    def heading(self, value: str) -> None:
        self.para(value, 12, "B")


def _priorities(w: _Writer, plan: Plan, lang: Lang) -> None:
    w.heading(word("priorities", lang))
    for p in plan.priorities:
        w.para(f"{p.rank}. {category(p.category, lang)} — {p.score}", 11, "B")
        if p.amended:
            w.para(f"{word('amended', lang)}: {field_names(p.amended, lang)}", 9)
        w.para(text(p.objective, lang))
        w.para(text(p.rationale, lang), 9)
        for a in p.actions:
            v = action_view(a, plan.cycle, lang)
            marks = "".join(f" ({m})" for m in v.marks)
            w.para(
                f"{v.action_id} {v.label}{marks} — {v.lead(lang)}, {v.timeline}; "
                f"{v.cost_and_funding(lang)}; {v.indicator}: {v.baseline} → {v.target}",
                9,
            )


def _budget(w: _Writer, plan: Plan, lang: Lang) -> None:
    b = budget_view(plan, lang)
    if b is None:
        return
    w.heading(word("budget", lang))
    w.para(b.caption, 9)
    for t in b.tables:
        w.para(f"{t.heading[0]} ({t.heading[1]})", 10, "B")
        for label, amount in (*t.rows, t.total):
            w.para(f"{label}: {amount}", 9)
    w.para(f"{b.coverage} {b.note}", 9)


def _record(w: _Writer, plan: Plan, lang: Lang) -> None:
    lines, unapplied = changes(plan, lang), conflicts(plan, lang)
    if not lines and not unapplied:
        return
    w.heading(word("changes", lang))
    for c in lines:
        w.para(f"{c.when} · {c.who}: {c.what}. {word('why', lang)}: {c.why}", 9)
    if unapplied:
        w.para(word("conflicts", lang), 10, "B")
        for u in unapplied:
            w.para(f"• {u}", 9)


def plan_pdf(plan: Plan, lang: Lang = "en") -> bytes:
    w = _Writer()
    w.para(title(plan, lang), 15, "B")
    w.para(status_line(plan, lang))
    w.para(engine_line(plan, lang), 9)
    block = approval(plan, lang)
    if block:
        w.heading(word("adoption", lang))
        for label, value in block:
            w.para(f"{label}: {value}")
    w.heading(word("goals", lang))
    for goal in plan.goals:
        w.para(f"• {text(goal, lang)}")
    if plan.narrative or plan.situation:
        w.heading(word("situation", lang))
    if plan.narrative:
        w.para(f"{word('narrative', lang)}: {plan.narrative}")
    if plan.situation:
        s = plan.situation
        w.para(
            word("consulted", lang).format(
                n=s.consultations, p=s.participants, a=s.first_consultation, b=s.last_consultation
            )
        )
        for gap in s.coverage_gaps:
            w.para(f"• {text(gap, lang)}")
    _priorities(w, plan, lang)
    _budget(w, plan, lang)
    w.heading(word("monitoring", lang))
    for m in plan.monitoring:
        w.para(f"• {text(m.arrangement, lang)} ({m.frequency}, {m.data_source})")
    w.heading(word("risks", lang))
    for r in plan.risks:
        w.para(f"• {text(r, lang)}")
    _record(w, plan, lang)
    return bytes(w.pdf.output())
