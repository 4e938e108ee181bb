"""An indicator's chart as geometry: lines, the measured path, dots and labels in a
560-unit-wide frame. Computed once here; `indicator_chart` writes it as SVG (HTML, PDF)
and `chart_png` paints it as PNG (DOCX), so every format draws the same chart.

The dashed line is the trajectory from baseline to target; each measured point sits at
the end of its period, green when on track, red when off, grey when there is no
trajectory to judge it by.
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from typing import Literal

from schemas.progress import TrackedIndicator

W, H = 560, 236
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 30, 44
TITLE_BAND = 26  # above the plot, when the title is drawn in the image (PNG)

State = Literal["on", "off", "unjudged"]
Anchor = Literal["start", "middle", "end"]
LabelKind = Literal["tick", "axis-label", "chart-empty", "chart-title"]

# Colours and strokes, shared by both outputs.
FILL: dict[State, str] = {"on": "#1a7f37", "off": "#c62828", "unjudged": "#8a94a6"}
INK: dict[str, str] = {
    "axis": "#8a94a6",
    "trajectory": "#0b57d0",
    "measured": "#1b1b1b",
    "tick": "#555555",
    "axis-label": "#333333",
    "chart-empty": "#555555",
    "chart-title": "#1b1b1b",
}
FONT_SIZE: dict[LabelKind, int] = {
    "tick": 11,
    "axis-label": 11,
    "chart-empty": 13,
    "chart-title": 13,
}


@dataclass(frozen=True, slots=True)
class ChartWords:
    """What the chart says, in the document's language. Empty axis words draw no axis
    label."""

    title: str
    baseline: str
    target: str
    no_data: str
    x_axis: str = ""
    y_axis: str = ""
    decimal: str = "."  # the decimal mark: "," outside English, as in the tables


@dataclass(frozen=True, slots=True)
class Line:
    kind: Literal["axis", "trajectory"]
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True, slots=True)
class Label:
    kind: LabelKind
    x: float
    y: float  # the text's baseline
    text: str
    anchor: Anchor = "start"


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    state: State
    period: str
    note: str  # the value and what was expected, as a tooltip


@dataclass(frozen=True, slots=True)
class Figure:
    title: str
    width: int
    height: int
    lines: tuple[Line, ...] = ()
    path: tuple[tuple[float, float], ...] = ()  # the measured values joined, oldest first
    dots: tuple[Dot, ...] = ()
    labels: tuple[Label, ...] = ()


def period_end(month: str) -> date:
    """The last day of a `YYYY-MM` month: where its measurement is judged."""
    year, mon = int(month[:4]), int(month[5:7])
    return date(year, mon, monthrange(year, mon)[1])


def fmt(value: float, decimal: str = ".") -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"
    return text.replace(".", decimal)


def indicator_figure(i: TrackedIndicator, words: ChartWords, titled: bool = False) -> Figure:
    """The chart of `i`; `titled` draws the title in the image too (a picture copied out
    of a Word document keeps it), where a page's heading does not already say it."""
    band, mark = (TITLE_BAND if titled else 0), words.decimal
    head = (Label("chart-title", 8, 18, words.title),) if titled else ()
    line = None
    bd, bv, td, tv = i.baseline_date, i.baseline_value, i.target_date, i.target_value
    if bd is not None and bv is not None and td is not None and tv is not None:
        line = ((bd, bv), (td, tv))
    points = [(period_end(p.period), p.value, p) for p in i.points]
    days = [d for d, *_ in points] + ([line[0][0], line[1][0]] if line else [])
    values = [v for _, v, _ in points] + ([line[0][1], line[1][1]] if line else [])
    if not days:
        empty = Label("chart-empty", W / 2, band + 34, words.no_data, "middle")
        return Figure(words.title, W, 60 + band, labels=(*head, empty))
    d0, d1 = min(days), max(days)
    span_days = max((d1 - d0).days, 1)
    low, high = min(values), max(values)
    pad = (high - low) * 0.15 or max(abs(high) * 0.15, 1.0)
    low, high = (0.0 if low >= 0 and low - pad < 0 else low - pad), high + pad
    top, height = TOP + band, H + band

    def x(day: date) -> float:
        return LEFT + (W - LEFT - RIGHT) * (day - d0).days / span_days

    def y(value: float) -> float:
        return top + (height - top - BOTTOM) * (high - value) / (high - low)

    floor = height - BOTTOM
    lines = [Line("axis", LEFT, floor, W - RIGHT, floor), Line("axis", LEFT, top, LEFT, floor)]
    labels = [*head]
    labels += [
        Label("tick", LEFT - 6, y(t) + 4, fmt(t, mark), "end")
        for t in (low, (low + high) / 2, high)
    ]
    ends: tuple[tuple[date, Anchor], ...] = (
        ((d0, "start"), (d1, "end")) if d1 > d0 else ((d0, "start"),)
    )
    labels += [Label("tick", x(day), floor + 16, f"{day:%Y-%m}", anchor) for day, anchor in ends]
    if words.x_axis:
        labels.append(
            Label("axis-label", (LEFT + W - RIGHT) / 2, height - 8, words.x_axis, "middle")
        )
    if words.y_axis:
        y_words = f"{words.y_axis} ({i.unit})" if i.unit else words.y_axis
        labels.append(Label("axis-label", 8, top - 12, y_words))
    if line:
        (bd, bv), (td, tv) = line
        lines.append(Line("trajectory", x(bd), y(bv), x(td), y(tv)))
        # Each end's label on the side the line leaves free: above a falling line's start
        # and below its end, the other way round for a rising one.
        above, below = -6, 16
        start, end = (above, below) if tv < bv else (below, above)
        labels.append(Label("tick", x(bd) + 4, y(bv) + start, f"{words.baseline} {fmt(bv, mark)}"))
        labels.append(
            Label("tick", x(td) - 4, y(tv) + end, f"{words.target} {fmt(tv, mark)}", "end")
        )
    dots = []
    for day, value, p in points:
        state: State = "unjudged" if p.on_track is None else ("on" if p.on_track else "off")
        note = f"{p.period}: {fmt(value, mark)} {p.unit or ''}".strip()
        if p.expected is not None:
            note += f" ({fmt(p.expected, mark)})"
        dots.append(Dot(x(day), y(value), state, p.period, note))
    path = tuple((d.x, d.y) for d in dots) if len(dots) > 1 else ()
    return Figure(words.title, W, height, tuple(lines), path, tuple(dots), tuple(labels))
