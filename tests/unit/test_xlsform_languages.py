"""The three XLSForms in every language DMAP writes: English, Albanian, Serbian (both
scripts), Turkish and Bosnian. Every label, hint and message the English column has is
there in Turkish and Bosnian too, never the English copied; where the workspace words
the same English text, the forms word it as the workspace does."""

import io
import re
from collections.abc import Iterator
from datetime import date
from types import ModuleType
from typing import Any

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from schemas.vocabulary import MUNICIPALITY_BY_CODE
from services.consultations.domain import forms as consultation_forms
from services.consultations.domain import xlsform as consultation_xlsform
from services.consultations.handlers.deps import validate
from services.fieldforms import xlsform
from services.monitoring.domain import forms as monitoring_forms
from services.monitoring.domain import partner_xlsform
from services.monitoring.domain import xlsform as school_xlsform
from services.reporting.i18n.catalogs import read_catalog

FORMS = [consultation_xlsform, school_xlsform, partner_xlsform]
EN, TR, BS = "English (en)", "Türkçe (tr)", "Bosanski (bs)"
KINDS = ("label", "hint", "constraint_message")


def _ids(module: ModuleType) -> str:
    return module.__name__.rsplit(".", 2)[-2]  # consultations / monitoring


def _texts(module: ModuleType) -> Iterator[tuple[str, str, str, dict[str, str]]]:
    """(sheet, row name, column kind, {language: text}) for every text of a form."""
    book = load_workbook(io.BytesIO(module.build()))
    for sheet in ("survey", "choices"):
        rows = book[sheet].iter_rows(values_only=True)
        header = [str(h) for h in next(rows)]
        for row in rows:
            cells = dict(zip(header, row, strict=True))
            name = str(cells["name"] or cells.get("type") or "")
            if sheet == "choices":
                name = f"{cells['list_name']}:{name}"
            for kind in KINDS:
                texts = {
                    column.partition("::")[2]: str(value or "")
                    for column, value in cells.items()
                    if column.startswith(f"{kind}::")
                }
                if texts:
                    yield sheet, name, kind, texts


@pytest.mark.parametrize("module", FORMS, ids=_ids)
def test_pyxform_converts_the_form_in_six_languages_without_a_warning(
    module: ModuleType,
) -> None:
    warnings: list[str] = []
    xform = convert(module.build(), warnings=warnings, file_type=".xlsx").xform
    assert warnings == []
    languages = set(re.findall(r'<translation (?:default="true\(\)" )?lang="([^"]+)"', xform))
    assert languages == set(xlsform.LANGUAGES) == set(module.LANGUAGES)
    assert len(xlsform.LANGUAGES) == 6


@pytest.mark.parametrize("module", FORMS, ids=_ids)
def test_every_english_text_has_a_turkish_and_a_bosnian_one_of_its_own(
    module: ModuleType,
) -> None:
    missing, copied = [], []
    for sheet, name, kind, texts in _texts(module):
        if not texts[EN]:
            assert not any(texts.values()), (sheet, name, kind, texts)
            continue
        for lang in (TR, BS):
            if not texts[lang].strip():
                missing.append((name, kind, lang))
            elif texts[lang] == texts[EN] and not name.startswith("municipality:"):
                copied.append((name, kind, lang, texts[EN]))
    assert missing == []
    assert copied == []


def test_municipalities_are_named_as_the_plans_name_them() -> None:
    """Proper names, not translations: both official names in Turkish as in English,
    the Serbian name in Bosnian (as `municipality_name` prints a plan)."""
    for module in FORMS:
        rows = {n: t for s, n, k, t in _texts(module) if n.startswith("municipality:")}
        assert len(rows) == len(MUNICIPALITY_BY_CODE)
        mamushe = rows["municipality:mamushe"]
        assert (mamushe[TR], mamushe[BS]) == ("Mamushë / Mamuša", "Mamuša")
        assert rows["municipality:peje"][BS] == "Peć"


def _workspace(locale: str) -> dict[str, str]:
    catalog = read_catalog("workspace", locale)
    assert catalog is not None
    return {str(m.id): str(m.string) for m in catalog if m.id and isinstance(m.id, str)}


# Choice lists whose labels the vocabulary gives (`schemas/vocabulary`), not the forms:
# they are the plans' own words, and "Albanian" there is a language, not a community.
VOCABULARY_LISTS = ("municipality", "language", "school_level", "stakeholder_group")
VOCABULARY_LISTS += ("category", "affected_group")


def test_a_text_the_workspace_also_words_reads_the_same_in_both() -> None:
    """A partner filling the quarter in Kobo and on the workspace's form reads the same
    words. (The workspace leaves "Status" as in English in Bosnian; the form says whose
    status it is instead.)"""
    catalogues = {TR: _workspace("tr"), BS: _workspace("bs")}
    compared, differ = 0, []
    for module in FORMS:
        for _sheet, name, kind, texts in _texts(module):
            if name.partition(":")[0] in VOCABULARY_LISTS and ":" in name:
                continue
            for lang, catalogue in catalogues.items():
                theirs = catalogue.get(texts[EN])
                if theirs and theirs != texts[EN]:
                    compared += 1
                    if texts[lang] != theirs:
                        differ.append((name, kind, lang, texts[lang], theirs))
    assert differ == []
    assert compared >= 20


def _row(module: ModuleType, name: str) -> dict[str, Any]:
    book = load_workbook(io.BytesIO(module.build()))
    rows = book["survey"].iter_rows(values_only=True)
    header = [str(h) for h in next(rows)]
    return next(dict(zip(header, r, strict=True)) for r in rows if r[1] == name)


def test_the_turkish_and_bosnian_columns_sit_beside_the_others() -> None:
    row = _row(consultation_xlsform, "consultation_date")
    assert row[f"label::{TR}"] == "İstişarenin tarihi"
    assert row[f"constraint_message::{BS}"] == "Datum ne može biti u budućnosti"
    assert row["label::Српски (sr)"] == "Датум консултације"
    school = _row(school_xlsform, "non_enrolled_identified")
    assert school[f"label::{BS}"] == "Pronađena neupisana djeca"
    assert school[f"hint::{TR}"] == "Yalnızca sayı: kişi adı yazılmaz"


def test_field_names_choice_codes_and_form_versions_stay_as_they_were() -> None:
    """Submissions carry names and codes, never labels: a new language changes neither."""
    book = load_workbook(io.BytesIO(consultation_xlsform.build()))
    names = [r[1] for r in book["survey"].iter_rows(min_row=2, values_only=True)]
    assert names == [
        "municipality",
        "school_name",
        "school_level",
        "stakeholder_group",
        "consultation_date",
        "language",
        "participant_count",
        "issues",
        "issue_category",
        "issue_description",
        "issue_severity",
        "issue_affected_students",
        "issue_affected_groups",
        None,  # end_repeat
        "recommendations",
        "dmap_form_id",
        "dmap_form_version",
    ]
    codes = {r[1] for r in book["choices"].iter_rows(min_row=2, values_only=True)}
    assert {"tr", "bs", "low", "critical", "rae", "fading_interest", "mamushe"} <= codes
    assert consultation_forms.FORM_VERSION == "2026.11.2"
    assert school_xlsform.FORM_VERSION == partner_xlsform.FORM_VERSION == "2026.12.1"


def _turkish_kobo_consultation() -> dict[str, Any]:
    """What KoboToolbox posts when the enumerator fills the form in Turkish: the same
    field names and choice codes as in any language, the notes in Turkish."""
    root = "uuid:8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d"
    return {
        "_uuid": root[5:],
        "meta/instanceID": root,
        "_submission_time": "2026-11-04T10:15:00",
        "dmap_form_id": consultation_forms.FORM_ID,
        "dmap_form_version": consultation_forms.FORM_VERSION,
        "grp_context/municipality": "mamushe",
        "grp_context/school_name": "Mamuşa Ortaokulu",
        "grp_context/school_level": "lower_secondary",
        "grp_context/stakeholder_group": "parent",
        "grp_context/consultation_date": "2026-11-03",
        "grp_context/language": "tr",
        "grp_context/participant_count": "7",
        "issues": [
            {
                "issues/issue_description": "Çocuklar hasat zamanı tarlada çalışıyor.",
                "issues/issue_category": "child_labour",
                "issues/issue_severity": "high",
                "issues/issue_affected_groups": "rural low_income",
            }
        ],
        "recommendations": "Esnek ders saatleri\nServis",
    }


def test_a_consultation_submitted_in_turkish_is_taken_like_any_other() -> None:
    """Mapped and accepted by the webhook's own validation, as the Albanian one is."""
    turkish = _turkish_kobo_consultation()
    albanian = turkish | {
        "grp_context/language": "sq",
        "issues": [
            {
                "issues/issue_description": "Fëmijët punojnë në arë në kohën e korrjes.",
                "issues/issue_category": "child_labour",
                "issues/issue_severity": "high",
                "issues/issue_affected_groups": "rural low_income",
            }
        ],
        "recommendations": "Orar fleksibël\nTransport",
    }
    taken = []
    for payload in (turkish, albanian):
        consultation_forms.check_form(payload)
        accepted, errors = validate(
            consultation_forms.to_submission_dict(payload), "en", date(2026, 11, 4)
        )
        assert errors == []
        assert accepted is not None
        taken.append(accepted.record)
    tr, sq = taken
    assert (tr.municipality, tr.language, tr.participant_count) == ("mamushe", "tr", 7)
    assert tr.raised_issues[0].description == "Çocuklar hasat zamanı tarlada çalışıyor."
    assert tr.recommendations == ("Esnek ders saatleri", "Servis")
    same = ("municipality", "stakeholder_group", "consultation_date", "school", "source")
    assert [getattr(tr, f) for f in same] == [getattr(sq, f) for f in same]
    assert [(i.category, i.severity, i.affected_groups) for i in tr.raised_issues] == [
        (i.category, i.severity, i.affected_groups) for i in sq.raised_issues
    ]


def test_a_school_report_from_a_bosnian_deployment_is_taken_like_any_other() -> None:
    from schemas.progress import SchoolMonthlyReport

    root = "uuid:1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e"
    payload = {
        "municipality": "dragash",
        "school": "OŠ Dragaš",
        "month": "2026-11-01",
        "reporter": "Tim za prevenciju",
        "ews_flagged": 3,
        "home_visits": 2,
        "csw_referrals": 0,
        "returns_to_school": 1,
        "dropouts": 0,
        "non_enrolled_identified": 1,
        "actions": [
            {
                "actions/action_id": "AB-1",
                "actions/status": "delayed",
                "actions/evidence": "Nedostaju udžbenici na bosanskom jeziku.",
            }
        ],
        "dmap_form_id": school_xlsform.FORM_ID,
        "dmap_form_version": school_xlsform.FORM_VERSION,
        "meta/instanceID": root,
        "_submission_time": "2026-12-02T08:00:00",
    }
    monitoring_forms.check_form(payload)
    report = SchoolMonthlyReport.model_validate(monitoring_forms.to_report_dict(payload))
    assert (report.plan_id, report.month) == ("dragash:2026-2027", "2026-11")
    assert report.actions[0].status == "delayed"
