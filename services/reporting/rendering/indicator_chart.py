"""An indicator's chart as inline SVG, drawn on the server: no script, no library.

The dashed line is the trajectory from baseline to target; each measured point
sits at the end of its period, green when on track, red when off, grey when
there is no trajectory to judge it by. Colours are presentation attributes, so the
SVG stands alone in a document too; workspace.css may restyle the classes (the
Content-Security-Policy allows no inline style attribute).
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from schemas.progress import TrackedIndicator

W, H = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 14, 34
_AXIS = 'class="axis" stroke="#8a94a6"'
_TICK = 'class="tick" font-size="11" fill="#555"'
_LINE = 'class="trajectory" stroke="#0b57d0" stroke-width="2" stroke-dasharray="6 4"'
_MEASURED = 'class="measured" fill="none" stroke="#1b1b1b" stroke-width="1.5"'
_EMPTY = 'class="chart-empty" font-size="13" fill="#555"'
_FILL = {"on": "#1a7f37", "off": "#c62828", "unjudged": "#8a94a6"}
_OPEN = 'xmlns="http://www.w3.org/2000/svg" class="chart"'  # standalone too (documents)


@dataclass(frozen=True, slots=True)
class ChartWords:
    """What the chart says, in the page's language."""

    title: str
    baseline: str
    target: str
    no_data: str


def period_end(month: str) -> date:
    """The last day of a `YYYY-MM` month: where its measurement is judged."""
    year, mon = int(month[:4]), int(month[5:7])
    return date(year, mon, monthrange(year, mon)[1])


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"


def indicator_svg(indicator: TrackedIndicator, words: ChartWords) -> Markup:
    i = indicator
    line = None
    bd, bv, td, tv = i.baseline_date, i.baseline_value, i.target_date, i.target_value
    if bd is not None and bv is not None and td is not None and tv is not None:
        line = ((bd, bv), (td, tv))
    points = [(period_end(p.period), p.value, p.on_track, p) for p in i.points]
    days = [d for d, *_ in points] + ([line[0][0], line[1][0]] if line else [])
    values = [v for _, v, *_ in points] + ([line[0][1], line[1][1]] if line else [])
    label = escape(words.title)
    if not days:
        return Markup(
            f'<svg {_OPEN} viewBox="0 0 {W} 60" role="img" aria-label="{label}">'
            f'<text x="{W // 2}" y="34" text-anchor="middle" {_EMPTY}>'
            f"{escape(words.no_data)}</text></svg>"
        )
    d0, d1 = min(days), max(days)
    span_days = max((d1 - d0).days, 1)
    low, high = min(values), max(values)
    pad = (high - low) * 0.15 or max(abs(high) * 0.15, 1.0)
    low, high = (0.0 if low >= 0 and low - pad < 0 else low - pad), high + pad

    def x(day: date) -> float:
        return LEFT + (W - LEFT - RIGHT) * (day - d0).days / span_days

    def y(value: float) -> float:
        return TOP + (H - TOP - BOTTOM) * (high - value) / (high - low)

    parts = [
        f'<svg {_OPEN} viewBox="0 0 {W} {H}" role="img" aria-label="{label}">',
        f"<title>{label}</title>",
        f'<line {_AXIS} x1="{LEFT}" y1="{H - BOTTOM}" x2="{W - RIGHT}" y2="{H - BOTTOM}"/>',
        f'<line {_AXIS} x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{H - BOTTOM}"/>',
    ]
    for tick in (low, (low + high) / 2, high):
        parts.append(
            f'<text {_TICK} x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">'
            f"{_fmt(tick)}</text>"
        )
    for day, anchor in ((d0, "start"), (d1, "end")) if d1 > d0 else ((d0, "start"),):
        parts.append(
            f'<text {_TICK} x="{x(day):.1f}" y="{H - BOTTOM + 16}" text-anchor="{anchor}">'
            f"{day:%Y-%m}</text>"
        )
    if line:
        (bd, bv), (td, tv) = line
        parts.append(
            f'<line {_LINE} x1="{x(bd):.1f}" y1="{y(bv):.1f}" x2="{x(td):.1f}" y2="{y(tv):.1f}"/>'
        )
        parts.append(
            f'<text {_TICK} x="{x(bd) + 4:.1f}" y="{y(bv) + 16:.1f}">'
            f"{escape(words.baseline)} {_fmt(bv)}</text>"
        )
        parts.append(
            f'<text {_TICK} x="{x(td) - 4:.1f}" y="{y(tv) - 6:.1f}" text-anchor="end">'
            f"{escape(words.target)} {_fmt(tv)}</text>"
        )
    if len(points) > 1:
        path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v, *_ in points)
        parts.append(f'<polyline {_MEASURED} points="{path}"/>')
    for day, value, on_track, point in points:
        state = "unjudged" if on_track is None else ("on" if on_track else "off")
        note = f"{point.period}: {_fmt(value)} {point.unit or ''}".strip()
        if point.expected is not None:
            note += f" ({_fmt(point.expected)})"
        parts.append(
            f'<circle class="point point-{state}" fill="{_FILL[state]}" '
            f'cx="{x(day):.1f}" cy="{y(value):.1f}" r="5" '
            f'data-period="{point.period}" data-on-track="{state}">'
            f"<title>{escape(note)}</title></circle>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
