"""The plan as a PDF (A4 landscape, every section and table) from its `Document`.

Fonts: DejaVu Sans (`fonts.py`); fpdf2 embeds the subset a document uses.
"""

import io
import re

from fpdf import FPDF, FontFace

from schemas.plans import Plan
from services.reporting.i18n.languages import Lang
from services.reporting.rendering.document import (
    Block,
    Bullets,
    Chart,
    Document,
    Heading,
    Inline,
    Pairs,
    Paragraph,
    Run,
    Section,
    Table,
    cell_lines,
    plain,
)
from services.reporting.rendering.fonts import font_dir
from services.reporting.rendering.plan_document import build

_FACES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}


class _Pdf(FPDF):
    def __init__(self, marker: str) -> None:
        super().__init__(orientation="landscape", format="A4")
        self.marker = marker
        fonts = font_dir()
        for style, name in _FACES.items():
            # Oblique comes with fonts-dejavu-extra; without it italics print upright.
            path = fonts / name if (fonts / name).exists() else fonts / _FACES[""]
            self.add_font("DejaVu", style, str(path))
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)

    def header(self) -> None:
        self.set_font("DejaVu", "", 8)
        self.set_text_color(90)
        self.cell(0, 5, self.marker, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.cell(0, 5, str(self.page_no()), align="R")


def _para(pdf: _Pdf, runs: Inline, size: float = 9.5, indent: str = "") -> None:
    pdf.set_x(pdf.l_margin)
    pdf.set_font("DejaVu", "", size)
    if indent:
        pdf.write(size * 0.5, indent)
    for r in runs:
        pdf.set_font("DejaVu", {"": "", "bold": "B", "italic": "I"}[r.style], size)
        pdf.write(size * 0.5, r.text)
    pdf.ln(size * 0.5 + 1.5)


_MD_MARKERS = re.compile(r"(\*\*|__|--|~~)")
_MD_MARK = {"": "", "bold": "**", "italic": "__"}


def _md_text(value: str) -> str:
    """Text as fpdf2's cell markdown reads it literally: its markers escaped."""
    return _MD_MARKERS.sub(r"\\\1", value.replace("\\", "\\\\"))


def _md_run(r: Run) -> str:
    core = r.text.strip()
    if not core:
        return r.text
    mark = _MD_MARK[r.style]
    lead = " " if r.text[:1].isspace() else ""
    tail = " " if r.text[-1:].isspace() else ""
    return f"{lead}{mark}{_md_text(core)}{mark}{tail}"


def cell_markdown(lines: tuple[Inline, ...]) -> str:
    """A table cell as fpdf2 markdown: one line per line of runs, styles and the dash
    before a note kept."""
    return "\n".join("".join(_md_run(r) for r in line) for line in cell_lines(lines))


def _table(pdf: _Pdf, t: Table) -> None:
    pdf.set_font("DejaVu", "", 8)
    widths = t.widths or tuple(1.0 for _ in t.header)
    aligns = tuple("RIGHT" if i in t.numeric else "LEFT" for i in range(len(t.header)))
    with pdf.table(
        col_widths=widths,
        text_align=aligns,
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230)),
        line_height=4,
        v_align="TOP",
        repeat_headings=1,
        width=pdf.epw if t.widths else min(pdf.epw, 70.0 * len(t.header)),
        align="LEFT",
        markdown=True,
    ) as table:
        head = table.row()
        for h in t.header:
            head.cell(_md_text(h))
        for row in t.rows:
            cells = table.row()
            for lines in row:
                cells.cell(cell_markdown(lines))
        if t.total:
            cells = table.row()
            for value in t.total:
                cells.cell(_md_text(value), style=FontFace(emphasis="BOLD"))
    pdf.ln(3)


def _block(pdf: _Pdf, b: Block) -> None:
    if isinstance(b, Heading):
        if pdf.will_page_break(40):  # a priority starts with room for its first lines
            pdf.add_page()
        pdf.ln(1)
        _para(pdf, _bold(b.text), 11)
    elif isinstance(b, Paragraph):
        _para(pdf, b.runs)
    elif isinstance(b, Bullets):
        for item in b.items:
            _para(pdf, item, indent="• ")
    elif isinstance(b, Pairs):
        for label, value in b.items:
            _para(pdf, (*_bold(f"{label}: "), *plain(value)))
    elif isinstance(b, Chart):
        _chart(pdf, b)
    else:
        _table(pdf, b)


CHART_W_MM = 150.0
_TOOLTIP = re.compile(r"<title>.*?</title>", re.S)  # hover texts: nothing to print


def _chart(pdf: _Pdf, c: Chart) -> None:
    """The chart's SVG drawn as vectors by fpdf2 (its text in the document's font)."""
    if pdf.will_page_break(CHART_W_MM * 0.45):
        pdf.add_page()
    # fpdf2 draws SVG text in the font the SVG names: the document's, for ë and Cyrillic.
    svg = _TOOLTIP.sub("", c.svg).replace("<svg ", '<svg font-family="DejaVu" ', 1).encode()
    pdf.image(io.BytesIO(svg), w=CHART_W_MM, alt_text=c.title)
    pdf.ln(2)


def _bold(value: str) -> Inline:
    return (Run(value, "bold"),)


def _section(pdf: _Pdf, s: Section, numbered: bool = True) -> None:
    if pdf.will_page_break(40):  # no heading alone at the foot of a page
        pdf.add_page()
    pdf.ln(2)
    _para(pdf, _bold(f"{s.number}. {s.heading}" if numbered else s.heading), 13)
    for b in s.blocks:
        _block(pdf, b)


def _letterhead(pdf: _Pdf, lines: tuple[str, ...]) -> None:
    """Page 1's head, centred: the state and the municipality in bold, then the MED,
    whom the plan is prepared for, its date and status; a rule under it."""
    if not lines:
        return
    for i, line in enumerate(lines):
        pdf.set_font("DejaVu", "B" if i < 2 else "", 11 if i < 3 else 9)
        pdf.cell(0, 5.5, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(4)


def document_pdf(d: Document) -> bytes:
    pdf = _Pdf(d.marker)
    pdf.set_title(d.title)
    pdf.set_lang(d.lang)
    pdf.add_page()
    _letterhead(pdf, d.letterhead)
    _para(pdf, _bold(d.title), 15)
    for line in d.meta:
        _para(pdf, plain(line), 9)
    if d.approval:
        _section(pdf, d.approval, numbered=False)
    for s in d.sections:
        _section(pdf, s)
    return bytes(pdf.output())


def plan_pdf(plan: Plan, lang: Lang = "en") -> bytes:
    return document_pdf(build(plan, lang))
