"""The school team's official name is written out once, with its abbreviation, and
abbreviated everywhere after, in every language (every format lays out the same
document)."""

from pathlib import Path

import pytest

from schemas.plans import Plan
from services.reporting.i18n.content import text
from services.reporting.i18n.languages import LANGS, Lang
from services.reporting.rendering.abbreviations import SCHOOL_TEAM, body_label
from services.reporting.rendering.document import Table
from services.reporting.rendering.markdown import document_markdown
from services.reporting.rendering.plan_document import build

pytestmark = pytest.mark.unit

GOLDEN = Path(__file__).parents[1] / "data" / "golden"
# Kosovo's acronyms: PRTAN in English, the Albanian EPRBM in the other languages (Latin in
# Cyrillic too), since the eighth reading.
SHORT = {lang: "PRTAN" if lang == "en" else "EPRBM" for lang in LANGS}


@pytest.mark.parametrize("name", ["obiliq", "gracanice"])
@pytest.mark.parametrize("lang", LANGS)
def test_the_school_team_is_named_in_full_once_and_abbreviated_in_cells(
    name: str, lang: Lang
) -> None:
    plan = Plan.model_validate_json((GOLDEN / f"{name}.json").read_text("utf-8"))
    label = body_label(plan, SCHOOL_TEAM)
    assert label is not None
    doc = build(plan, lang)
    md = document_markdown(doc)
    short = SHORT[lang]
    assert text(label, lang) not in md  # the catalogue's label is never printed as is
    assert md.count(f"({short})") == 1  # defined once
    cells = [
        "".join(r.text for line in cell for r in line)
        for s in doc.sections
        for b in s.blocks
        if isinstance(b, Table)
        for row in b.rows
        for cell in row
    ]
    assert short in cells  # a lead or owner cell holds the short form alone
    assert md.index(f"| {short} |") > md.index(f"({short})")  # no use before the definition
