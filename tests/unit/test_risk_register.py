"""Risks carry a likelihood from the evidence and an owner, and the plan speaks as a MED
writes: no software wording, issues quoted, the consultants explained."""

import re
from pathlib import Path

import pytest

from schemas.plans import Plan, Priority
from schemas.vocabulary import Severity
from services.planning.domain.risks import likelihood
from services.reporting.i18n.languages import LANGS, Lang
from services.reporting.rendering.document import Table
from services.reporting.rendering.markdown import render
from services.reporting.rendering.plan_document import build

pytestmark = pytest.mark.unit

GOLDEN = Path(__file__).parents[1] / "data" / "golden"
OBILIQ = Plan.model_validate_json((GOLDEN / "obiliq.json").read_text("utf-8"))


def _with(p: Priority, consultations: int, severity: dict[Severity, int]) -> Priority:
    assert p.evidence is not None
    ids = (p.consultation_ids * 5)[:consultations]
    evidence = p.evidence.model_copy(update={"severity_counts": severity})
    return p.model_copy(
        update={"consultation_ids": tuple(dict.fromkeys(ids)), "evidence": evidence}
    )


def test_likelihood_follows_how_many_consultations_and_how_severe() -> None:
    p = OBILIQ.priorities[0]  # two consultations
    two = p.consultation_ids
    assert len(two) == 2
    other = OBILIQ.priorities[2]
    assert likelihood([p, other]) == "high"  # 4 consultations, all reports high/critical
    assert likelihood([_with(p, 2, {Severity.MEDIUM: 2})]) == "medium"
    assert likelihood([_with(p, 1, {Severity.LOW: 1})]) == "low"
    assert likelihood([_with(p, 1, {Severity.CRITICAL: 1})]) == "medium"
    mild = _with(other, 2, {Severity.MEDIUM: 3})
    assert likelihood([_with(p, 2, {Severity.HIGH: 1}), mild]) == "medium"  # 1 of 4 severe
    assert likelihood([]) == "low"


def test_every_drafted_risk_has_a_likelihood_and_an_owner() -> None:
    assert OBILIQ.risk_register
    assert all(r.likelihood and r.owner and r.owner_label for r in OBILIQ.risk_register)


HEADS = {
    "en": ("Likelihood", "Responsible"),
    "sq": ("Gjasat", "Përgjegjës"),
    "sr": ("Verovatnoća", "Odgovorni"),
    "sr-Cyrl": ("Вероватноћа", "Одговорни"),
    "tr": ("Olasılık", None),
    "bs": ("Vjerovatnoća", None),
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_risk_table_shows_likelihood_and_owner_in_every_language(lang: Lang) -> None:
    doc = build(OBILIQ, lang)
    (section,) = [s for s in doc.sections if s.key == "risks"]
    (table,) = [b for b in section.blocks if isinstance(b, Table)]
    assert len(table.header) == 4
    likely, owner = HEADS[lang]
    assert table.header[1] == likely
    if owner:
        assert table.header[3] == owner
    assert all(row[1][0][0].text.strip() not in ("", "—") for row in table.rows)


@pytest.mark.parametrize("lang", ["en", "sq", "sr-Cyrl"])
def test_no_software_wording_reaches_the_plan(lang: Lang) -> None:
    md = render(OBILIQ, lang)
    for wording in ("at least with severity", "të paktën me rëndësi", "or above reported"):
        assert wording not in md
    # The issue without a category is quoted, not named by a hash of its consultation.
    (issue,) = OBILIQ.unclassified.issues if OBILIQ.unclassified else ()
    assert issue.text
    assert f"“{issue.text}”" in md
    # The annex's last part, before the technical record that closes the document.
    annex = md.split("\n| ")[-1].split("\n## ")[0]
    assert str(issue.consultation_id)[:8] not in annex


def test_the_consultants_are_explained_once_in_the_annex() -> None:
    md = render(OBILIQ, "sq")
    assert md.count("Konsulentët janë punonjësit në terren që mbajtën konsultimet") == 1
    assert md.index("Konsulentët janë") < md.index("nga konsulentët")


def test_evidence_raised_on_one_day_and_naming_no_school_reads_as_a_sentence() -> None:
    md = render(OBILIQ, "sq")
    assert "Ngritur më 8 tetor 2026" in md
    assert re.search(r"Ngritur nga (\d+ \w+ \d{4}) deri më \1", md) is None
    assert "Shkollat: —; nivelet: —" not in md
