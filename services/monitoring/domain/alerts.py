"""Alerts in force, from the tracked state and the date alone; and what changed since.

`alerts(progress, today)` is deterministic: the same state and day give the
same sorted alerts. `diff_alerts` turns the change from the alerts raised
before into events whose ids derive from the alert's key and the day, so a
recomputation emits the same events (consumers dedupe on the id).
"""

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Final

from schemas.progress import (
    Alert,
    AlertCleared,
    AlertClearedEvent,
    AlertKind,
    AlertRaised,
    AlertRaisedEvent,
)
from services.monitoring.domain.periods import (
    QUARTERS,
    first_day,
    last_day,
    month_of,
    monthly_deadline,
    quarter_months,
    quarterly_deadline,
    school_months,
)
from services.monitoring.domain.state import PlanProgress
from services.monitoring.domain.tracking import FINISHED
from services.monitoring.domain.trajectory import TOLERANCE, standing

SOURCE: Final = "/dmap/monitoring"
_IDS: Final = uuid.UUID("5b0e7c1e-4d3a-5f7b-9a61-0c2d6e8f1a14")  # namespace of alert event ids


def alerts(progress: PlanProgress, today: date, tolerance: float = TOLERANCE) -> tuple[Alert, ...]:
    """Every alert in force on `today`, sorted by key."""
    found = [*_overdue(progress, today), *_off_track(progress, today, tolerance)]
    found += [*_school_reports_missing(progress, today), *_med_reports_missing(progress, today)]
    return tuple(sorted(found, key=lambda a: a.key))


def diff_alerts(
    previous: Iterable[Alert], current: Iterable[Alert], today: date, now: datetime
) -> tuple[AlertRaisedEvent | AlertClearedEvent, ...]:
    """AlertRaised for each new key, AlertCleared for each key no longer in force."""
    before = {a.key: a for a in previous}
    after = {a.key: a for a in current}
    events: list[AlertRaisedEvent | AlertClearedEvent] = []
    for key in sorted(before.keys() | after.keys()):
        if key in after and key not in before:
            alert = after[key]
            events.append(
                AlertRaisedEvent(
                    id=_event_id("raised", key, today),
                    source=SOURCE,
                    time=now,
                    subject=alert.plan_id,
                    data=AlertRaised(alert=alert, raised_on=today),
                )
            )
        elif key in before and key not in after:
            alert = before[key]
            events.append(
                AlertClearedEvent(
                    id=_event_id("cleared", key, today),
                    source=SOURCE,
                    time=now,
                    subject=alert.plan_id,
                    data=AlertCleared(alert=alert, cleared_on=today),
                )
            )
    return tuple(events)


def _event_id(fact: str, key: str, today: date) -> uuid.UUID:
    return uuid.uuid5(_IDS, f"{fact}:{key}:{today.isoformat()}")


def _alert(progress: PlanProgress, kind: AlertKind, subject: str, due: date, message: str) -> Alert:
    return Alert(
        key=f"{kind}:{progress.plan_id}:{subject}",
        kind=kind,
        plan_id=progress.plan_id,
        municipality=progress.municipality,
        subject=subject,
        due=due,
        message=message,
    )


def _overdue(progress: PlanProgress, today: date) -> list[Alert]:
    return [
        _alert(
            progress,
            "action_overdue",
            a.action_id,
            last_day(a.end_month),
            f"{a.action_id} ({a.label.en}) was due by the end of {a.end_month} and is "
            f"{a.status.replace('_', ' ')}; lead: {a.focal_point or a.responsible}",
        )
        for a in progress.actions
        if a.status not in FINISHED and today > last_day(a.end_month)
    ]


def _off_track(progress: PlanProgress, today: date, tolerance: float) -> list[Alert]:
    found = []
    for action in progress.actions:
        judged = standing(action, progress.measurements, today, tolerance)
        if action.status == "cancelled" or judged is None or judged[1].on_track:
            continue
        measurement, judgement = judged
        unit = measurement.unit or ""
        found.append(
            _alert(
                progress,
                "indicator_off_track",
                action.action_id,
                judgement.at,
                f"{action.indicator.label.en}: {judgement.value:g} {unit} in "
                f"{measurement.period}, {judgement.expected:.1f} {unit} expected on the way "
                f"to {action.indicator.target_value:g} {unit} by {action.indicator.target_date}",
            )
        )
    return found


def _reported(progress: PlanProgress, reporter: str, period: str) -> bool:
    return any((r.reporter, r.period) == (reporter, period) for r in progress.reports)


def _school_reports_missing(progress: PlanProgress, today: date) -> list[Alert]:
    adopted = month_of(progress.adopted_on)
    return [
        _alert(
            progress,
            "report_missing",
            f"school:{school}:{month}",
            monthly_deadline(month),
            f"{school}: the monthly report for {month} was due by {monthly_deadline(month)}",
        )
        for school in progress.schools
        for month in school_months(progress.cycle)
        if month >= adopted
        and today > monthly_deadline(month)
        and not _reported(progress, f"school:{school}", month)
    ]


def _med_reports_missing(progress: PlanProgress, today: date) -> list[Alert]:
    found = []
    for quarter in QUARTERS:
        first, last = quarter_months(progress.cycle, quarter)
        due = quarterly_deadline(progress.cycle, quarter)
        if last_day(last) < progress.adopted_on or today <= due:
            continue
        if not _reported(progress, "med", f"{progress.cycle}:{quarter}"):
            months = f"{first_day(first):%b}–{last_day(last):%b %Y}"
            message = f"the MED's quarterly report for {quarter} ({months}) was due by {due}"
            found.append(_alert(progress, "report_missing", f"med:{quarter}", due, message))
    return found
