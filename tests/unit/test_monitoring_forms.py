"""The school monthly XLSForm (checked by pyxform), its submissions, and spreadsheet rows."""

import io
import re
from datetime import UTC, datetime
from typing import Any, get_args
from uuid import UUID

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from schemas.progress import ActionStatus, SchoolMonthlyReport
from schemas.vocabulary import MUNICIPALITIES
from services.monitoring.domain import forms, spreadsheet, xlsform

ROOT = "uuid:6f0d8c7a-2b1e-4c3d-9e8f-1a2b3c4d5e6f"
EDIT = "uuid:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"


def _kobo(**overrides: Any) -> dict[str, Any]:
    """A KoboToolbox REST-service post: flat keys with group paths, the repeat as a list."""
    body: dict[str, Any] = {
        "municipality": "ferizaj",
        "school": "SHFMU Ismail Qemali",
        "month": "2026-11-01",
        "reporter": "Dropout-prevention team",
        "enrolled": 412,
        "ews_flagged": 14,
        "home_visits": 9,
        "csw_referrals": 2,
        "returns_to_school": 3,
        "dropouts": 1,
        "non_enrolled_identified": 2,
        "actions": [
            {"actions/action_id": "AB-1", "actions/status": "on_track", "actions/evidence": "Ok"}
        ],
        "dmap_form_id": xlsform.FORM_ID,
        "dmap_form_version": xlsform.FORM_VERSION,
        "meta/instanceID": ROOT,
        "_uuid": ROOT[5:],
        "_submission_time": "2026-12-03T10:00:00",
    }
    return body | overrides


def test_pyxform_converts_the_form_without_a_warning_in_six_languages() -> None:
    warnings: list[str] = []
    xform = convert(xlsform.build(), warnings=warnings, file_type=".xlsx").xform
    assert warnings == []
    assert set(re.findall(r'<translation (?:default="true\(\)" )?lang="([^"]+)"', xform)) == set(
        xlsform.LANGUAGES
    )
    assert "Nxënës të sinjalizuar" in xform
    assert "Пронађена неуписана деца" in xform
    assert "Okula kaydı olmadığı tespit edilen çocuklar" in xform
    assert "Pronađena neupisana djeca" in xform
    for name in (*xlsform.COUNTS, "school", "month", "enrolled", "action_id", "evidence"):
        assert f"/{name}" in xform, name


def test_the_forms_fields_and_choices_are_the_reports() -> None:
    book = load_workbook(io.BytesIO(xlsform.build()))
    names = {row[1] for row in book["survey"].iter_rows(min_row=2, values_only=True)}
    counted = set(SchoolMonthlyReport.model_fields["counts"].annotation.model_fields)  # type: ignore[union-attr]
    assert counted <= names
    choices = list(book["choices"].iter_rows(min_row=2, values_only=True))
    assert {r[1] for r in choices if r[0] == "status"} == set(get_args(ActionStatus))
    assert {r[1] for r in choices if r[0] == "municipality"} == {m.code for m in MUNICIPALITIES}


def test_a_kobo_submission_is_a_school_monthly_report_named_by_its_uuid() -> None:
    forms.check_form(_kobo())
    report = SchoolMonthlyReport.model_validate(forms.to_report_dict(_kobo()))
    assert report.report_id == UUID(ROOT[5:])
    assert (report.plan_id, report.month, report.enrolled) == ("ferizaj:2026-2027", "2026-11", 412)
    assert report.counts.ews_flagged == 14
    assert report.actions[0].action_id == "AB-1"
    assert report.submitted_at == datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


def test_an_edit_keeps_the_id_of_the_first_version() -> None:
    edit = _kobo(**{"meta/instanceID": EDIT, "meta/deprecatedID": ROOT, "meta/rootUuid": ROOT})
    assert forms.report_id(edit) == UUID(ROOT[5:])


def test_an_odk_central_submission_nests_its_groups() -> None:
    flat = _kobo()
    central = {k: v for k, v in flat.items() if not k.startswith(("meta/", "_"))}
    central |= {"__id": ROOT, "meta": {"instanceID": ROOT}, "month": "2027-01-01"}
    report = SchoolMonthlyReport.model_validate(forms.to_report_dict(central))
    assert (report.report_id, report.month) == (UUID(ROOT[5:]), "2027-01")


@pytest.mark.parametrize(
    ("overrides", "field", "reason"),
    [
        ({"dmap_form_id": "dmap_consultation"}, "dmap_form_id", "not the DMAP school monthly"),
        ({"dmap_form_version": "2025.1"}, "dmap_form_version", "deploy the current form"),
        ({"meta/instanceID": "", "_uuid": ""}, "meta.instanceID", "no instance id"),
    ],
)
def test_another_form_or_version_is_refused(overrides: Any, field: str, reason: str) -> None:
    def check_and_map() -> None:
        forms.check_form(_kobo(**overrides))
        forms.to_report_dict(_kobo(**overrides))

    with pytest.raises(forms.FormRefused) as refused:
        check_and_map()
    assert refused.value.problem.field == field
    assert reason in refused.value.problem.reason


@pytest.mark.parametrize(
    ("month", "cycle"),
    [("2026-09", "2026-2027"), ("2027-06", "2026-2027"), ("2027-08", "2026-2027")],
)
def test_a_month_belongs_to_its_school_year(month: str, cycle: str) -> None:
    assert forms.cycle_of(month) == cycle


def _csv(*rows: dict[str, str]) -> bytes:
    lines = [",".join(spreadsheet.COLUMNS)]
    lines += [",".join(r.get(c, "") for c in spreadsheet.COLUMNS) for r in rows]
    return "\n".join(lines).encode()


def test_the_templates_parse_into_one_valid_report() -> None:
    for table in (
        spreadsheet.read_csv(spreadsheet.template_csv()),
        spreadsheet.read_xlsx(spreadsheet.template_xlsx()),
    ):
        [row] = spreadsheet.parse_rows(table)
        assert row.errors == []
        assert row.report is not None
        assert (row.report.plan_id, row.report.school) == (
            "ferizaj:2026-2027",
            "SHFMU Ismail Qemali",
        )


def test_each_bad_row_is_named_by_row_column_and_reason_and_good_rows_are_kept() -> None:
    good = dict(spreadsheet.EXAMPLE)
    bad = good | {"month": "11/2026", "dropouts": "-1", "action1_status": "fine"}
    rows = spreadsheet.parse_rows(
        spreadsheet.read_csv(_csv(good, {}, bad, good | {"home_visits": ""}))
    )
    assert [r.row for r in rows] == [2, 4, 5]  # the empty row 3 is skipped
    assert rows[0].report is not None
    assert [(e.row, e.column) for e in rows[1].errors] == [
        (4, "month"),
        (4, "dropouts"),
        (4, "action1_status"),
    ]
    assert [(e.row, e.column, e.reason) for e in rows[2].errors] == [
        (5, "home_visits", "Input should be a valid integer")
    ]


def test_a_row_without_an_id_gets_the_same_one_each_time() -> None:
    table = spreadsheet.read_csv(
        _csv(spreadsheet.EXAMPLE, spreadsheet.EXAMPLE | {"month": "2026-12"})
    )
    first, second = spreadsheet.parse_rows(table), spreadsheet.parse_rows(table)
    ids = [r.report.report_id for r in first if r.report]
    assert ids == [r.report.report_id for r in second if r.report]
    assert len(set(ids)) == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name;school\n", "unknown ['name']"),
        ("municipality,school\n".encode("utf-16"), "not UTF-8"),
        (b"", "empty"),
    ],
)
def test_an_unreadable_file_is_refused_as_a_whole(data: bytes, message: str) -> None:
    with pytest.raises(spreadsheet.FileError, match=re.escape(message)):
        spreadsheet.read_csv(data)
