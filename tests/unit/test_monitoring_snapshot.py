"""The tracking snapshot: the whole state of one plan, as its readers get it."""

from datetime import UTC, date, datetime

from schemas.progress import PlanTrackingEvent
from services.monitoring.domain.alerts import alerts
from services.monitoring.domain.progress import Recorded, apply_report, start
from services.monitoring.domain.reports import Report, ReporterScope
from services.monitoring.domain.snapshot import tracking, tracking_event
from services.monitoring.domain.state import PlanProgress
from tests.unit.monitoring_plans import (
    PLAN_ID,
    SCHOOLS,
    TODAY,
    adopted_plan,
    measurement,
    med_report,
    school_report,
)


def _apply(progress: PlanProgress, *reports: Report) -> PlanProgress:
    for report in reports:
        outcome = apply_report(progress, report, today=TODAY, scope=ReporterScope())
        assert isinstance(outcome, Recorded), outcome
        progress = outcome.progress
    return progress


def _followed() -> PlanProgress:
    late = school_report(
        school=SCHOOLS[1], month="2026-12", submitted_at=datetime(2027, 1, 9, tzinfo=UTC)
    )
    q2 = med_report(
        quarter="Q1",
        measurements=(
            measurement(ref="RAE-1", period="2026-10", value=7.5),
            measurement(ref="RAE-1", period="2026-11", value=8.9),
            measurement(ref="RAE-1", period="2026-11", value=8.6),  # corrects the one above
        ),
    )
    return _apply(start(adopted_plan()), school_report(), late, q2)


def test_reports_received_say_which_came_after_their_deadline() -> None:
    snapshot = tracking(_followed(), (), TODAY)
    by_period = {(r.reporter, r.period): r.late for r in snapshot.reports}
    assert by_period == {
        (f"school:{SCHOOLS[0]}", "2026-11"): False,  # 3 December, due by the 5th
        (f"school:{SCHOOLS[1]}", "2026-12"): True,  # 9 January, due by the 5th
        ("med", "2026-2027:Q1"): False,  # 12 December, due by the 15th
    }


def test_an_indicator_has_one_point_per_period_judged_against_its_trajectory() -> None:
    snapshot = tracking(_followed(), (), TODAY)
    rae = next(i for i in snapshot.indicators if i.action_id == "RAE-1")
    assert (rae.baseline_value, rae.target_value, rae.unit) == (8.5, 5.0, "%")
    assert [(p.period, p.value) for p in rae.points] == [("2026-10", 7.5), ("2026-11", 8.6)]
    october, november = rae.points
    # the line runs from 8.5 % (June 2026) to 5 % (June 2027): 7.32 % at the end of October
    assert (october.expected, october.on_track) == (7.3205, True)
    # 8.6 in November against 7.03 expected: more than 10 % of 3.5 points off.
    assert november.on_track is False
    assert rae.on_track is False
    labour = next(i for i in snapshot.indicators if i.action_id == "CL-1")
    assert labour.points == ()
    assert labour.on_track is None


def test_the_snapshot_carries_actions_school_months_alerts_and_the_next_cycle() -> None:
    progress = _followed()
    snapshot = tracking(progress, alerts(progress, TODAY), TODAY)
    assert (snapshot.plan_id, snapshot.version, snapshot.as_of) == (PLAN_ID, 1, TODAY)
    assert snapshot.adopted_on == date(2026, 10, 12)
    assert [a.action_id for a in snapshot.actions] == ["AB-1", "CL-1", "RAE-1"]
    assert snapshot.actions[0].status == "on_track"
    assert [(m.school, m.month) for m in snapshot.school_months] == [
        (SCHOOLS[0], "2026-11"),
        (SCHOOLS[1], "2026-12"),
    ]
    keys = {a.key for a in snapshot.open_alerts}
    assert f"action_overdue:{PLAN_ID}:AB-1" in keys
    assert f"indicator_off_track:{PLAN_ID}:RAE-1" in keys
    assert snapshot.next_cycle is not None
    assert snapshot.next_cycle.next_cycle == "2027-2028"


def test_the_event_is_keyed_by_plan_and_survives_the_wire() -> None:
    now = datetime(2027, 2, 10, 8, 0, tzinfo=UTC)
    snapshot = tracking(_followed(), (), TODAY)
    event = tracking_event(snapshot, now)
    assert event.subject == PLAN_ID
    assert event.type == "org.dmap.tracking.snapshot.v1"
    assert event.dataschema.endswith("/tracking-snapshot.v1.json")
    assert PlanTrackingEvent.model_validate_json(event.model_dump_json()) == event
    # the same state taken again later is a new fact; taken at the same moment, the same id
    assert tracking_event(snapshot, now).id == event.id
    assert tracking_event(snapshot, datetime(2027, 2, 11, tzinfo=UTC)).id != event.id
