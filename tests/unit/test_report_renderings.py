"""Every report after adoption renders in every format and language through the plan's
renderers, says what it must (traffic lights, overdue actions, indicator trends, budget,
reports), names no person, and leaves no English in another language."""

import io
import re
from collections.abc import Callable
from functools import cache
from types import SimpleNamespace

import docx
import openpyxl
import pypdf
import pytest

from schemas.vocabulary import CATEGORY_INFO
from services.reporting.i18n.catalogs import read_catalog
from services.reporting.i18n.content import text
from services.reporting.i18n.languages import LOCALES, Lang
from services.reporting.rendering.document import Document
from services.reporting.rendering.docx_export import document_docx
from services.reporting.rendering.markdown import document_markdown
from services.reporting.rendering.pdf_export import document_pdf
from services.reporting.reports import (
    agenda,
    dashboard,
    progress_report,
    public_summary,
    semester_report,
)
from services.reporting.reports.wording import REPORT_LANGS
from services.reporting.templating import build_templates
from tests.unit.test_plan_renderings import ADOPTED
from tests.unit.tracking_snapshots import SCHOOLS, gracanice, second_plan

FORMATS = ("md", "html", "docx", "pdf")
TRACKING = gracanice()


def _bodies(lang: Lang) -> dict[str, str]:
    return {
        a.responsible: text(a.responsible_label, lang)
        for p in ADOPTED.priorities
        for a in p.actions
    }


REPORTS: dict[str, Callable[[Lang], Document]] = {
    "progress": lambda lang: progress_report.build(TRACKING, "Q3", lang, _bodies(lang)),
    "agenda": lambda lang: agenda.build(TRACKING, "Q3", lang, _bodies(lang)),
    "public": lambda lang: public_summary.build(TRACKING, lang),
    "semester": lambda lang: semester_report.build(
        [TRACKING, second_plan()], "2026-2027", "S2", lang
    ),
}


def _flat(value: str) -> str:
    return " ".join(value.split())


def _html(doc: Document) -> str:
    request = SimpleNamespace(state=SimpleNamespace(csp_nonce="n"))
    template = build_templates().env.get_template("report.html")
    html = template.render(doc=doc, lang=doc.lang, request=request)
    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    plain = re.sub(r"<[^>]+>", " ", html)
    for entity, char in (("&amp;", "&"), ("&#39;", "'"), ("&quot;", '"'), ("&lt;", "<")):
        plain = plain.replace(entity, char)
    return _flat(plain.replace("&gt;", ">"))


def _docx(doc: Document) -> str:
    d = docx.Document(io.BytesIO(document_docx(doc)))
    cells = (c.text for t in d.tables for row in t.rows for c in row.cells)
    return _flat("\n".join([*(p.text for p in d.paragraphs), *cells]))


def _pdf(doc: Document) -> str:
    reader = pypdf.PdfReader(io.BytesIO(document_pdf(doc)))
    return _flat("\n".join(p.extract_text() for p in reader.pages))


def _md(doc: Document) -> str:
    return _flat(document_markdown(doc).replace("**", "").replace("\\", ""))


@cache
def document(report: str, lang: Lang) -> Document:
    return REPORTS[report](lang)


@cache
def rendered(report: str, lang: Lang, fmt: str) -> str:
    return {"md": _md, "html": _html, "docx": _docx, "pdf": _pdf}[fmt](document(report, lang))


def _in_order(words: list[str], haystack: str) -> bool:
    """Every word in order: a PDF cell that wraps interleaves with the cells beside it."""
    at = 0
    for w in words:
        at = haystack.find(w, at)
        if at < 0:
            return False
        at += len(w)
    return True


def _has(value: str, out: str, fmt: str) -> bool:
    value = _flat(value)
    return value in out or (fmt == "pdf" and _in_order(value.split(), out))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", REPORT_LANGS)
@pytest.mark.parametrize("report", list(REPORTS))
def test_every_report_has_its_title_and_sections_in_every_format(
    report: str, lang: Lang, fmt: str
) -> None:
    out, doc = rendered(report, lang, fmt), document(report, lang)
    assert _has(doc.title, out, fmt)
    for heading in doc.headings():
        assert _has(heading, out, fmt), heading
    if doc.approval:
        assert _has(doc.approval.heading, out, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", REPORT_LANGS)
def test_the_progress_report_lights_every_action_and_lists_what_is_late(
    lang: Lang, fmt: str
) -> None:
    out = rendered("progress", lang, fmt)
    for a in TRACKING.actions:
        assert a.action_id in out
        assert _has(text(a.label, lang), out, fmt), a.action_id
    # The budget: planned, spent and their totals; the off-track value and what was expected.
    planned = sum(a.cost_eur or 0 for a in TRACKING.actions if a.status != "cancelled")
    spent = sum(a.spent_eur for a in TRACKING.actions)
    for amount in (planned, spent):
        assert (f"€{amount:,.0f}" if lang == "en" else f"{amount:,.0f} €".replace(",", ".")) in out
    assert ("8.3" if lang == "en" else "8,3") in out
    assert SCHOOLS[1] in out  # its March report is missing


def test_the_progress_report_reads_the_lights_of_each_action_at_the_quarter_end() -> None:
    q3 = _md(progress_report.build(TRACKING, "Q3", "en", _bodies("en")))
    q2 = _md(progress_report.build(TRACKING, "Q2", "en", _bodies("en")))
    da1 = "DA-1 School transport for pupils living beyond the legal walking distance"
    assert f"{da1} | Zyra e arsimit gjithëpërfshirës | Sep 2026 – Nov 2026 | ● green · done" in q3
    # At the end of February DA-1 was still on track, past its end month: overdue then.
    assert f"{da1} | Zyra e arsimit gjithëpërfshirës | Sep 2026 – Nov 2026 | ● red · overdue" in q2
    assert "● red · overdue" in q3
    assert "PS-2" in q3
    assert "Overdue: 4" in q3
    assert "Mar 2027 – May 2027; figures as of 31 May 2027" in q3


@pytest.mark.parametrize("lang", REPORT_LANGS)
def test_the_progress_report_charts_each_indicator_in_html_pdf_and_docx(lang: Lang) -> None:
    doc = document("progress", lang)
    request = SimpleNamespace(state=SimpleNamespace(csp_nonce="n"))
    html = (
        build_templates()
        .env.get_template("report.html")
        .render(doc=doc, lang=doc.lang, request=request)
    )
    [indicator] = TRACKING.indicators
    # The follow-up page's chart: its trajectory, one point per measured month.
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 1
    assert html.count('class="trajectory"') == 1
    periods = re.findall(r'data-period="([0-9-]+)"', html)
    assert periods == [p.period for p in indicator.points]
    baseline = {
        "en": "Baseline",
        "sq": "Vlera bazë",
        "sr": "Polazna vrednost",
        "sr-Cyrl": "Полазна вредност",
        "tr": "Başlangıç değeri",
        "bs": "Polazna vrijednost",
    }[lang]
    value = "12.5" if lang == "en" else "12,5"  # the tables' decimal mark
    assert f"{baseline} {value}" in html
    # The PDF draws the same chart: its axis and trajectory labels are text on the page.
    pdf = pypdf.PdfReader(io.BytesIO(document_pdf(doc)))
    page_text = " ".join(p.extract_text() for p in pdf.pages)
    assert f"{baseline} {value}" in page_text
    assert "2026-06" in page_text  # the baseline's month on the time axis
    # DOCX has it as a picture (its words painted, not text) above the same table.
    word = docx.Document(io.BytesIO(document_docx(doc)))
    assert len(word.inline_shapes) == 1
    assert f"{baseline} {value}" not in rendered("progress", lang, "docx")


@pytest.mark.parametrize("lang", REPORT_LANGS)
def test_the_agenda_makes_every_open_alert_an_agenda_point(lang: Lang) -> None:
    out = rendered("agenda", lang, "md")
    sections = {s.key: s for s in document("agenda", lang).sections}
    assert list(sections) == ["overdue", "off_track", "missing", "minutes"]
    for subject in ("DA-2", "PS-2", "DA-1", SCHOOLS[1]):
        assert subject in out
    da2 = next(a for p in ADOPTED.priorities for a in p.actions if a.action_id == "DA-2")
    assert _flat(text(da2.label, lang)) in out


# What T3's agenda says of the meetings up to T3, per language (Serbian Cyrillic is the
# Latin transliterated): the two meetings' heads, oldest first, then who was there, the
# decision on DA-2 and its new status, the minutes.
_MINUTES: dict[str, tuple[str, ...]] = {
    "en": (
        "Meeting of 12 Mar 2027, review of Q2",
        "Meeting of 10 Jun 2027, review of Q3",
        "Present: DKA, QPS, Policia e Kosovës, drejtorët e shkollave",
        "who acts: Municipal Education Directorate",
        "by Sep 2027",
        "status set to delayed: Policia e shtyu vlerësimin dy herë",
        "No decision recorded.",
        "Minutes: Grupi shqyrtoi",
    ),
    "sq": (
        "Takimi i 12 mars 2027, shqyrtimi i T2",
        "Takimi i 10 qershor 2027, shqyrtimi i T3",
        "Të pranishëm: DKA, QPS",
        "deri në shtator 2027",
        "statusi bëhet «me vonesë»: Policia e shtyu",
        "Nuk është regjistruar asnjë vendim.",
        "Procesverbali: Grupi shqyrtoi",
    ),
    "sr": (
        "Sastanak održan 12. marta 2027., pregled za K2",
        "Sastanak održan 10. juna 2027., pregled za K3",
        "Prisutni: DKA, QPS",
        "rok: septembar 2027",
        "status postaje „kasni”: Policia e shtyu",
        "Nije zabeležena nijedna odluka.",
        "Zapisnik: Grupi shqyrtoi",
    ),
    "tr": (
        "12 Mart 2027 tarihli toplantı, Ç2 değerlendirmesi",
        "10 Haziran 2027 tarihli toplantı, Ç3 değerlendirmesi",
        "Katılanlar: DKA, QPS",
        "yürütecek: Belediye Eğitim Müdürlüğü",
        "son tarih: Eylül 2027",
        "durum “gecikmede” olarak değiştirildi: Policia e shtyu",
        "Karar kaydedilmedi.",
        "Tutanak: Grupi shqyrtoi",
    ),
    "bs": (
        "Sastanak održan 12. marta 2027., pregled za K2",
        "Sastanak održan 10. juna 2027., pregled za K3",
        "Prisutni: DKA, QPS",
        "ko provodi: Općinska direkcija za obrazovanje",
        "rok: septembar 2027",
        "status postaje „kasni”: Policia e shtyu",
        "Nije zabilježena nijedna odluka.",
        "Zapisnik: Grupi shqyrtoi",
    ),
}


@pytest.mark.parametrize("fmt", ["md", "docx"])
@pytest.mark.parametrize("lang", list(_MINUTES))
def test_the_agenda_prints_the_meetings_recorded_up_to_its_quarter(lang: Lang, fmt: str) -> None:
    out = rendered("agenda", lang, fmt)
    for line in _MINUTES[lang]:
        assert line in out, line
    first, second = _MINUTES[lang][:2]
    assert out.index(first) < out.index(second)  # oldest first
    assert "DA-2" in out.split(first)[1].split(second)[0]  # the decision names its action
    assert "jashtëzakonshëm" not in out  # T4's meeting is not on T3's agenda


def test_the_agenda_says_so_when_no_meeting_is_recorded() -> None:
    out = _md(agenda.build(TRACKING.model_copy(update={"minutes": ()}), "Q3", "en"))
    assert "No decision or minutes recorded yet." in out
    q1 = _md(agenda.build(TRACKING, "Q1", "sq"))  # the first meeting reviewed T2
    assert "Ende nuk është regjistruar asnjë vendim apo procesverbal." in q1


def test_the_public_summary_is_one_page_and_names_no_one() -> None:
    for lang in REPORT_LANGS:
        pdf = pypdf.PdfReader(io.BytesIO(document_pdf(document("public", lang))))
        assert len(pdf.pages) == 1, lang
    for report in REPORTS:
        for lang in REPORT_LANGS:
            out = rendered(report, lang, "md")
            # who entered or verified a value is a person: never printed
            assert "MED statistics officer" not in out
    public = rendered("public", "en", "md")
    assert "Zyra e arsimit" not in public  # no focal points either
    assert "Actions in the plan: 16 · done: 1 · going as planned: 1 · late: 14" in public


def test_the_semester_report_puts_municipalities_side_by_side() -> None:
    out = rendered("semester", "en", "md")
    assert "| Ferizaj / Uroševac | 17 |" in out
    assert "| Graçanicë / Gračanica | 16 |" in out
    assert "| Total | 33 |" in out
    assert "DA-1 Eligible pupils with daily transport | 11 % | 8.3 %" in out


# No English left: the reports' own words, and the plan's and vocabulary's texts.
def _interface(lang: Lang) -> list[tuple[str, str]]:
    catalog = read_catalog("reports", LOCALES["sr" if lang == "sr-Cyrl" else lang])
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
    pairs = _interface(lang)
    pairs += [(a.label.en, text(a.label, lang)) for a in TRACKING.actions]
    pairs += [(i.label.en, text(i.label, lang)) for i in TRACKING.indicators]
    key = "sr" if lang == "sr-Cyrl" else lang
    pairs += [(i.label_en, i.label(key)) for i in CATEGORY_INFO.values()]
    found = {en for en, other in pairs if en and en not in other}
    return sorted(found, key=len, reverse=True)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", [lang for lang in REPORT_LANGS if lang != "en"])
@pytest.mark.parametrize("report", list(REPORTS))
def test_no_english_is_left_in_a_report_in_another_language(
    report: str, lang: Lang, fmt: str
) -> None:
    out = rendered(report, lang, fmt)
    for verbatim in (*SCHOOLS, "QPS Graçanicë", "Zyra e arsimit gjithëpërfshirës"):
        out = out.replace(verbatim, " ")
    found = [
        en
        for en in english_fragments(lang)
        if re.search(rf"(?<![\w-]){re.escape(_flat(en))}(?![\w-])", out)
    ]
    assert found == []


def test_the_dashboard_workbook_reads_back_as_the_rows() -> None:
    rows = dashboard.rows([TRACKING, second_plan()], "sq")
    book = openpyxl.load_workbook(io.BytesIO(dashboard.workbook(rows, "sq")))
    sheet = book["implementation"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("municipality", "Komuna", "Viti shkollor")
    by_code = {v[0]: dict(zip(values[0], v, strict=True)) for v in values[1:]}
    assert set(by_code) == {"gracanice", "ferizaj"}
    g = by_code["gracanice"]
    assert g["Veprimet"] == 16  # the golden Graçanicë plan's actions
    assert g["Të kryera ose sipas planit"] == pytest.approx(2 / 16)
    assert g["Me afat të kaluar"] == 7  # BC-1 now runs to August, with the budget cycle
    assert g["Raporte që mungojnë"] == 2
    assert g["Tregues jashtë trajektores"] == 1
    assert sheet.cell(row=2, column=7).number_format == "0%"
    assert [r["follow_up"] for r in dashboard.as_json(rows)] == [
        "/ui/plans/ferizaj/follow-up",
        "/ui/plans/gracanice/follow-up",
    ]


def test_the_public_summary_stays_one_page_with_the_longest_labels() -> None:
    """The catalogue's labels say how as well as what (up to ~300 characters); the page
    lists each action by its headline, so ten long ones still fit."""
    longest = "Nga klasa 5 në klasën 6: shkolla krahason listën e klasës 5 " + "x" * 230
    wordy = "Këshillim " + "për prindërit e nxënësve me mungesa " * 8
    assert public_summary.headline(longest) == "Nga klasa 5 në klasën 6"
    short = public_summary.headline(wordy)
    assert short.endswith(" …")
    assert len(short) <= public_summary.HEADLINE + 2
    actions = []
    for n, a in enumerate(TRACKING.actions):
        label = a.label.model_copy(update={"sq": longest if n % 2 else wordy})
        status = "done" if n % 2 else "delayed"
        actions.append(a.model_copy(update={"label": label, "status": status}))
    tracking = TRACKING.model_copy(update={"actions": tuple(actions)})
    pdf = pypdf.PdfReader(io.BytesIO(document_pdf(public_summary.build(tracking, "sq"))))
    assert len(pdf.pages) == 1
