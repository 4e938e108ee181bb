"""The progress report's indicator charts outside HTML and PDF: one PNG per indicator in
the DOCX, captioned and described in the report's language, painted from the same
geometry as the SVG; a sparkline line in Markdown."""

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image

from services.reporting.i18n.content import text
from services.reporting.i18n.languages import Lang
from services.reporting.rendering import chart_png, fonts
from services.reporting.rendering.chart_figure import (
    FILL,
    TITLE_BAND,
    ChartWords,
    H,
    W,
    indicator_figure,
)
from services.reporting.rendering.chart_png import SCALE, figure_png
from services.reporting.rendering.docx_export import document_docx
from services.reporting.rendering.indicator_chart import indicator_svg
from services.reporting.rendering.markdown import document_markdown
from services.reporting.rendering.sparkline import bars, trend_bars
from services.reporting.reports import progress_report
from services.reporting.reports.snapshot import PlanTracking, TrackedIndicator
from services.reporting.reports.wording import REPORT_LANGS
from tests.unit.tracking_snapshots import gracanice

WORDS = ChartWords("DA-1: transport", "Baseline", "Target", "No value.", "Month", "Value")
CAPTION = {
    "en": "Chart",
    "sq": "Grafiku",
    "sr": "Grafikon",
    "sr-Cyrl": "Графикон",
    "tr": "Grafik",
    "bs": "Grafikon",
}
TREND = {
    "en": "Trend since the baseline:",
    "sq": "Tendenca që nga vlera bazë:",
    "sr": "Trend od polazne vrednosti:",
    "sr-Cyrl": "Тренд од полазне вредности:",
    "tr": "Başlangıç değerinden bu yana seyir:",
    "bs": "Trend od polazne vrijednosti:",
}


def _tracking() -> PlanTracking:
    """Graçanicë with three indicators: DA-1 measured twice, DA-2 with a trajectory but no
    value yet, RA-2 with neither (nothing to draw)."""
    base = gracanice()
    [da1] = base.indicators
    labels = {a.action_id: a.indicator.label for a in base.actions if a.indicator}
    da2 = da1.model_copy(update={"action_id": "DA-2", "label": labels["DA-2"], "points": ()})
    ps2 = da1.model_copy(
        update={
            "action_id": "RA-2",
            "label": labels["RA-2"],
            "points": (),
            "baseline_value": None,
            "target_value": None,
        }
    )
    return base.model_copy(update={"indicators": (da1, da2, ps2)})


TRACKING = _tracking()


def _docx(lang: Lang) -> docx.document.Document:
    report = progress_report.build(TRACKING, "Q3", lang)
    return docx.Document(io.BytesIO(document_docx(report)))


def _da1() -> TrackedIndicator:
    return TRACKING.indicators[0]


@pytest.mark.parametrize("lang", REPORT_LANGS)
def test_the_docx_embeds_one_captioned_chart_per_indicator_with_something_to_draw(
    lang: Lang,
) -> None:
    d = _docx(lang)
    drawn = TRACKING.indicators[:2]  # RA-2 has no trajectory and no value
    assert len(d.inline_shapes) == len(drawn)
    paragraphs = d.paragraphs
    pictures = [i for i, p in enumerate(paragraphs) if p._p.findall(".//" + qn("wp:docPr"))]
    for n, (at, ind) in enumerate(zip(pictures, drawn, strict=True), start=1):
        title = f"{ind.action_id}: {text(ind.label, lang)}"
        caption = paragraphs[at + 1]
        assert caption.style.name == "Caption"
        assert caption.text == f"{CAPTION[lang]} {n}: {title}"
        [props] = paragraphs[at]._p.findall(".//" + qn("wp:docPr"))
        assert props.get("title") == title
        assert (props.get("descr") or "").startswith(title)
    # The measured indicator's alt text carries its trend; the table still follows.
    [da1_props] = paragraphs[pictures[0]]._p.findall(".//" + qn("wp:docPr"))
    assert TREND[lang] in (da1_props.get("descr") or "")
    cells = {c.text for t in d.tables for row in t.rows for c in row.cells}
    assert any(c.startswith("11") and "%" in c for c in cells)


def test_the_embedded_image_is_the_png_of_the_chart_at_twice_its_size() -> None:
    d = _docx("en")
    blob = d.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip.embed
    png = d.part.related_parts[blob].blob
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    image = Image.open(io.BytesIO(png))
    image.verify()
    assert image.format == "PNG"
    assert image.size == (W * SCALE, (H + TITLE_BAND) * SCALE)
    assert png == figure_png(
        progress_report.build(TRACKING, "Q3", "en").sections[3].blocks[2].picture  # type: ignore[union-attr]
    )


def test_the_png_paints_each_point_where_the_svg_draws_it_in_its_colour() -> None:
    da1 = _da1()
    svg = ET.fromstring(str(indicator_svg(da1, WORDS)))
    circles = svg.findall("{http://www.w3.org/2000/svg}circle")
    plain = indicator_figure(da1, WORDS)
    assert [(round(d.x, 1), round(d.y, 1)) for d in plain.dots] == [
        (float(c.get("cx") or 0), float(c.get("cy") or 0)) for c in circles
    ]
    titled = indicator_figure(da1, WORDS, titled=True)
    image = Image.open(io.BytesIO(figure_png(titled))).convert("RGB")
    assert image.size == (titled.width * SCALE, titled.height * SCALE)
    states = []
    for dot, flat in zip(titled.dots, plain.dots, strict=True):
        assert dot.x == flat.x
        pixel = image.getpixel((round(dot.x * SCALE), round(dot.y * SCALE)))
        assert "#{:02x}{:02x}{:02x}".format(*pixel) == FILL[dot.state]  # type: ignore[str-format]
        states.append(dot.state)
    assert states == ["on", "off"]  # DA-1: on track in February, off in April
    white = image.getpixel((W * SCALE - 4, 4))
    assert white == (255, 255, 255)


def test_the_chart_names_its_axes_in_the_report_language() -> None:
    words = ChartWords("DA-1", "Полазна вредност", "Циљ", "—", "Месец", "Вредност", ",")
    svg = str(indicator_svg(_da1(), words))
    labels = re.findall(r'<text class="axis-label"[^>]*>([^<]+)</text>', svg)
    assert labels == ["Месец", "Вредност (%)"]
    assert "Полазна вредност 12,5" in svg  # the decimal mark of the report's tables
    # Without axis words (an older caller) no axis label is drawn.
    unnamed = ChartWords("DA-1", "b", "t", "-")
    assert 'class="axis-label"' not in str(indicator_svg(_da1(), unnamed))


def test_an_indicator_without_a_value_or_trajectory_paints_a_small_notice() -> None:
    bare = _da1().model_copy(update={"baseline_value": None, "points": ()})
    figure = indicator_figure(bare, WORDS, titled=True)
    assert not figure.dots
    assert not figure.lines
    image = Image.open(io.BytesIO(figure_png(figure)))
    assert image.size == (W * SCALE, (60 + TITLE_BAND) * SCALE)


@pytest.mark.parametrize("lang", REPORT_LANGS)
def test_markdown_gives_each_measured_indicator_a_sparkline(lang: Lang) -> None:
    md = document_markdown(progress_report.build(TRACKING, "Q3", lang))
    lines = [line for line in md.splitlines() if line.startswith(TREND[lang])]
    assert len(lines) == 1  # DA-1 only: DA-2 and RA-2 have no value yet
    comma = "," if lang != "en" else "."
    assert lines[0] == f"{TREND[lang]} {trend_bars(_da1())} (12{comma}5 → 11 %)"


def test_the_sparkline_scales_between_baseline_values_and_target() -> None:
    assert bars([12.5, 10.0, 11.0], 5.0, 12.5) == "█▆▇"
    assert bars([3.0, 3.0], 3.0, 3.0) == "▄▄"
    # A series far from its target never reaches the lowest bar; the target sets the floor.
    da1 = _da1()
    assert trend_bars(da1) == bars([12.5, 10.0, 11.0], da1.target_value or 0, 12.5)
    assert "▁" not in trend_bars(da1)


def test_without_the_fonts_the_docx_keeps_its_tables_and_leaves_the_pictures_out(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(fonts, "FONT_DIRS", (tmp_path,))
    fonts.font_dir.cache_clear()
    chart_png._font.cache_clear()
    try:
        d = _docx("sq")
    finally:
        fonts.font_dir.cache_clear()
        chart_png._font.cache_clear()
    assert len(d.inline_shapes) == 0
    assert not [p for p in d.paragraphs if p.style.name == "Caption"]
    cells = {c.text for t in d.tables for row in t.rows for c in row.cells}
    assert any(c.startswith("11") and "%" in c for c in cells)


def test_the_trajectory_labels_sit_on_the_side_the_line_leaves_free() -> None:
    falling = indicator_figure(_da1(), WORDS)  # 12.5 down to 5
    rising = indicator_figure(_da1().model_copy(update={"target_value": 30.0}), WORDS)
    for figure, baseline_above in ((falling, True), (rising, False)):
        [line] = [n for n in figure.lines if n.kind == "trajectory"]
        start, end = (next(t for t in figure.labels if t.text.startswith(w)) for w in ("Ba", "Ta"))
        assert (start.y < line.y1) is baseline_above
        assert (end.y < line.y2) is not baseline_above
