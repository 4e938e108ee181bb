"""The working group's meetings in monitoring's domain and shell: recorded once, refused
field by field, a decided status joining the action's history, published with the plan's
snapshot; only the MED director may record one."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest
from pydantic import ValidationError

from schemas.progress import (
    ActionStatusReport,
    Decision,
    MeetingRecorded,
    MeetingRecordedEvent,
    PlanTrackingEvent,
    WorkingGroupMeeting,
)
from schemas.topics import PLAN_TRACKING
from services.monitoring.domain.meetings import (
    WORKING_GROUP,
    MeetingKept,
    OtherMeeting,
    SameMeeting,
    record_meeting,
)
from services.monitoring.domain.progress import apply_report, start
from services.monitoring.domain.redacting import redact_meeting
from services.monitoring.domain.refusals import Problem, Refused
from services.monitoring.domain.reports import ReporterScope
from services.monitoring.domain.snapshot import tracking
from services.monitoring.domain.state import PlanProgress
from services.monitoring.following import Following
from services.monitoring.minutes import _refused
from services.monitoring.subscriptions import parse_progress
from services.runtime.auth.roles import PERMISSIONS, Permission, Role, refusal
from tests.unit.monitoring_plans import PLAN_ID, TODAY, adopted_plan, meeting, school_report
from tests.unit.test_monitoring_service import MemoryFollowing, MemoryUnit, _events

FERIZAJ = frozenset({"ferizaj"})


def _followed() -> PlanProgress:
    return start(adopted_plan())


def _kept(progress: PlanProgress, m: WorkingGroupMeeting) -> PlanProgress:
    outcome = record_meeting(progress, m, today=TODAY, municipalities=FERIZAJ)
    assert isinstance(outcome, MeetingKept), outcome
    return outcome.progress


def _problems(progress: PlanProgress | None, m: WorkingGroupMeeting) -> dict[str, str]:
    outcome = record_meeting(progress, m, today=TODAY, municipalities=FERIZAJ)
    assert isinstance(outcome, Refused), outcome
    return {p.field: p.reason for p in outcome.problems}


def test_a_meeting_is_kept_and_its_decided_statuses_join_the_actions_history() -> None:
    after = _kept(_followed(), meeting())
    assert [m.meeting_id for m in after.meetings] == [meeting().meeting_id]
    by_id = {a.action_id: a for a in after.actions}
    assert by_id["CL-1"].status == "cancelled"
    assert by_id["RAE-1"].status == "delayed"
    assert by_id["AB-1"].status == "not_started"  # no decision set its status
    last = by_id["CL-1"].history[-1]
    assert (last.status, last.on, last.reported_by, last.period) == (
        "cancelled",
        date(2027, 2, 8),
        WORKING_GROUP,
        "Q2",
    )
    assert last.report_id == meeting().meeting_id
    assert last.evidence.startswith("The labour inspectorate withdrew")


def test_a_cancelled_action_takes_no_more_reports() -> None:
    after = _kept(_followed(), meeting())
    report = school_report(
        actions=(ActionStatusReport(action_id="CL-1", status="on_track", evidence="x"),)
    )
    outcome = apply_report(after, report, today=TODAY, scope=ReporterScope())
    assert isinstance(outcome, Refused)
    assert "was cancelled" in outcome.problems[0].reason


def test_the_same_meeting_again_is_recognised_and_other_content_is_a_conflict() -> None:
    after = _kept(_followed(), meeting())
    resent = meeting(recorded_at=datetime(2027, 2, 10, 9, 0, tzinfo=UTC), recorder_token_id=uuid4())
    same = record_meeting(after, resent, today=TODAY, municipalities=FERIZAJ)
    assert same == SameMeeting(meeting().meeting_id)
    changed = record_meeting(
        after, meeting(minutes="Other words"), today=TODAY, municipalities=None
    )
    assert changed == OtherMeeting(meeting().meeting_id)


def test_a_quarter_may_have_several_meetings_each_under_its_own_id() -> None:
    first = meeting()
    earlier = meeting(meeting_id=uuid4(), held_on=date(2027, 1, 20), decisions=())
    after = _kept(_kept(_followed(), first), earlier)
    assert [m.meeting_id for m in after.meetings] == [earlier.meeting_id, first.meeting_id]
    snapshot = tracking(after, (), TODAY)
    assert [m.held_on for m in snapshot.minutes] == [date(2027, 1, 20), date(2027, 2, 8)]


@pytest.mark.parametrize(
    ("changes", "where", "says"),
    [
        ({"held_on": TODAY + timedelta(days=1)}, "held_on", "in the future"),
        ({"held_on": date(2026, 10, 1), "quarter": "Q1"}, "held_on", "before the plan's adoption"),
        ({"quarter": "Q3"}, "held_on", "once it has begun (2027-03-01)"),
        ({"cycle": "2027-2028", "plan_id": "ferizaj:2027-2028"}, "plan_id", "no adopted version"),
        ({"decisions": (Decision(text="x", action_id="ZZ-9"),)}, "decisions[0].action_id", "no "),
        (
            {"decisions": (Decision(text="x", due_month="2027-01"),)},
            "decisions[0].due_month",
            "before the meeting (2027-02)",
        ),
    ],
)
def test_what_cannot_be_recorded_is_refused_naming_the_field(
    changes: dict[str, Any], where: str, says: str
) -> None:
    problems = _problems(_followed(), meeting(**changes))
    assert where in problems, problems
    assert says in problems[where]


def test_a_status_is_not_decided_for_an_action_already_cancelled() -> None:
    after = _kept(_followed(), meeting())
    again = meeting(
        meeting_id=uuid4(),
        decisions=(
            Decision(text="Resume", action_id="CL-1", sets_status="on_track", reason="Funded"),
        ),
    )
    assert "was cancelled" in _problems(after, again)["decisions[0].sets_status"]


def test_another_municipalitys_director_is_refused_with_403() -> None:
    outcome = record_meeting(
        _followed(), meeting(), today=TODAY, municipalities=frozenset({"prizren"})
    )
    assert isinstance(outcome, Refused)
    assert outcome.problems[0].field == "municipality"
    answer = _refused(outcome.problems)
    assert answer.status_code == 403
    assert b"does not act for ferizaj" in bytes(answer.body)
    assert _refused((Problem("held_on", "in the future"),)).status_code == 422


def test_a_meeting_without_a_plan_is_422() -> None:
    problems = _problems(None, meeting())
    assert list(problems) == ["plan_id"]


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"text": "x", "action_id": "CL-1", "sets_status": "cancelled"}, "says why"),
        ({"text": "x", "sets_status": "delayed", "reason": "late"}, "names the action"),
        (
            {"text": "x", "sets_status": "not_started", "action_id": "CL-1", "reason": "r"},
            "sets_status",
        ),
        ({"text": "", "action_id": "CL-1"}, "text"),
        ({"text": "x", "due_month": "2027-13"}, "due_month"),
    ],
)
def test_a_decision_that_sets_a_status_names_the_action_and_says_why(
    fields: dict[str, Any], says: str
) -> None:
    with pytest.raises(ValidationError, match=says):
        Decision(**fields)


def test_a_meeting_names_bodies_one_status_per_action_and_its_own_plan() -> None:
    status = Decision(text="x", action_id="CL-1", sets_status="delayed", reason="r")
    with pytest.raises(ValidationError, match="same action"):
        meeting(decisions=(status, status))
    with pytest.raises(ValidationError, match="attendees"):
        meeting(attendees=())
    with pytest.raises(ValidationError, match="is not the plan of"):
        meeting(municipality="prizren")


def test_personal_data_in_the_meeting_is_redacted_everywhere() -> None:
    m = meeting(
        attendees=("MED", "Drita Krasniqi, MED director"),
        decisions=(
            Decision(
                text="Besnik Gashi calls the family, tel. 044 123 456",
                action_id="RAE-1",
                sets_status="delayed",
                reason="Arta Berisha left",
            ),
        ),
        minutes="Nxënësja Arta punon në treg.",
    )
    cleaned, counts = redact_meeting(m)
    text = cleaned.model_dump_json()
    for name in ("Drita", "Besnik", "044 123 456", "Arta"):
        assert name not in text, name
    assert cleaned.attendees[0] == "MED"
    assert counts["phone"] == 1
    assert counts["name"] >= 4
    assert redact_meeting(cleaned)[0] == cleaned  # a second pass changes nothing


def test_only_the_med_director_records_the_working_groups_meetings() -> None:
    may = {r for r, perms in PERMISSIONS.items() if Permission.RECORD_MINUTES in perms}
    assert may == {Role.APPROVER, Role.ADMIN}
    reason = refusal(Role.MED_FOCAL, ["ferizaj"], Permission.RECORD_MINUTES, "ferizaj")
    assert reason == (
        "Med_focal tokens may not record the working group's decisions and minutes "
        "(minutes:record)."
    )
    assert refusal(Role.APPROVER, ["ferizaj"], Permission.RECORD_MINUTES, "ferizaj") is None
    assert "not prizren" in str(
        refusal(Role.APPROVER, ["ferizaj"], Permission.RECORD_MINUTES, "prizren")
    )


# The shell: monitoring's consumer of plan-progress.v1 over an in-memory store.


@dataclass
class MemoryMeetings:
    applied_ids: list[UUID] = field(default_factory=list)
    refusals: dict[UUID, list[dict[str, str]]] = field(default_factory=dict)

    async def applied(self, m: WorkingGroupMeeting) -> None:
        self.applied_ids.append(m.meeting_id)

    async def refused(self, meeting_id: UUID, problems: Any) -> None:
        self.refusals[meeting_id] = list(problems)


class MinutesUnit(MemoryUnit):
    def __init__(self) -> None:
        super().__init__(MemoryFollowing())
        self.meetings = MemoryMeetings()


def _met(m: WorkingGroupMeeting) -> MeetingRecordedEvent:
    return MeetingRecordedEvent(
        id=uuid4(),
        source="/dmap/monitoring",
        time=datetime(2027, 2, 10, tzinfo=UTC),
        subject=m.plan_id,
        data=MeetingRecorded(meeting=m),
    )


async def test_the_consumer_applies_a_meeting_once_and_publishes_the_snapshot() -> None:
    unit, following = MinutesUnit(), Following(lambda: TODAY)
    issued, approved = _events(adopted_plan())
    await following.issued(unit, [issued])
    await following.status_changed(unit, [approved])
    unit.outgoing.clear()
    event = _met(meeting())
    handled = await following.met(unit, [event, event, _met(meeting())])  # type: ignore[arg-type]
    assert handled.counts == {
        "meetings_applied": 1,
        "meetings_duplicate": 1,
        "meetings_refused": 0,
    }
    assert unit.meetings.applied_ids == [meeting().meeting_id]
    [snapshot] = [
        PlanTrackingEvent.model_validate_json(m.value)
        for m in unit.outgoing
        if m.topic == PLAN_TRACKING
    ]
    assert [m.meeting_id for m in snapshot.data.minutes] == [meeting().meeting_id]
    assert {a.action_id: a.status for a in snapshot.data.actions}["CL-1"] == "cancelled"


async def test_the_consumer_refuses_a_meeting_its_clock_says_is_in_the_future() -> None:
    unit, following = MinutesUnit(), Following(lambda: date(2027, 2, 1))
    issued, approved = _events(adopted_plan())
    await following.issued(unit, [issued])
    await following.status_changed(unit, [approved])
    handled = await following.met(unit, [_met(meeting())])  # type: ignore[arg-type]
    assert handled.counts["meetings_refused"] == 1
    [problem] = unit.meetings.refusals[meeting().meeting_id]
    assert problem["field"] == "held_on"
    assert unit.following.followed[PLAN_ID].meetings == ()


def test_the_topic_parser_reads_a_meeting_and_redacts_it() -> None:
    m = meeting(minutes="Prindi i Arta Berisha, tel. 044 123 456, u takua.")
    parsed = parse_progress(_met(m).model_dump_json().encode())
    assert isinstance(parsed, MeetingRecordedEvent)
    assert "044 123 456" not in parsed.data.meeting.minutes
    assert parsed.data.meeting.decisions == m.decisions
