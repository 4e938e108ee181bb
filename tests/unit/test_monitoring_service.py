"""The monitoring service's shell over an in-memory store: adoption, reports, alerts, refusals."""

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest

from dmap.tokens import ScopeError, create_token
from schemas.plans import (
    Plan,
    PlanStatusChanged,
    PlanStatusChangedEvent,
    PlanVersionIssued,
    PlanVersionIssuedEvent,
)
from schemas.progress import (
    ActionStatusReport,
    Alert,
    AlertRaisedEvent,
    PlanTrackingEvent,
    ProgressReported,
    ProgressReportedEvent,
    SchoolMonthlyReport,
)
from schemas.topics import PLAN_ALERTS, PLAN_TRACKING
from services.monitoring.accepting import refused_answer as _refused
from services.monitoring.domain.refusals import Problem
from services.monitoring.domain.reports import Report
from services.monitoring.domain.state import PlanProgress, RecordedReport
from services.monitoring.following import Following, clock_of
from services.monitoring.subscriptions import parse_progress
from services.runtime.auth.roles import PERMISSIONS, Permission, Role
from services.runtime.settings import Settings
from services.runtime.unit_of_work import UnitOfWork
from tests.unit.monitoring_plans import NOW, PLAN_ID, TODAY, adopted_plan, school_report


@dataclass
class MemoryFollowing:
    """The store's methods the handlers use, over dictionaries."""

    seen: set[UUID] = field(default_factory=set)
    issued_versions: dict[tuple[str, int], Plan] = field(default_factory=dict)
    followed: dict[str, PlanProgress] = field(default_factory=dict)
    in_force: dict[str, list[Alert]] = field(default_factory=dict)
    outcomes: dict[UUID, tuple[str, list[dict[str, str]]]] = field(default_factory=dict)

    async def first_time(self, event_id: UUID, _type: str) -> bool:
        new = event_id not in self.seen
        self.seen.add(event_id)
        return new

    async def save_issued(self, plan: Plan) -> None:
        self.issued_versions.setdefault((plan.plan_id, plan.version), plan)

    async def issued(self, plan_id: str, version: int) -> Plan | None:
        return self.issued_versions.get((plan_id, version))

    async def progress(self, plan_id: str, lock: bool = False) -> PlanProgress | None:
        return self.followed.get(plan_id)

    async def save(self, progress: PlanProgress) -> None:
        self.followed[progress.plan_id] = progress

    async def add_report(self, report: Report, reporter: str, period: str) -> None:
        recorded = RecordedReport(
            report.report_id, report.kind, reporter, period, report.submitted_at
        )
        assert recorded in self.followed[report.plan_id].reports

    async def settle(self, report_id: UUID, outcome: str, problems: Any = ()) -> None:
        self.outcomes[report_id] = (outcome, list(problems))

    async def alerts(self, plan_id: str) -> list[Alert]:
        return self.in_force.get(plan_id, [])

    async def replace_alerts(self, plan_id: str, alerts: Any, today: date) -> None:
        self.in_force[plan_id] = list(alerts)


class MemoryUnit(UnitOfWork):
    def __init__(self, store: MemoryFollowing) -> None:
        super().__init__(Settings())
        self.following = store


def _events(plan: Plan, status: str = "approved") -> tuple[Any, Any]:
    issued = PlanVersionIssuedEvent(
        id=uuid4(),
        source="/dmap/planning",
        time=NOW,
        subject=plan.plan_id,
        data=PlanVersionIssued(plan=plan.model_copy(update={"status": "in_review"})),
    )
    changed = PlanStatusChangedEvent(
        id=uuid4(),
        source="/dmap/planning",
        time=NOW,
        subject=plan.plan_id,
        data=PlanStatusChanged(
            plan_id=plan.plan_id,
            version=plan.version,
            previous_status="in_review",
            status=status,
            review_id=uuid4(),
            reviewer="Director of the MED Ferizaj",
            adoption=plan.adoption if status == "approved" else None,
        ),
    )
    return issued, changed


def _reported(report: Report) -> ProgressReportedEvent:
    return ProgressReportedEvent(
        id=uuid4(),
        source="/dmap/monitoring",
        time=NOW,
        subject=report.plan_id,
        data=ProgressReported(report=report),
    )


async def _adopted(following: Following, unit: MemoryUnit) -> None:
    issued, approved = _events(adopted_plan())
    await following.issued(unit, [issued])
    handled = await following.status_changed(unit, [approved])
    assert handled.counts["adopted"] == 1


async def test_an_approval_tracks_the_issued_version_and_raises_its_alerts() -> None:
    unit, following = MemoryUnit(MemoryFollowing()), Following(lambda: TODAY)
    await _adopted(following, unit)
    progress = unit.following.followed[PLAN_ID]
    assert [a.action_id for a in progress.actions] == ["AB-1", "CL-1", "RAE-1"]
    raised = [m for m in unit.outgoing if m.topic == PLAN_ALERTS]
    assert raised
    assert all(m.key == PLAN_ID for m in raised)
    keys = {a.key for a in unit.following.in_force[PLAN_ID]}
    assert f"action_overdue:{PLAN_ID}:AB-1" in keys  # due end of January, today is Feb 10


async def test_a_replayed_approval_changes_nothing_and_publishes_nothing() -> None:
    unit, following = MemoryUnit(MemoryFollowing()), Following(lambda: TODAY)
    issued, approved = _events(adopted_plan())
    await following.issued(unit, [issued])
    await following.status_changed(unit, [approved])
    unit.outgoing.clear()
    handled = await following.status_changed(unit, [approved])
    assert handled.applied == []
    assert unit.outgoing == []


async def test_a_status_other_than_approved_follows_nothing() -> None:
    unit, following = MemoryUnit(MemoryFollowing()), Following(lambda: TODAY)
    issued, sent_back = _events(adopted_plan(), status="changes_requested")
    await following.issued(unit, [issued])
    await following.status_changed(unit, [sent_back])
    assert unit.following.followed == {}


async def test_an_approval_of_a_version_never_issued_is_counted_not_followed() -> None:
    unit, following = MemoryUnit(MemoryFollowing()), Following(lambda: TODAY)
    _, approved = _events(adopted_plan())
    handled = await following.status_changed(unit, [approved])
    assert handled.counts["unknown_version"] == 1
    assert unit.following.followed == {}


async def test_a_report_is_applied_once_and_its_alerts_recomputed() -> None:
    unit, following = MemoryUnit(MemoryFollowing()), Following(lambda: TODAY)
    await _adopted(following, unit)
    report = school_report()
    handled = await following.reported(unit, [_reported(report), _reported(report)])
    assert handled.counts == {"reports_applied": 1, "reports_duplicate": 1, "reports_refused": 0}
    [visits] = [a for a in unit.following.followed[PLAN_ID].actions if a.action_id == "AB-1"]
    assert visits.status == "on_track"
    assert visits.history[-1].report_id == report.report_id


def _snapshots(unit: MemoryUnit) -> list[PlanTrackingEvent]:
    out = [m for m in unit.outgoing if m.topic == PLAN_TRACKING]
    assert all(m.key == PLAN_ID for m in out)
    return [PlanTrackingEvent.model_validate_json(m.value) for m in out]


async def test_each_change_publishes_the_plans_whole_state_once() -> None:
    unit, following = MemoryUnit(MemoryFollowing()), Following(lambda: TODAY)
    await _adopted(following, unit)
    [adopted] = _snapshots(unit)
    assert adopted.data.reports == ()
    assert adopted.data.open_alerts
    unit.outgoing.clear()
    report = school_report()
    await following.reported(unit, [_reported(report)])
    [after] = _snapshots(unit)
    assert [r.report_id for r in after.data.reports] == [report.report_id]
    assert after.data.actions[0].status == "on_track"
    unit.outgoing.clear()
    await following.reported(unit, [_reported(report)])  # a redelivery: nothing changed
    assert _snapshots(unit) == []


async def test_a_report_for_a_plan_not_followed_is_refused_and_counted() -> None:
    unit, following = MemoryUnit(MemoryFollowing()), Following(lambda: TODAY)
    handled = await following.reported(unit, [_reported(school_report())])
    assert handled.counts["reports_refused"] == 1


async def test_a_report_refused_when_applied_says_why_and_leaves_its_period_open() -> None:
    unit, following = MemoryUnit(MemoryFollowing()), Following(lambda: TODAY)
    await _adopted(following, unit)
    # Accepted at the API, then an amended plan cancelled the action it reports on.
    progress = unit.following.followed[PLAN_ID]
    cancelled = tuple(
        a.model_copy(update={"status": "cancelled"}) if a.action_id == "AB-1" else a
        for a in progress.actions
    )
    unit.following.followed[PLAN_ID] = replace(progress, actions=cancelled)
    refused = school_report()
    handled = await following.reported(unit, [_reported(refused)])
    assert handled.counts["reports_refused"] == 1
    assert unit.following.outcomes[refused.report_id] == (
        "refused",
        [{"field": "actions[0].action_id", "reason": "AB-1 was cancelled; it takes no reports"}],
    )
    # The month is not taken: the school's corrected report for it is applied.
    corrected = school_report(report_id=uuid4(), actions=())
    handled = await following.reported(unit, [_reported(corrected)])
    assert handled.counts["reports_applied"] == 1
    assert unit.following.outcomes[corrected.report_id] == ("applied", [])
    assert [r.report_id for r in unit.following.followed[PLAN_ID].reports] == [corrected.report_id]


async def test_evidence_read_from_the_topic_is_redacted() -> None:
    leaky = ActionStatusReport(
        action_id="AB-1", status="on_track", evidence="Vizitë te Arta Krasniqi, tel. 044 123 456"
    )
    event = _reported(school_report(actions=(leaky,)))
    parsed = parse_progress(event.model_dump_json().encode())
    assert isinstance(parsed.data.report, SchoolMonthlyReport)
    assert parsed.data.report.actions[0].evidence == "Vizitë te [NAME], tel. [PHONE]"
    assert parsed.id == event.id


async def test_alert_events_name_the_plan_and_repeat_their_ids_on_recomputation() -> None:
    first, again = MemoryUnit(MemoryFollowing()), MemoryUnit(MemoryFollowing())
    following = Following(lambda: TODAY)
    issued, approved = _events(adopted_plan())
    for unit in (first, again):
        await following.issued(unit, [issued])
        await following.status_changed(unit, [approved])
    ids = [
        [
            AlertRaisedEvent.model_validate_json(m.value).id
            for m in u.outgoing
            if m.topic == PLAN_ALERTS
        ]
        for u in (first, again)
    ]
    assert ids[0]
    assert ids[0] == ids[1]


def test_the_clock_is_the_setting_when_set_else_the_real_date() -> None:
    assert clock_of(Settings(monitoring_today="2027-09-15"))() == date(2027, 9, 15)
    assert clock_of(Settings())() == datetime.now(UTC).date()
    with pytest.raises(ValueError, match="pattern"):
        Settings(monitoring_today="15.09.2027")


def test_scope_refusals_are_403_and_content_refusals_422() -> None:
    scoped = _refused((Problem("school", "this token reports for A, not B"),))
    assert scoped.status_code == 403
    content = _refused((Problem("month", "2027-10 begins after today"),))
    assert content.status_code == 422
    assert b'"field":"month"' in bytes(content.body)


def test_a_school_team_reports_and_reads_progress_and_nothing_else() -> None:
    assert PERMISSIONS[Role.SCHOOL_TEAM] == {Permission.REPORT_PROGRESS, Permission.READ_PROGRESS}
    assert Permission.REPORT_PROGRESS not in PERMISSIONS[Role.APPROVER]


@pytest.mark.parametrize(
    ("role", "municipalities", "school", "message"),
    [
        (Role.SCHOOL_TEAM, ["ferizaj"], None, "--school"),
        (Role.PLANNER, ["ferizaj"], "SHFMU Ismail Qemali", "--school"),
        (Role.SCHOOL_TEAM, ["ferizaj", "gjilan"], "SHFMU Ismail Qemali", "one --municipality"),
        (Role.SCHOOL_TEAM, ["ferizaj"], "  ", "one --municipality"),
    ],
)
async def test_a_school_scope_names_one_school_of_one_municipality(
    role: Role, municipalities: list[str], school: str | None, message: str
) -> None:
    # Refused before any database is reached.
    with pytest.raises(ScopeError, match=message):
        await create_token(Settings(), "x", role, municipalities=municipalities, school=school)
