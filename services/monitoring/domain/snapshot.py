"""The whole monitoring state of one plan as readers get it (`PlanTracking`).

A pure function of the tracked state, the alerts in force and the date. The
event id derives from the content and the moment it was taken: a state that
returns to an earlier one (an alert raised, then cleared) is still a new fact
for a reader that dedupes on ids, while the outbox's redelivery keeps the id.
"""

import hashlib
import uuid
from datetime import date, datetime
from typing import Final, get_args

from schemas.progress import (
    Alert,
    IndicatorMeasurement,
    IndicatorPoint,
    PlanTracking,
    PlanTrackingEvent,
    ReportKind,
    ReportReceived,
    SchoolMonthTotals,
    TrackedAction,
    TrackedIndicator,
)
from services.monitoring.domain.carry_over import carry_over
from services.monitoring.domain.periods import (
    QUARTERS,
    last_day,
    monthly_deadline,
    quarterly_deadline,
)
from services.monitoring.domain.state import PlanProgress, RecordedReport
from services.monitoring.domain.trajectory import judge, standing, trajectory_of

SOURCE: Final = "/dmap/monitoring"
_IDS: Final = uuid.UUID("9d3f6a52-1c8e-5b47-a0d2-7e41b9c3f086")  # namespace of snapshot ids
_KINDS: Final[frozenset[str]] = frozenset(get_args(ReportKind))


def tracking(progress: PlanProgress, open_alerts: tuple[Alert, ...], today: date) -> PlanTracking:
    return PlanTracking(
        plan_id=progress.plan_id,
        municipality=progress.municipality,
        cycle=progress.cycle,
        version=progress.version,
        adopted_on=progress.adopted_on,
        as_of=today,
        actions=progress.actions,
        indicators=tuple(_indicator(a, progress.measurements, today) for a in progress.actions),
        reports=tuple(_received(r) for r in progress.reports if r.kind in _KINDS),
        school_months=tuple(
            SchoolMonthTotals(school=m.school, month=m.month, counts=m.counts)
            for m in sorted(progress.school_months, key=lambda m: (m.month, m.school))
        ),
        open_alerts=tuple(sorted(open_alerts, key=lambda a: a.key)),
        next_cycle=carry_over(progress, today),
        # Which token recorded a meeting stays in monitoring.
        minutes=tuple(m.model_copy(update={"recorder_token_id": None}) for m in progress.meetings),
    )


def tracking_event(snapshot: PlanTracking, now: datetime) -> PlanTrackingEvent:
    """The snapshot as an event, taken at `now`."""
    digest = hashlib.sha256(snapshot.model_dump_json().encode()).hexdigest()
    return PlanTrackingEvent(
        id=uuid.uuid5(_IDS, f"{snapshot.plan_id}:{digest}:{now.isoformat()}"),
        source=SOURCE,
        time=now,
        subject=snapshot.plan_id,
        data=snapshot,
    )


def deadline(report: RecordedReport) -> date | None:
    """When the report was due: the 5th after a school month, the 15th after a quarter."""
    if report.kind == "school_monthly":
        return monthly_deadline(report.period)
    cycle, _, named = report.period.partition(":")
    quarter = next((q for q in QUARTERS if q == named), None)
    return None if quarter is None else quarterly_deadline(cycle, quarter)


def _received(report: RecordedReport) -> ReportReceived:
    due = deadline(report)
    submitted = report.submitted_at
    late = due is not None and submitted is not None and submitted.date() > due
    return ReportReceived(
        report_id=report.report_id,
        kind=report.kind,  # type: ignore[arg-type]  # filtered to ReportKind by the caller
        reporter=report.reporter,
        period=report.period,
        submitted_at=submitted,
        late=late,
    )


def _indicator(
    action: TrackedAction, measurements: tuple[IndicatorMeasurement, ...], today: date
) -> TrackedIndicator:
    indicator = action.indicator
    trajectory = trajectory_of(indicator)
    # One point per period: a later measurement of the same period corrects an earlier one.
    by_period = {m.period: m for m in measurements if m.indicator_ref == action.action_id}
    points = []
    for period in sorted(by_period):
        m = by_period[period]
        judged = judge(trajectory, m.value, last_day(period)) if trajectory else None
        points.append(
            IndicatorPoint(
                period=period,
                value=m.value,
                unit=m.unit,
                entered_by=m.entered_by,
                verified_by=m.verified_by,
                source=m.source,
                expected=None if judged is None else round(judged.expected, 4),
                on_track=None if judged is None else judged.on_track,
            )
        )
    standing_now = standing(action, measurements, today)
    return TrackedIndicator(
        action_id=action.action_id,
        category=action.category,
        label=indicator.label,
        unit=indicator.target_unit or next((p.unit for p in reversed(points) if p.unit), None),
        baseline_value=indicator.baseline_value,
        baseline_date=indicator.baseline_date,
        target_value=indicator.target_value,
        target_date=indicator.target_date,
        points=tuple(points),
        on_track=None if standing_now is None else standing_now[1].on_track,
    )
