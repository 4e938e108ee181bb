"""A plan as a structured document in one language: what every rendering lays out.

Built once (`plan_document.build`); Markdown, the print HTML, DOCX and PDF render
these nodes and word nothing themselves, so the formats cannot disagree.
"""

from dataclasses import dataclass, field
from typing import Literal

from services.reporting.rendering.chart_figure import Figure

Style = Literal["", "bold", "italic"]


@dataclass(frozen=True)
class Run:
    """A piece of text in one style."""

    text: str
    style: Style = ""


Inline = tuple[Run, ...]


def plain(text: str) -> Inline:
    return (Run(text),)


@dataclass(frozen=True)
class Paragraph:
    runs: Inline


@dataclass(frozen=True)
class Bullets:
    items: tuple[Inline, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row. A cell is lines of runs (line breaks in DOCX, PDF,
    HTML; " — " in Markdown). `numeric`: columns aligned right."""

    header: tuple[str, ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    numeric: frozenset[int] = frozenset()
    total: tuple[str, ...] | None = None  # a closing row in bold
    widths: tuple[float, ...] | None = None  # relative column widths (DOCX, PDF)


@dataclass(frozen=True)
class Pairs:
    """Labels and values, e.g. the approval block."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Heading:
    """A heading inside a section (a priority)."""

    text: str


@dataclass(frozen=True)
class Chart:
    """An indicator's chart (its trajectory and measured points), one geometry in every
    format: standalone SVG inline in HTML and drawn as vectors in the PDF; `picture`, the
    same chart with its title in the image, painted as PNG in DOCX under `caption`;
    Markdown prints `summary`, a one-line sparkline (the table after it has the values)."""

    title: str
    svg: str
    picture: Figure | None = None
    caption: str = ""
    summary: str = ""


Block = Paragraph | Bullets | Table | Pairs | Heading | Chart


@dataclass(frozen=True)
class Section:
    key: str  # stable name: goals, situation, priorities, budget, ...
    number: int
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Document:
    lang: str
    title: str
    marker: str  # where the plan stands, on every page: "Working draft ..." / "Adopted ..."
    meta: tuple[str, ...]  # status and versions, under the title
    approval: Section | None  # the approval block of an adopted version
    sections: tuple[Section, ...] = field(default=())
    # Page 1 of a printed plan: the state, the municipality, the MED, who it is for, when.
    letterhead: tuple[str, ...] = ()

    def headings(self) -> list[str]:
        """Every section and sub-heading, in order (for tests and tables of contents)."""
        out = [f"{s.number}. {s.heading}" for s in self.sections]
        out += [b.text for s in self.sections for b in s.blocks if isinstance(b, Heading)]
        return out


def is_note(runs: Inline) -> bool:
    """A line in italics alone: a note on the line above it (a target's breakdown, why
    an action was chosen), not part of it."""
    return any(r.text.strip() for r in runs) and all(
        r.style == "italic" for r in runs if r.text.strip()
    )


def cell_lines(lines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A cell's lines for a layout that breaks lines (DOCX, PDF): a note under the first
    line opens with a dash, as it does in Markdown, so it cannot be read as part of it."""
    return tuple(
        (Run("— "), *line) if i and is_note(line) else line for i, line in enumerate(lines)
    )


def text_of(runs: Inline) -> str:
    return "".join(r.text for r in runs)
