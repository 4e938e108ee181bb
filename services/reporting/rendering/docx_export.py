"""The plan as a Word document (A4 landscape, real tables with header rows), from its
`Document`."""

import io

from docx import Document as new_docx
from docx.document import Document as Docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

from schemas.plans import Plan
from services.reporting.i18n.languages import Lang
from services.reporting.rendering.chart_png import figure_png
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
from services.reporting.rendering.fonts import FontsMissing
from services.reporting.rendering.plan_document import build

_LANG_TAGS = {"en": "en-GB", "sq": "sq-AL", "sr": "sr-Latn-RS", "sr-Cyrl": "sr-Cyrl-RS"}
_LANG_TAGS |= {"tr": "tr-TR", "bs": "bs-Latn-BA"}


def _runs(paragraph: object, runs: Inline) -> None:
    for r in runs:
        run = paragraph.add_run(r.text)  # type: ignore[attr-defined]
        run.bold = r.style == "bold"
        run.italic = r.style == "italic"


def _repeat_header(row: object) -> None:
    """The header row repeats on every page the table runs over."""
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    tr_pr.append(mark)


def _cell(cell: _Cell, lines: tuple[Inline, ...], right: bool, bold: bool = False) -> None:
    cell.text = ""
    for i, line in enumerate(cell_lines(lines)):
        para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        _runs(para, tuple(Run(r.text, "bold") if bold else r for r in line))
        if right:
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _table(doc: Docx, t: Table) -> None:
    table = doc.add_table(rows=1, cols=len(t.header))
    table.style = "Table Grid"
    for i, (cell, value) in enumerate(zip(table.rows[0].cells, t.header, strict=True)):
        cell.text = ""
        run = cell.paragraphs[0].add_run(value)
        run.bold = True
        if i in t.numeric:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _repeat_header(table.rows[0])
    for row in t.rows:
        for i, (cell, lines) in enumerate(zip(table.add_row().cells, row, strict=True)):
            _cell(cell, lines, i in t.numeric)
    if t.total:
        for i, (cell, value) in enumerate(zip(table.add_row().cells, t.total, strict=True)):
            _cell(cell, (plain(value),), i in t.numeric, bold=True)
    if t.widths:
        usable = 267.0  # mm: A4 landscape less the margins
        scale = usable / sum(t.widths)
        for row in table.rows:
            for cell, w in zip(row.cells, t.widths, strict=True):
                cell.width = Mm(w * scale)
    doc.add_paragraph()


CHART_W_MM = 150.0  # as in the PDF


def _chart(doc: Docx, c: Chart) -> None:
    """The chart as a PNG with its caption under it and alt text for screen readers; the
    table after it stays, to edit and copy from."""
    if c.picture is None or not (c.picture.lines or c.picture.dots):
        return  # nothing to draw: the paragraph after it says no value is measured yet
    try:
        png = figure_png(c.picture)
    except FontsMissing:
        return  # no font for its words (fonts-dejavu-core): the table alone, as before
    doc.add_picture(io.BytesIO(png), width=Mm(CHART_W_MM))
    picture = doc.paragraphs[-1]
    picture.paragraph_format.keep_with_next = True  # the caption stays with its chart
    for props in picture._p.iter(qn("wp:docPr")):  # Word's alt text: title and description
        props.set("title", c.title)
        props.set("descr", f"{c.title}. {c.summary}" if c.summary else c.title)
    doc.add_paragraph(c.caption or c.title, style="Caption")


def _block(doc: Docx, b: Block) -> None:
    if isinstance(b, Heading):
        doc.add_heading(b.text, level=2)
    elif isinstance(b, Paragraph):
        para = doc.add_paragraph()
        _runs(para, b.runs)
    elif isinstance(b, Bullets):
        for item in b.items:
            _runs(doc.add_paragraph(style="List Bullet"), item)
    elif isinstance(b, Chart):
        _chart(doc, b)
    elif isinstance(b, Pairs):
        for label, value in b.items:
            para = doc.add_paragraph()
            para.add_run(f"{label}: ").bold = True
            para.add_run(value)
    else:
        _table(doc, b)


def _section(doc: Docx, s: Section, numbered: bool = True) -> None:
    doc.add_heading(f"{s.number}. {s.heading}" if numbered else s.heading, level=1)
    for b in s.blocks:
        _block(doc, b)


def _setup(doc: Docx, d: Document) -> None:
    page = doc.sections[0]
    page.orientation = WD_ORIENT.LANDSCAPE
    page.page_width, page.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(page, side, Mm(15))
    page.header.paragraphs[0].text = d.marker
    normal = doc.styles["Normal"]
    normal.font.size = Pt(9.5)
    normal.font.name = "DejaVu Sans"
    # The document's language, for spelling and hyphenation in Word.
    rpr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), _LANG_TAGS.get(d.lang, d.lang))
    rpr.append(lang)
    doc.core_properties.title = d.title
    doc.core_properties.language = _LANG_TAGS.get(d.lang, d.lang)


def document_docx(d: Document) -> bytes:
    doc = new_docx()
    _setup(doc, d)
    for i, line in enumerate(d.letterhead):  # page 1's head, centred
        head = doc.add_paragraph()
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        head.add_run(line).bold = i < 2
    doc.add_heading(d.title, level=0)
    for line in d.meta:
        doc.add_paragraph(line)
    if d.approval:
        _section(doc, d.approval, numbered=False)
    for s in d.sections:
        _section(doc, s)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def plan_docx(plan: Plan, lang: Lang = "en") -> bytes:
    return document_docx(build(plan, lang))
