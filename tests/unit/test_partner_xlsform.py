"""The partner quarterly XLSForm (checked by pyxform) and its submissions as reports."""

import io
import re
from typing import Any, get_args
from uuid import UUID

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from schemas.plans import Quarter
from schemas.progress import PartnerKind, PartnerQuarterlyReport
from schemas.vocabulary import MUNICIPALITIES
from services.monitoring.domain import forms, partner_xlsform, xlsform

ROOT = "uuid:3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a9f"


def _kobo(**overrides: Any) -> dict[str, Any]:
    """A KoboToolbox REST-service post of the partner form (counts inside a group)."""
    body: dict[str, Any] = {
        "municipality": "ferizaj",
        "cycle": "2026-2027",
        "quarter": "Q2",
        "partner": "",
        "reporter": "CSW Ferizaj",
        "counts/referrals_received": 11,
        "counts/referrals_assessed": 9,
        "counts/referrals_closed": 4,
        "counts/mediator_visits": "",
        "dmap_form_id": partner_xlsform.FORM_ID,
        "dmap_form_version": partner_xlsform.FORM_VERSION,
        "meta/instanceID": ROOT,
        "_submission_time": "2026-12-20T09:30:00",
    }
    return body | overrides


def test_pyxform_converts_the_form_without_a_warning_in_six_languages() -> None:
    warnings: list[str] = []
    xform = convert(partner_xlsform.build(), warnings=warnings, file_type=".xlsx").xform
    assert warnings == []
    languages = re.findall(r'<translation (?:default="true\(\)" )?lang="([^"]+)"', xform)
    assert set(languages) == set(xlsform.LANGUAGES)
    assert "Referime të pranuara" in xform
    assert "Центар за социјални рад" in xform  # Cyrillic, transliterated from the Latin
    assert "Alınan yönlendirmeler" in xform
    assert "Procijenjena upućivanja" in xform
    for name in ("cycle", "quarter", "partner", "reporter", *partner_xlsform.REQUIRED_COUNTS):
        assert f"/{name}" in xform, name


def test_the_forms_fields_and_choices_are_the_reports() -> None:
    book = load_workbook(io.BytesIO(partner_xlsform.build()))
    rows = list(book["survey"].iter_rows(min_row=2, values_only=True))
    names = {r[1] for r in rows}
    own = set(PartnerQuarterlyReport.model_fields) - {"kind", "report_id", "plan_id"}
    assert own - {"submitted_at", "reporter_token_id"} <= names
    header = [c.value for c in book["survey"][1]]
    required = {r[1] for r in rows if r[header.index("required")] == "yes"}
    assert set(partner_xlsform.REQUIRED_COUNTS) <= required
    assert not set(partner_xlsform.OPTIONAL_COUNTS) & required
    assert "partner" not in required  # the token's organisation when left empty
    choices = list(book["choices"].iter_rows(min_row=2, values_only=True))
    assert {r[1] for r in choices if r[0] == "partner"} == set(get_args(PartnerKind))
    assert {r[1] for r in choices if r[0] == "quarter"} == set(get_args(Quarter))
    assert {r[1] for r in choices if r[0] == "municipality"} == {m.code for m in MUNICIPALITIES}
    settings = list(book["settings"].iter_rows(values_only=True))
    assert settings[1][1:3] == (partner_xlsform.FORM_ID, partner_xlsform.FORM_VERSION)


def test_a_kobo_submission_is_a_partner_report_of_the_tokens_kind() -> None:
    assert forms.check_form(_kobo()) == partner_xlsform.FORM_ID
    report = PartnerQuarterlyReport.model_validate(forms.to_partner_dict(_kobo(), "csw"))
    assert report.report_id == UUID(ROOT[5:])
    assert (report.plan_id, report.partner, report.quarter) == ("ferizaj:2026-2027", "csw", "Q2")
    assert (report.referrals_received, report.referrals_closed) == (11, 4)
    assert report.mediator_visits is None
    assert report.learning_centre_attendance is None


def test_a_named_kind_is_kept_for_the_scope_check_to_judge() -> None:
    mapped = forms.to_partner_dict(_kobo(partner="MOCR", **{"counts/mediator_visits": 3}), "csw")
    report = PartnerQuarterlyReport.model_validate(mapped)
    assert (report.partner, report.mediator_visits) == ("mocr", 3)


def test_an_odk_central_submission_nests_its_groups() -> None:
    central = {k: v for k, v in _kobo().items() if not k.startswith(("meta/", "_", "counts/"))}
    central |= {
        "__id": ROOT,
        "meta": {"instanceID": ROOT},
        "counts": {"referrals_received": 2, "referrals_assessed": 2, "referrals_closed": 1},
    }
    report = PartnerQuarterlyReport.model_validate(forms.to_partner_dict(central, "ngo"))
    assert (report.report_id, report.partner, report.referrals_closed) == (UUID(ROOT[5:]), "ngo", 1)


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"dmap_form_version": "2025.1"}, "/forms/partner-quarterly.xlsx"),
        ({"dmap_form_id": "dmap_consultation"}, "not the DMAP school monthly or partner"),
        ({"dmap_form_id": ""}, "missing"),
    ],
)
def test_another_form_or_version_is_refused(overrides: Any, reason: str) -> None:
    with pytest.raises(forms.FormRefused) as refused:
        forms.check_form(_kobo(**overrides))
    assert reason in refused.value.problem.reason


def test_the_school_form_is_still_told_apart() -> None:
    school = {"dmap_form_id": xlsform.FORM_ID, "dmap_form_version": xlsform.FORM_VERSION}
    assert forms.check_form(school) == xlsform.FORM_ID
    stale = school | {"dmap_form_version": partner_xlsform.FORM_VERSION + "-old"}
    with pytest.raises(forms.FormRefused) as refused:
        forms.check_form(stale)
    assert "/forms/school-monthly.xlsx" in refused.value.problem.reason
