"""A partner's workspace form and spreadsheet rows, pure: the body the contract accepts
(the partner kind is the token's, never a field), the form's and the reader's own
refusals, and monitoring's refusals back on the inputs."""

from datetime import UTC, datetime

import pytest

from schemas.progress import PartnerQuarterlyReport
from services.monitoring.domain import partner_spreadsheet, spreadsheet
from services.reporting.i18n.workspace import translator
from services.reporting.partner_form import partner_body, partner_refusals
from tests.unit.tracking_snapshots import gracanice

pytestmark = pytest.mark.unit
NOW = datetime(2027, 6, 20, 9, tzinfo=UTC)
WORDS = translator("en")
FORM = {
    "quarter": "Q3",
    "referrals_received": "11",
    "referrals_assessed": "9",
    "referrals_closed": "4",
    "learning_centre_attendance": "",
    "mediator_visits": "6",
    "partner": "ngo",  # not an input of the form: ignored
}


def test_a_partner_form_makes_a_report_of_the_tokens_kind() -> None:
    body, errors = partner_body(FORM, "QPS Graçanicë", "csw", gracanice(), NOW, WORDS)
    assert not errors, errors.fields
    report = PartnerQuarterlyReport.model_validate(body)
    assert (report.partner, report.quarter, report.cycle) == ("csw", "Q3", gracanice().cycle)
    assert (report.referrals_received, report.referrals_closed) == (11, 4)
    assert (report.learning_centre_attendance, report.mediator_visits) == (None, 6)


def test_the_form_names_its_bad_fields_and_monitoring_refusals_land_on_them() -> None:
    bad = FORM | {"quarter": "Q5", "referrals_assessed": "-1", "referrals_closed": ""}
    _, errors = partner_body(bad, "QPS", "csw", gracanice(), NOW, WORDS)
    assert set(errors.fields) == {"quarter", "referrals_assessed", "referrals_closed"}
    body, _ = partner_body(FORM, "QPS", "csw", gracanice(), NOW, WORDS)
    refused = partner_refusals(
        [
            {"field": "quarter", "reason": "Q3 begins later"},
            {"field": "partner", "reason": "this token reports for a csw"},
        ],
        body,
    )
    assert refused.fields == {
        "quarter": "Q3 begins later",
        "form": "this token reports for a csw",
    }


def test_spreadsheet_rows_take_the_tokens_kind_when_they_leave_it_empty() -> None:
    row = partner_spreadsheet.EXAMPLE | {"partner": ""}
    bad = row | {"referrals_closed": "many"}
    parsed = spreadsheet.parse_rows(
        [row, {}, bad],
        NOW,
        to_dict=partner_spreadsheet.row_reader("mediator"),
        model=PartnerQuarterlyReport,
        column=partner_spreadsheet.column_of,
    )
    assert [p.row for p in parsed] == [2, 4]
    first = parsed[0].report
    assert isinstance(first, PartnerQuarterlyReport)
    assert (first.partner, first.mediator_visits) == ("mediator", None)
    again = spreadsheet.parse_rows(
        [row], NOW, partner_spreadsheet.row_reader("mediator"), PartnerQuarterlyReport
    )[0].report
    assert again is not None
    assert again.report_id == first.report_id  # sent twice: one id
    assert [(e.row, e.column) for e in parsed[1].errors] == [(4, "referrals_closed")]
