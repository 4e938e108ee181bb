"""Every format renders the whole plan in every language, and no English is left in a plan
printed in another language.

The plan is the golden Graçanicë plan as a working group finished it (costed, a local
action, amendments: `test_adopted_rendering._authored`), adopted.
"""

import io
import re
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import docx
import pypdf
import pytest

from schemas.plans import Bilingual, Finding, Plan, Unclassified
from schemas.vocabulary import (
    AFFECTED_GROUP_LABELS,
    CATEGORY_INFO,
    LEVEL_LABELS,
    STAKEHOLDER_LABELS,
    IssueCategory,
)
from services.planning.rules import catalogue
from services.reporting.i18n.catalogs import read_catalog
from services.reporting.i18n.content import text
from services.reporting.i18n.languages import LANGS, LOCALES, Lang
from services.reporting.rendering import exports
from services.reporting.rendering.markdown import render
from services.reporting.rendering.plan_document import build
from services.reporting.templating import build_templates
from tests.unit.test_adopted_rendering import ADOPTION, ISSUED, _authored

GOLDEN = Path(__file__).parents[1] / "data" / "golden"
FORMATS = ("md", "html", "docx", "pdf")
DRAFT = _authored(Plan.model_validate_json((GOLDEN / "gracanice.json").read_text("utf-8")))
_IDS = next(p.consultation_ids for p in DRAFT.priorities if p.consultation_ids)
ADOPTED = DRAFT.model_copy(
    update={
        "status": "approved",
        "version": 2,
        "issued": ISSUED,
        "adoption": ADOPTION,
        "unclassified": Unclassified(issue_count=2, consultation_ids=_IDS),
        "needs_human": Unclassified(issue_count=1, consultation_ids=_IDS[:1]),
        "other_findings": (
            Finding(
                category=IssueCategory.POVERTY,
                score=12.5,
                consultation_count=1,
                consultation_ids=_IDS[:1],
            ),
        ),
    }
)


def _flat(value: str) -> str:
    return " ".join(value.split())


def _html(plan: Plan, lang: Lang) -> str:
    request = SimpleNamespace(state=SimpleNamespace(csp_nonce="n"))
    html = (
        build_templates()
        .env.get_template("print.html")
        .render(
            plan=plan.model_dump(mode="json"),
            municipality=plan.municipality.value,
            lang=lang,
            request=request,
        )
    )
    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    unescaped = re.sub(r"<[^>]+>", " ", html).replace("&amp;", "&").replace("&#39;", "'")
    return _flat(unescaped.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">"))


def _docx(plan: Plan, lang: Lang) -> str:
    d = docx.Document(io.BytesIO(exports.plan_docx(plan, lang)))
    cells = (c.text for t in d.tables for row in t.rows for c in row.cells)
    return _flat("\n".join([*(p.text for p in d.paragraphs), *cells]))


def _pdf(plan: Plan, lang: Lang) -> str:
    reader = pypdf.PdfReader(io.BytesIO(exports.plan_pdf(plan, lang)))
    return _flat("\n".join(p.extract_text() for p in reader.pages))


def _md(plan: Plan, lang: Lang) -> str:
    # Markdown escapes and emphasis are not part of the words.
    return _flat(render(plan, lang).replace("**", "").replace("\\", ""))


@cache
def rendered(lang: Lang, fmt: str) -> str:
    return {"md": _md, "html": _html, "docx": _docx, "pdf": _pdf}[fmt](ADOPTED, lang)


def _in_order(words: list[str], haystack: str) -> bool:
    """Every word of a text in order (a PDF table cell wraps, and its lines are extracted
    interleaved with the lines of the cells beside it)."""
    at = 0
    for w in words:
        at = haystack.find(w, at)
        if at < 0:
            return False
        at += len(w)
    return True


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_section_and_every_action_is_in_every_format(lang: Lang, fmt: str) -> None:
    out = rendered(lang, fmt)
    doc = build(ADOPTED, lang)
    assert _flat(doc.title) in out
    assert doc.approval is not None
    assert _flat(doc.approval.heading) in out
    expected = {"goals", "situation", "priorities", "budget", "findings", "to_decide"}
    assert expected | {"monitoring", "risks", "changes", "provenance", "technical"} == {
        s.key for s in doc.sections
    }
    for heading in doc.headings():
        assert _flat(heading) in out, heading
    for p in ADOPTED.priorities:
        for a in p.actions:
            assert a.action_id in out
            label = _flat(text(a.label, lang))
            assert label in out or (fmt == "pdf" and _in_order(label.split(), out)), label


# What a plan in another language must not say in English: the catalogue's texts, the
# vocabulary's labels, the documents' own words (each where the language words it
# differently), and the severity and cost codes.
def _catalogue_english() -> list[Bilingual]:
    c = catalogue()
    texts = [*c.goals, *(r.text for r in c.risks), *(r.mitigation for r in c.risks)]
    texts += [*c.bodies.values(), *(m.text for m in c.monitoring), *c.communities.values()]
    texts += list(c.terms.by_english.values())
    for u in c.costing.units.values():
        texts += [u.label, u.per, u.source]
    templates = [g.template for g in c.groups.values()]
    for playbook in c.playbooks.values():
        texts.append(playbook.objective)
        templates += [
            *playbook.actions,
            *(a.outside_emis for a in playbook.actions if a.outside_emis),
        ]
    for a in templates:
        texts += [a.label, a.indicator, a.target]
    return texts


def _vocabulary(lang: Lang) -> list[tuple[str, str]]:
    key = "sr" if lang == "sr-Cyrl" else lang
    pairs = [(i.label_en, i.label(key)) for i in CATEGORY_INFO.values()]
    for table in (STAKEHOLDER_LABELS, LEVEL_LABELS, AFFECTED_GROUP_LABELS):
        pairs += [(labels.en, getattr(labels, key)) for labels in table.values()]
    return pairs


def _interface(lang: Lang) -> list[tuple[str, str]]:
    catalog = read_catalog("document", LOCALES["sr" if lang == "sr-Cyrl" else lang])
    assert catalog is not None
    pairs = []
    for m in catalog:
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for i in ids:
            for chunk in re.split(r"\{[^}]*\}", i):
                chunk = chunk.strip(" .:·,()#;–—")
                if len(chunk) >= 4 and i not in strings:
                    pairs.append((chunk, " ".join(strings)))
    return pairs


def english_fragments(lang: Lang) -> list[str]:
    """English texts a rendering in `lang` must not contain."""
    pairs = [(t.en, text(t, lang)) for t in _catalogue_english()]
    pairs += _vocabulary(lang) + _interface(lang)
    pairs += [(code, "") for code in ("low", "medium", "high", "critical")]
    # A text the language writes the same (a percentage, "EMIS", "model") is not English.
    found = {en for en, other in pairs if en and en not in other}
    return sorted(found, key=len, reverse=True)


def _verbatim(plan: Plan) -> list[str]:
    """What people wrote, printed as written: school names, the working group's words."""
    out = list(plan.situation.schools) if plan.situation else []
    out += [a.reason for a in plan.amendments] + [a.author for a in plan.amendments]
    out += [plan.narrative or ""] + [
        t
        for p in plan.priorities
        if p.evidence
        for t in (*p.evidence.matched_terms, *p.evidence.matched_words)
    ]
    if plan.situation:
        s = plan.situation
        out += [r.text for r in s.recommendations] + list(s.outside_emis_schools)
        out += [r for f in s.main_findings for r in (*f.recommendations, *f.schools)]
    return [v for v in out if v]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_no_english_is_left_in_a_plan_in_another_language(lang: Lang, fmt: str) -> None:
    out = rendered(lang, fmt)
    for v in sorted(_verbatim(ADOPTED), key=len, reverse=True):
        out = out.replace(_flat(v), " ")
    found = [
        en
        for en in english_fragments(lang)
        if re.search(rf"(?<![\w-]){re.escape(_flat(en))}(?![\w-])", out)
    ]
    assert found == []


def test_the_word_document_is_a4_with_real_tables_headed_in_its_language() -> None:
    d = docx.Document(io.BytesIO(exports.plan_docx(ADOPTED, "sq")))
    page = d.sections[0]
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (297, 210)
    actions = [t for t in d.tables if t.rows[0].cells[1].text == "Veprimi"]
    assert len(actions) == len(ADOPTED.priorities)
    for table in d.tables:
        assert table.style.name == "Table Grid"
        assert "w:tblHeader" in table.rows[0]._tr.xml  # repeated on every page
        assert all(r.bold for c in table.rows[0].cells for r in c.paragraphs[0].runs if r.text)
    assert [c.text for c in actions[0].rows[0].cells][-4:] == [
        "Treguesi",
        "Vlera bazë",
        "Caku",
        "Konsultimet",
    ]
