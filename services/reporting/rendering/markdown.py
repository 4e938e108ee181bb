"""The plan as a Markdown document, for reading and circulating (any language)."""

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
    Section,
    Table,
)
from services.reporting.rendering.markdown_escape import esc
from services.reporting.rendering.plan_document import build

_MARKS = {"": "", "bold": "**", "italic": "*"}


def _inline(runs: Inline) -> str:
    out = []
    for r in runs:
        core = esc(r.text)
        mark = _MARKS[r.style] if core else ""
        # Emphasis hugs its text: spaces around a run stay outside the marks.
        lead = " " if r.text[:1].isspace() else ""
        tail = " " if r.text[-1:].isspace() else ""
        out.append(f"{lead}{mark}{core}{mark}{tail}")
    return "".join(out)


def _table(t: Table) -> list[str]:
    header = "| " + " | ".join(esc(h) for h in t.header) + " |"
    rule = "|" + "|".join("---:" if i in t.numeric else "---" for i in range(len(t.header)))
    lines = [header, rule + "|"]
    for row in t.rows:
        cells = (" — ".join(_inline(line) for line in c) for c in row)
        lines.append("| " + " | ".join(cells) + " |")
    if t.total:
        lines.append("| " + " | ".join(f"**{esc(v)}**" for v in t.total) + " |")
    return [*lines, ""]


def _block(b: Block) -> list[str]:
    if isinstance(b, Heading):
        return [f"### {esc(b.text)}", ""]
    if isinstance(b, Paragraph):
        return [_inline(b.runs), ""]
    if isinstance(b, Bullets):
        return [*(f"- {_inline(item)}" for item in b.items), ""]
    if isinstance(b, Pairs):
        return [*(f"- {esc(k)}: {esc(v)}" for k, v in b.items), ""]
    if isinstance(b, Chart):
        # A picture cannot travel in a pasted Markdown text; one line of bars can (the
        # table after it holds the values).
        return [esc(b.summary), ""] if b.summary else []
    return _table(b)


def _section(s: Section, numbered: bool = True) -> list[str]:
    heading = f"{s.number}. {s.heading}" if numbered else s.heading
    return [f"## {esc(heading)}", "", *(line for b in s.blocks for line in _block(b))]


def document_markdown(doc: Document) -> str:
    out = [f"# {esc(doc.title)}", ""]
    out += [f"{esc(line)}  " for line in doc.meta] + [""]
    if doc.approval:
        out += _section(doc.approval, numbered=False)
    for s in doc.sections:
        out += _section(s)
    return "\n".join(out)


def render(plan: Plan, lang: Lang = "en") -> str:
    return document_markdown(build(plan, lang))
