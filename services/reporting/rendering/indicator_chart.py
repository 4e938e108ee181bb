"""An indicator's chart as inline SVG, drawn on the server: no script, no library.

The geometry is `chart_figure`'s (the DOCX's PNG paints the same). Colours are
presentation attributes, so the SVG stands alone in a document too; workspace.css may
restyle the classes (the Content-Security-Policy allows no inline style attribute).
"""

from markupsafe import Markup, escape

from schemas.progress import TrackedIndicator
from services.reporting.rendering.chart_figure import (
    FILL,
    FONT_SIZE,
    INK,
    ChartWords,
    Figure,
    indicator_figure,
    period_end,
)

__all__ = ["ChartWords", "figure_svg", "indicator_svg", "period_end"]

_OPEN = 'xmlns="http://www.w3.org/2000/svg" class="chart"'  # standalone too (documents)
_STROKE = {
    "axis": f'stroke="{INK["axis"]}"',
    "trajectory": f'stroke="{INK["trajectory"]}" stroke-width="2" stroke-dasharray="6 4"',
}


def figure_svg(f: Figure) -> Markup:
    label = escape(f.title)
    parts = [f'<svg {_OPEN} viewBox="0 0 {f.width} {f.height}" role="img" aria-label="{label}">']
    if f.dots or f.lines:
        parts.append(f"<title>{label}</title>")
    parts += [
        f'<line class="{n.kind}" {_STROKE[n.kind]} x1="{n.x1:.1f}" y1="{n.y1:.1f}" '
        f'x2="{n.x2:.1f}" y2="{n.y2:.1f}"/>'
        for n in f.lines
    ]
    parts += [
        f'<text class="{t.kind}" font-size="{FONT_SIZE[t.kind]}" fill="{INK[t.kind]}" '
        f'x="{t.x:.1f}" y="{t.y:.1f}" text-anchor="{t.anchor}">{escape(t.text)}</text>'
        for t in f.labels
    ]
    if f.path:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in f.path)
        parts.append(
            f'<polyline class="measured" fill="none" stroke="{INK["measured"]}" '
            f'stroke-width="1.5" points="{points}"/>'
        )
    parts += [
        f'<circle class="point point-{d.state}" fill="{FILL[d.state]}" '
        f'cx="{d.x:.1f}" cy="{d.y:.1f}" r="5" '
        f'data-period="{d.period}" data-on-track="{d.state}">'
        f"<title>{escape(d.note)}</title></circle>"
        for d in f.dots
    ]
    parts.append("</svg>")
    return Markup("".join(parts))


def indicator_svg(indicator: TrackedIndicator, words: ChartWords) -> Markup:
    return figure_svg(indicator_figure(indicator, words))
