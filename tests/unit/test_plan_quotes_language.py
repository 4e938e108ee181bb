"""What participants wrote is quoted as written, and labelled with its language where it
is not the plan's; the main text says the annex quotes the issues it quotes; the
versions and consultation references close the document as its technical record."""

import json
from pathlib import Path

from schemas.plans import Plan
from services.reporting.rendering.markdown import render
from services.reporting.rendering.plan_document import build

GOLDEN = Path(__file__).parents[1] / "data" / "golden"
OBILIQ = Plan.model_validate(json.loads((GOLDEN / "obiliq.json").read_text(encoding="utf-8")))
ISSUE = "The meeting took place in the community hall."
ADVICE = "Ndërmjetës arsimorë në çdo shkollë me nxënës RAE."


def test_an_issue_quoted_in_another_language_is_labelled_with_it() -> None:
    assert OBILIQ.unclassified is not None
    assert [i.language for i in OBILIQ.unclassified.issues] == ["en"]
    sq = render(OBILIQ, "sq")
    assert f"në anglisht: “{ISSUE}”" in sq
    en = render(OBILIQ, "en")
    assert f"“{ISSUE}”" in en
    assert "in English" not in en  # the plan's own language needs no label
    assert f"на енглеском: “{ISSUE}”" in render(OBILIQ, "sr-Cyrl")


def test_a_recommendation_in_albanian_is_labelled_in_the_english_plan_only() -> None:
    en = render(OBILIQ, "en")
    assert f"Participants recommended: in Albanian: “{ADVICE}”" in en
    assert f"- in Albanian: “{ADVICE}”" in en
    sq = render(OBILIQ, "sq")
    assert f"Pjesëmarrësit rekomanduan: “{ADVICE}”" in sq


def test_the_main_text_says_the_annex_quotes_the_issue_and_older_plans_name_it() -> None:
    en = render(OBILIQ, "en")
    assert "(it is quoted in the annex)" in en
    assert "named in the annex" not in en
    assert OBILIQ.unclassified is not None
    older = OBILIQ.model_copy(
        update={
            "unclassified": OBILIQ.unclassified.model_copy(
                update={
                    "issues": tuple(
                        i.model_copy(update={"text": None}) for i in OBILIQ.unclassified.issues
                    )
                }
            )
        }
    )
    assert "(its consultation is named in the annex)" in render(older, "en")


def test_the_technical_record_closes_the_document_in_its_language() -> None:
    doc = build(OBILIQ, "sq")
    last, annex = doc.sections[-1], doc.sections[-2]
    assert last.heading == "Shënim teknik"
    assert annex.key == "provenance"
    sq = render(OBILIQ, "sq")
    record = sq[sq.index("Shënim teknik") :]
    assert "katalogu " in record
    assert "2db15901" in record
    annex_text = sq[sq.index("Shtojca: si u përgatit") : sq.index("Shënim teknik")]
    assert "katalogu " not in annex_text
    assert "2db15901" not in annex_text
