"""The MED's workspace forms, pure: posted fields to monitoring's request bodies (which the
contracts accept), the form's own refusals, and monitoring's refusals back on the inputs."""

from datetime import UTC, datetime

import pytest

from schemas.progress import MedQuarterlyReport, WorkingGroupMeeting
from services.reporting.i18n.workspace import translator
from services.reporting.meeting_form import meeting_body, meeting_refusals
from services.reporting.quarterly_form import (
    open_quarters,
    quarterly_body,
    quarterly_refusals,
)
from tests.unit.tracking_snapshots import gracanice

pytestmark = pytest.mark.unit
NOW = datetime(2027, 6, 20, 9, tzinfo=UTC)
WORDS = translator("en")
QUARTER = {
    "quarter": "Q3",
    "status-DA-2": "on_track",
    "evidence-DA-2": "Bus route agreed with the municipality.",
    "spent-DA-2": "300,5",
    "m-DA-1-value": "72",
    "m-DA-1-period": "2027-05",
    "m-DA-1-unit": "%",
    "m-DA-1-entered": "MED focal officer",
    "m-DA-1-verified": "MED statistics officer",
    "emis-4-indicator": "non_enrolment_rate",
    "emis-4-community": "roma",
    "emis-4-gender": "girls",
    "emis-4-value": "12.5",
    "semester": "S2",
}


def test_a_quarterly_form_makes_a_report_the_contract_accepts() -> None:
    body, errors = quarterly_body(QUARTER, "MED focal officer", gracanice(), NOW, WORDS)
    assert not errors, errors.fields
    report = MedQuarterlyReport.model_validate(body)
    assert [(a.action_id, a.status, a.spent_eur) for a in report.actions] == [
        ("DA-2", "on_track", 300.5)
    ]
    [m] = report.measurements
    assert (m.indicator_ref, m.period, m.value, m.verified_by) == (
        "DA-1",
        "2027-05",
        72.0,
        "MED statistics officer",
    )
    [e] = report.emis
    assert (e.indicator, e.community, e.gender, e.value) == (
        "non_enrolment_rate",
        "roma",
        "girls",
        12.5,
    )
    assert report.semester == "S2"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"evidence-DA-2": " "}, "evidence-DA-2"),
        ({"spent-DA-2": "a lot"}, "spent-DA-2"),
        ({"m-DA-1-value": "seventy"}, "m-DA-1-value"),
        ({"m-DA-1-verified": "med focal officer"}, "m-DA-1-verified"),
        ({"emis-4-value": "140"}, "emis-4-value"),
        ({"semester": ""}, "semester"),
        ({"quarter": "Q5"}, "quarter"),
    ],
)
def test_the_quarterly_form_names_the_field_it_refuses(change: dict[str, str], field: str) -> None:
    _, errors = quarterly_body(QUARTER | change, "MED focal officer", gracanice(), NOW, WORDS)
    assert field in errors.fields


def test_an_empty_quarterly_form_sends_nothing() -> None:
    _, errors = quarterly_body({"quarter": "Q1"}, "MED", gracanice(), NOW, WORDS)
    assert list(errors.fields) == ["form"]


def test_monitorings_refusals_land_on_the_quarterly_inputs_they_came_from() -> None:
    body, _ = quarterly_body(QUARTER, "MED focal officer", gracanice(), NOW, WORDS)
    refused = quarterly_refusals(
        [
            {"field": "measurements[0].unit", "reason": "DA-1 is measured in %, not pupils"},
            {"field": "actions[0].action_id", "reason": "DA-2 was cancelled"},
            {"field": "emis.0.value", "reason": "too large"},
            {"field": "quarter", "reason": "Q3 begins after today"},
            {"field": "reporter_token_id", "reason": "odd"},
        ],
        body,
        QUARTER,
    )
    assert refused.fields == {
        "m-DA-1-unit": "DA-1 is measured in %, not pupils",
        "status-DA-2": "DA-2 was cancelled",
        "emis-4-value": "too large",  # the first EMIS value sent is the form's row 4
        "quarter": "Q3 begins after today",
        "form": "odd",
    }


def test_only_the_quarters_begun_are_offered() -> None:
    early = gracanice().model_copy(update={"as_of": datetime(2026, 12, 3).date()})
    assert open_quarters(early) == ["Q1", "Q2"]
    assert open_quarters(gracanice()) == ["Q1", "Q2", "Q3", "Q4"]


MEETING = {
    "meeting_id": "4d9a3b62-5c1e-4f0a-9b8d-2e7f6a1c3d50",
    "quarter": "Q3",
    "held_on": "2027-06-10",
    "attendees": "MED\nCSW, school directors\nmed",
    "decision-1-text": "Stop the bus survey",
    "decision-1-action": "DA-2",
    "decision-1-status": "cancelled",
    "decision-1-reason": "The route was agreed without it",
    "decision-3-text": "Ask the CSW for its referral figures",
    "decision-3-responsible": "csw",
    "decision-3-due": "2027-07",
    "minutes": "Reviewed the third quarter.",
}


def test_a_meeting_form_makes_a_meeting_the_contract_accepts() -> None:
    body, errors = meeting_body(MEETING, gracanice(), WORDS)
    assert not errors, errors.fields
    meeting = WorkingGroupMeeting.model_validate(body)
    assert meeting.attendees == ("MED", "CSW", "school directors")  # each body once
    assert [(d.action_id, d.sets_status, d.due_month) for d in meeting.decisions] == [
        ("DA-2", "cancelled", None),
        (None, None, "2027-07"),
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"decision-1-reason": ""}, "decision-1-reason"),
        ({"decision-1-action": ""}, "decision-1-action"),
        ({"decision-1-action": "ZZ-9"}, "decision-1-action"),
        ({"decision-3-due": "2028-01"}, "decision-3-due"),
        ({"decision-4-status": "done"}, "decision-4-text"),
        ({"attendees": " \n "}, "attendees"),
        ({"held_on": "10 June"}, "held_on"),
    ],
)
def test_the_meeting_form_names_the_field_it_refuses(change: dict[str, str], field: str) -> None:
    _, errors = meeting_body(MEETING | change, gracanice(), WORDS)
    assert field in errors.fields


def test_monitorings_refusals_land_on_the_decision_rows_they_came_from() -> None:
    refused = meeting_refusals(
        [
            {"field": "decisions[1].due_month", "reason": "before the meeting"},
            {"field": "decisions[0].sets_status", "reason": "DA-2 was cancelled"},
            {"field": "held_on", "reason": "in the future"},
            {"field": "attendees.0", "reason": "too long"},
        ],
        MEETING,
    )
    assert refused.fields == {
        "decision-3-due": "before the meeting",  # the second decision sent is row 3
        "decision-1-status": "DA-2 was cancelled",
        "held_on": "in the future",
        "attendees": "too long",
    }
