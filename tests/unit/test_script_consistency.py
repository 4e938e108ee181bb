"""A document keeps to its script: Serbian school names in a Serbian Cyrillic plan are
Cyrillic (an Albanian school's name stays as written, eighth reading), words of another
language are marked as such, and schools under the Serbian curriculum are described with
that system's grade bands."""

import re
from pathlib import Path

import pytest

from schemas.plans import Plan
from services.reporting.i18n.names import guess_language, name_to_cyrillic
from services.reporting.rendering.markdown import render

pytestmark = pytest.mark.unit

GOLDEN = Path(__file__).parents[1] / "data" / "golden"
GRACANICE = Plan.model_validate_json((GOLDEN / "gracanice.json").read_text("utf-8"))


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Srednja tehnička škola Gračanica", "Средња техничка школа Грачаница"),
        ("SHFMU Fan Noli", "ШФМУ Фан Ноли"),
        ("SHFMU Hasan Prishtina", "ШФМУ Хасан Приштина"),
        ("Gjimnazi Xhevdet Doda", "Ђимнази Џевдет Дода"),
        ("OŠ Njegoš", "ОШ Његош"),
        ("Ljubić", "Љубић"),
    ],
)
def test_school_names_are_transliterated_serbian_and_albanian_alike(
    latin: str, cyrillic: str
) -> None:
    assert name_to_cyrillic(latin) == cyrillic


def test_the_language_of_a_word_is_told_by_its_letters() -> None:
    assert guess_language("пешаче") == "sr"
    assert guess_language("stručne") == "sr"
    assert guess_language("punojnë") == "sq"
    assert guess_language("Prishtina") == "sq"
    assert guess_language("pedagoga") is None


def test_the_cyrillic_plan_prints_serbian_school_names_in_cyrillic_albanian_as_written() -> None:
    md = render(GRACANICE, "sr-Cyrl")
    assert "Srednja" not in md
    assert "Средња техничка школа Грачаница" in md
    assert "SHFMU Fan Noli" in md
    assert "ШФМУ" not in md
    assert "СХФМУ" not in md
    # Serbian Latin words the classifier matched are printed in Cyrillic too.
    assert "orijentacije" not in md
    assert "оријентације" in md


@pytest.mark.parametrize("lang", ["sr", "bs"])
def test_a_latin_serbian_or_bosnian_plan_prints_no_cyrillic(lang: str) -> None:
    # The consultations matched Cyrillic words ("пешаче"); the Latin plan prints them
    # in Latin, as it prints Latin school names in a Cyrillic plan.
    md = render(GRACANICE, lang)  # type: ignore[arg-type]
    assert re.findall("[\u0400-\u04ff]+", md) == []
    assert "pešače" in md


def test_the_albanian_plan_marks_words_of_another_script_with_their_language() -> None:
    md = render(GRACANICE, "sq")
    line = next(x for x in md.splitlines() if "пешаче" in x)
    assert "në serbisht: пешаче" in line
    assert "termat e gjetur: пешаче" not in md
    # Cyrillic appears nowhere else in the Albanian plan.
    body = md.replace(line, "")
    assert not re.search(r"[\u0400-\u04ff]", body)


@pytest.mark.parametrize(
    ("lang", "band"),
    [("sr-Cyrl", "средња школа"), ("sq", "shkolla e mesme"), ("en", "secondary school")],
)
def test_schools_under_the_serbian_curriculum_take_its_grade_bands(lang: str, band: str) -> None:
    md = render(GRACANICE, lang)  # type: ignore[arg-type]
    # (the plan's key to both systems' bands names 10-12 and 1-4 together: not evidence)
    evidence = [
        x for x in md.splitlines() if x.startswith("- ") and "10-12" in x and "1-4" not in x
    ]
    only_serbian = [x for x in md.splitlines() if x.startswith("- ") and band in x]
    assert only_serbian  # the secondary school alone: "средња школа", not "разреди 10-12"
    assert all("Fan Noli" in x or "Фан Ноли" in x for x in evidence)
