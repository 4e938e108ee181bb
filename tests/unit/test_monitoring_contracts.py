"""The monitoring contracts refuse malformed reports with messages a reporter understands."""

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from schemas.progress import (
    PLAN_ALERTS,
    PLAN_PROGRESS,
    EmisValue,
    ProgressReported,
    ProgressReportedEvent,
)
from tests.unit.monitoring_plans import NOW, counts, measurement, med_report, school_report


def _message(excinfo: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(e["msg"] for e in excinfo.value.errors())


def test_topic_names_follow_the_versioned_convention() -> None:
    assert (PLAN_PROGRESS, PLAN_ALERTS) == ("plan-progress.v1", "plan-alerts.v1")


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValidationError) as excinfo:
        counts(dropouts=-1)
    assert excinfo.value.errors()[0]["loc"] == ("dropouts",)


def test_a_value_needs_a_unit() -> None:
    with pytest.raises(ValidationError) as excinfo:
        measurement(unit=None)
    assert "a value needs a unit" in _message(excinfo)


def test_who_verifies_is_not_who_entered() -> None:
    with pytest.raises(ValidationError) as excinfo:
        measurement(entered_by="MED focal officer", verified_by="med focal officer ")
    assert "another person" in _message(excinfo)


def test_the_med_gives_evidence_for_every_action() -> None:
    base = med_report().actions[0]
    with pytest.raises(ValidationError) as excinfo:
        med_report(actions=(base.model_copy(update={"evidence": "  "}),))
    assert "actions[0] (CL-1) needs evidence" in _message(excinfo)


def test_emis_values_name_their_semester() -> None:
    emis = (EmisValue(indicator="dropout_rate", community="roma", gender="girls", value=9.1),)
    with pytest.raises(ValidationError) as excinfo:
        med_report(quarter="Q2", emis=emis)
    assert "semester" in _message(excinfo)
    assert med_report(quarter="Q2", emis=emis, semester="S1").emis == emis


def test_a_report_is_for_a_plan_of_its_municipality() -> None:
    with pytest.raises(ValidationError) as excinfo:
        school_report(plan_id="prizren:2026-2027")
    assert "not a plan of ferizaj" in _message(excinfo)


def test_unknown_fields_are_refused() -> None:
    data: dict[str, Any] = school_report().model_dump(mode="json") | {"pupil_name": "x"}
    with pytest.raises(ValidationError):
        TypeAdapter(ProgressReported).validate_python({"report": data})


@pytest.mark.parametrize("report", [school_report(), med_report()])
def test_reports_round_trip_through_the_event(report: Any) -> None:
    event = ProgressReportedEvent(
        id=report.report_id,
        source="/dmap/monitoring",
        time=NOW,
        subject=report.plan_id,
        data=ProgressReported(report=report),
    )
    again = ProgressReportedEvent.model_validate_json(event.model_dump_json())
    assert again == event
    assert again.type == "org.dmap.progress.reported.v1"
    assert again.dataschema.endswith("/schemas/progress-reported.v1.json")
