from datetime import UTC, datetime
from uuid import uuid4

import pytest
from pydantic import TypeAdapter, ValidationError

from schemas.consultations import ConsultationRecorded, ConsultationRecordedEvent
from schemas.plans import PlanDraftedEvent, PlanEvent, PlanRevisedEvent
from services.planning.domain.plan import draft_plan
from services.planning.domain.plan_events import plan_event
from services.planning.rules import catalogue, classifier_rules
from tests.factories import submission


def _record(**overrides: object) -> ConsultationRecorded:
    return ConsultationRecorded.model_validate(submission(**overrides))


def test_consultation_event_round_trips_through_json() -> None:
    record = _record()
    event = ConsultationRecordedEvent(
        id=uuid4(),
        source="/dmap/consultations",
        time=datetime.now(UTC),
        subject=record.municipality,
        data=record,
    )
    back = ConsultationRecordedEvent.model_validate_json(event.model_dump_json())
    assert back == event
    assert back.type == "org.dmap.consultation.recorded.v1"
    assert back.specversion == "1.0"


def test_plan_events_are_told_apart_by_type() -> None:
    record = _record()
    plan = draft_plan(record.municipality, "2026-2027", [record], classifier_rules(), catalogue())
    adapter: TypeAdapter[object] = TypeAdapter(PlanEvent)
    drafted = plan_event(plan, None, datetime.now(UTC))
    revised = plan_event(plan.model_copy(update={"version": 2}), plan, datetime.now(UTC))
    assert isinstance(adapter.validate_json(drafted.model_dump_json()), PlanDraftedEvent)
    again = adapter.validate_json(revised.model_dump_json())
    assert isinstance(again, PlanRevisedEvent)
    assert again.data.previous_version == 1
    assert again.data.plan.version == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"municipality": "atlantis"}, "municipality"),
        ({"participant_count": 0}, "participant_count"),
        ({"raised_issues": []}, "raised_issues"),
        ({"stakeholder_group": "pupil"}, "stakeholder_group"),
        ({"consultation_date": "12/10/2026"}, "consultation_date"),
        ({"student_name": "x"}, "student_name"),  # extra fields are refused, not stored
    ],
)
def test_invalid_records_name_the_field(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        _record(**overrides)
    assert field in {str(err["loc"][0]) for err in info.value.errors()}


def test_issue_severity_and_groups_are_vocabulary() -> None:
    bad = submission(raised_issues=[{"description": "abc", "severity": "urgent"}])
    with pytest.raises(ValidationError) as info:
        ConsultationRecorded.model_validate(bad)
    assert info.value.errors()[0]["loc"][:3] == ("raised_issues", 0, "severity")
