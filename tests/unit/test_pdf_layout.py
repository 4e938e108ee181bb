"""The PDF keeps what tells a note from the text above it, and page 1 has a letterhead."""

import io
import re
from pathlib import Path

import pypdf
import pytest

from schemas.plans import Plan
from services.reporting.rendering import exports
from services.reporting.rendering.document import Run, cell_lines
from services.reporting.rendering.pdf_export import cell_markdown

pytestmark = pytest.mark.unit

GOLDEN = Path(__file__).parents[1] / "data" / "golden"


def _plan(name: str) -> Plan:
    return Plan.model_validate_json((GOLDEN / f"{name}.json").read_text("utf-8"))


def _pages(plan: Plan, lang: str) -> list[pypdf.PageObject]:
    return list(pypdf.PdfReader(io.BytesIO(exports.plan_pdf(plan, lang))).pages)  # type: ignore[arg-type]


def _fonts(page: pypdf.PageObject) -> set[str]:
    found = page["/Resources"].get_object().get("/Font", {})  # type: ignore[index]
    return {str(f.get_object()["/BaseFont"]) for f in found.values()}


def test_a_note_in_a_cell_opens_with_a_dash_and_stays_in_italics() -> None:
    target = (Run("100%"),)
    note = (Run("Reported by community", "italic"),)
    assert cell_lines((target, note)) == (target, (Run("— "), *note))
    assert cell_markdown((target, note)) == "100%\n— __Reported by community__"
    # A line that is not all italic is not a note; text that looks like markup stays text.
    assert cell_markdown(((Run("a"),), (Run("x **y** -- z"),))) == "a\nx \\**y\\** \\-- z"


def test_the_pdf_matrix_separates_targets_from_their_breakdown_notes() -> None:
    pages = _pages(_plan("obiliq"), "sq")
    text = "\n".join(" ".join(p.extract_text().split()) for p in pages)
    # "100% e nxënësve përfitues (N = 27 …) — Raportohet sipas komunitetit", never run together.
    assert "— Raportohet sipas komunitetit" in text
    assert re.search(r"[^—\s] Raportohet sipas", text) is None
    with_notes = [p for p in pages if "— Raportohet" in " ".join(p.extract_text().split())]
    assert with_notes
    assert all(any("Oblique" in f for f in _fonts(p)) for p in with_notes)


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "sq",
            (
                "Republika e Kosovës",
                "Komuna Graçanicë / Gračanica",
                "Drejtoria Komunale e Arsimit (DKA)",
                "Përgatitur për Grupin Punues Komunal (GPK)",
                "Hartuar mbi dëshmitë deri më 10 nëntor 2026",
                "Projektplan, versioni 1 (rishikimi 1)",
            ),
        ),
        (
            "sr-Cyrl",
            (
                "Република Косово",
                "Општина Грачаница",
                "Општинска дирекција за образовање (ОДО)",
                "Припремљено за Општинску радну групу (ОРГ)",
            ),
        ),
        ("en", ("Republic of Kosovo", "Prepared for the Municipal Working Group (MWG)")),
    ],
)
def test_page_one_carries_the_letterhead_in_the_plans_language(
    lang: str, lines: tuple[str, ...]
) -> None:
    first = " ".join(_pages(_plan("gracanice"), lang)[0].extract_text().split())
    for line in lines:
        assert line in first, line
    assert first.index(lines[0]) < first.index(lines[-1])


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_the_word_and_print_views_open_with_the_same_letterhead(fmt: str) -> None:
    from tests.unit.test_plan_renderings import _docx, _html

    out = {"docx": _docx, "html": _html}[fmt](_plan("obiliq"), "sq")
    head = "Republika e Kosovës Komuna Obiliq / Obilić Drejtoria Komunale e Arsimit (DKA)"
    assert head in out
    start = out.index(head)  # after the HTML page's <title>
    prepared = out.index("Përgatitur për Grupin Punues Komunal (GPK)", start)
    assert prepared < out.index("Projektplani komunal", start)
