"""Every rendering of a plan shows what the working group authored and the adoption."""

import csv
import io
import re
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from uuid import UUID

import docx
import pypdf
import pytest

from schemas.amendments import ActionFields, EditAction, ExcludeIssue
from schemas.plans import Adoption, AppliedAmendment, Issued, Plan
from services.planning.rules import catalogue
from services.reporting.i18n.catalogs import read_catalog
from services.reporting.rendering import exports
from services.reporting.rendering.markdown import render
from services.reporting.templating import build_templates

GOLDEN = Path(__file__).parents[1] / "data" / "golden"


def quartered(plan: Plan) -> Plan:
    """The plan as an engine before months and estimates drafted it: quarters, no cost."""
    blank = {
        "start_month": None,
        "end_month": None,
        "cost_eur": None,
        "cost_basis": None,
        "charged_from": None,
    }
    templates = [t for p in catalogue().playbooks.values() for t in p.actions]
    templates += catalogue().anywhere
    templates += [t.outside_emis for t in templates if t.outside_emis]
    windows = {t.action_id: {"start": t.start, "end": t.end} for t in templates}
    return plan.model_copy(
        update={
            "priorities": tuple(
                p.model_copy(
                    update={
                        "actions": tuple(
                            a.model_copy(update={**blank, **windows[a.action_id]})
                            for a in p.actions
                        )
                    }
                )
                for p in plan.priorities
            ),
            "unit_costs": (),
        }
    )


DRAFT = quartered(Plan.model_validate_json((GOLDEN / "obiliq.json").read_text(encoding="utf-8")))
ISSUED = Issued(
    issued_at=datetime(2027, 1, 10, 9, tzinfo=UTC),
    from_revision=3,
    submitted_by="Planifikuesi i DKA Obiliq",
    review_id=UUID(int=1),
)
ADOPTION = Adoption(
    decision_number="01-016/2026-123",
    decision_date=date(2027, 1, 15),
    signatories=("Arben Gashi", "Vjosa Berisha"),
)


def _authored(plan: Plan) -> Plan:
    """The golden draft as a working group finished it: costed, a local action, amendments
    (on its first priority raised in consultations: RAE inclusion, weighed by the
    statistics' gap, may rank above it)."""
    at = next(i for i, p in enumerate(plan.priorities) if p.category != "rae_inclusion")
    p0 = plan.priorities[at]
    a0, a1 = p0.actions[0], p0.actions[1]
    a0 = a0.model_copy(
        update={
            "cost_eur": 1250.0,
            "start_month": "2026-09",
            "end_month": "2026-11",
            "focal_point": "Zyra e arsimit gjithëpërfshirës",
            "budget_line": "13140",
            "amended": ("cost_eur", "focal_point"),
            "indicator": a0.indicator.model_copy(
                update={
                    "baseline_value": 12.5,
                    "baseline_date": date(2026, 6, 30),
                    "target_value": 5,
                    "target_unit": "%",
                    "target_date": date(2027, 6, 30),
                }
            ),
        }
    )
    a1 = a1.model_copy(update={"origin": "local", "cost_eur": 1000.0})
    p0 = p0.model_copy(update={"actions": (a0, a1, *p0.actions[2:])})
    amendments = (
        AppliedAmendment(
            amendment_id=UUID(int=2),
            change=ExcludeIssue(
                consultation_id=UUID("1a2b3c4d-0000-4000-8000-000000000000"), issue_index=0
            ),
            reason="Raportim i dyfishtë",
            author="Planifikuesi A",
            at=datetime(2026, 12, 1, tzinfo=UTC),
        ),
        AppliedAmendment(
            amendment_id=UUID(int=3),
            change=EditAction(
                action_id=a0.action_id,
                fields=ActionFields(cost_eur=1250, focal_point="Zyra e arsimit gjithëpërfshirës"),
            ),
            reason="Kostuar me zyrën e financave",
            author="Planifikuesi A",
            at=datetime(2026, 12, 2, tzinfo=UTC),
        ),
        AppliedAmendment(
            amendment_id=UUID(int=4),
            change=ExcludeIssue(consultation_id=UUID(int=9), issue_index=1),
            reason="Withdrawn later",
            author="Planifikuesi B",
            at=datetime(2026, 12, 3, tzinfo=UTC),
            in_force=False,
        ),
    )
    return plan.model_copy(
        update={
            "priorities": (*plan.priorities[:at], p0, *plan.priorities[at + 1 :]),
            "narrative": "Braktisja përqendrohet në Plemetin.",
            "amendments": amendments,
        }
    )


AUTHORED = _authored(DRAFT)
ADOPTED = AUTHORED.model_copy(
    update={"status": "approved", "version": 2, "issued": ISSUED, "adoption": ADOPTION}
)
IN_REVIEW = AUTHORED.model_copy(update={"status": "in_review", "version": 2, "issued": ISSUED})


def _english_labels() -> list[str]:
    """The fixed English words the renderings add (placeholders cut out): the msgids of
    the document catalogue that Albanian words differently."""
    catalog = read_catalog("document", "sq")
    assert catalog is not None
    texts = []
    for m in catalog:
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        texts += [i for i in ids if i and i not in strings]
    chunks = (c.strip(" .:·,()#;–—") for t in texts for c in re.split(r"\{[^}]*\}", t))
    return sorted({c for c in chunks if len(c) >= 4})


def _docx_text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    cells = (c.text for t in d.tables for row in t.rows for c in row.cells)
    return "\n".join([*(p.text for p in d.paragraphs), *cells])


def _pdf_text(data: bytes) -> str:
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def _html(plan: Plan, lang: str) -> str:
    templates = build_templates()
    request = SimpleNamespace(state=SimpleNamespace(csp_nonce="n"))
    return templates.env.get_template("print.html").render(
        plan=plan.model_dump(mode="json"), municipality="obiliq", lang=lang, request=request
    )


_RENDERED: dict[tuple[int, str], dict[str, str]] = {}


def _renderings(plan: Plan, lang: str) -> dict[str, str]:
    """All four renderings as text, once per plan and language (PDF and DOCX are slow)."""
    key = (id(plan), lang)
    if key not in _RENDERED:
        _RENDERED[key] = _render_all(plan, lang)
    return _RENDERED[key]


def _render_all(plan: Plan, lang: str) -> dict[str, str]:
    return {
        "md": render(plan, lang),  # type: ignore[arg-type]
        "html": re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", _html(plan, lang))),
        "docx": _docx_text(exports.plan_docx(plan, lang)),  # type: ignore[arg-type]
        "pdf": _pdf_text(exports.plan_pdf(plan, lang)),  # type: ignore[arg-type]
    }


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_an_adopted_plan_prints_its_approval_and_no_draft_wording(fmt: str) -> None:
    en, sq = _renderings(ADOPTED, "en")[fmt], _renderings(ADOPTED, "sq")[fmt]
    assert (
        "Municipal action plan for the prevention of and response to dropout and "
        "non-enrolment (adopted)" in en
    )
    assert "ndaj braktisjes dhe mosregjistrimit (i miratuar)" in sq
    assert "draft" not in en.lower()
    assert "Projektplan" not in sq
    for text in ("Adopted by", "Municipal Education Directorate", "01-016/2026-123"):
        assert text in en
    assert "15 Jan 2027" in en
    assert "Arben Gashi; Vjosa Berisha" in en
    assert "issued from revision 3 on 10 Jan 2027 by Planifikuesi i DKA Obiliq" in en
    assert "Drejtoria Komunale e Arsimit (DKA)" in sq
    assert "Data e vendimit" in sq
    assert "15 janar 2027" in sq
    assert "lëshuar nga rishikimi 3 më 10 janar 2027" in sq


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_actions_show_what_the_working_group_entered(fmt: str) -> None:
    en, sq = _renderings(ADOPTED, "en")[fmt], _renderings(ADOPTED, "sq")[fmt]
    for text in (
        "€1,250",
        "Sep 2026 – Nov 2026",
        "Zyra e arsimit gjithëpërfshirës",
        "budget line 13140",
        "12.5 (30 Jun 2026)",
        "5% by 30 Jun 2027",
        "local action, agreed by the working group",
        "amended by the working group: cost, focal point",
    ):
        assert text in en, text
    for text in (
        "1.250 €",
        "shtator 2026 – nëntor 2026",
        "linja buxhetore 13140",
        "12,5 (30 qershor 2026)",
        "5% deri më 30 qershor 2027",
        "veprim lokal, i dakorduar nga grupi punues",
        "ndryshuar nga grupi punues: kostoja, pika kontaktuese",
        "T1–T4",
    ):
        assert text in sq, text


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_every_rendering_shows_the_budget_and_the_group_s_changes(fmt: str) -> None:
    en, sq = _renderings(ADOPTED, "en")[fmt], _renderings(ADOPTED, "sq")[fmt]
    actions = sum(len(p.actions) for p in ADOPTED.priorities)
    assert "School year 2026-2027 · fiscal years 2026, 2027" in en
    assert "€2,250" in en  # the total
    # 1250 falls in 2026; 1000 over Sep 2026 - Aug 2027: 333.33 in 2026, 666.67 in 2027.
    assert "€1,583.33" in en
    assert "€666.67" in en
    assert f"{actions - 2} of {actions} actions are not yet costed." in en
    assert "Viti shkollor 2026-2027 · vitet fiskale 2026, 2027" in sq
    assert "2.250 €" in sq
    assert "Changes by the working group" in en
    assert "Excluded an issue of consultation 1a2b3c4d (#0) from the evidence" in en
    assert "Edited action PV-1: focal point, cost" in en
    assert "Kostuar me zyrën e financave" in en
    assert "Withdrawn later" not in en  # not in force
    assert "Ndryshimet nga grupi punues" in sq
    assert "Arsyetimi" in sq
    assert "Braktisja përqendrohet në Plemetin." in sq


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_the_albanian_rendering_has_none_of_the_english_labels(fmt: str) -> None:
    sq = _renderings(ADOPTED, "sq")[fmt]
    found = [w for w in _english_labels() if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", sq)]
    assert found == []


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_a_draft_and_a_version_in_review_say_so(fmt: str) -> None:
    draft_en, draft_sq = _renderings(AUTHORED, "en")[fmt], _renderings(AUTHORED, "sq")[fmt]
    assert "Draft municipal action plan" in draft_en
    assert "Projektplani komunal i veprimit" in draft_sq
    assert "adopted)" not in draft_en
    assert "Adopted by" not in draft_en
    review_en, review_sq = _renderings(IN_REVIEW, "en")[fmt], _renderings(IN_REVIEW, "sq")[fmt]
    assert "Version 2 in review" in review_en
    assert "Versioni 2 në shqyrtim" in review_sq
    assert "Projektplani komunal i veprimit" in review_sq


def test_actions_csv_carries_the_entered_fields() -> None:
    rows = list(csv.DictReader(io.StringIO(exports.actions_csv(ADOPTED).decode("utf-8-sig"))))
    at = next(i for i, r in enumerate(rows) if r["amended"])  # the edited action's row
    edited = rows[at]
    assert edited["cost_eur"] == "1250.0"
    assert edited["start_month"] == "2026-09"
    assert edited["target_unit"] == "%"
    assert edited["amended"] == "cost_eur;focal_point"
    assert rows[at + 1]["origin"] == "local"
