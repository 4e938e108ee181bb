"""Alerts in force, from the tracked state and the date alone; and what changed since.

`alerts(progress, today)` is deterministic: the same state and day give the
same sorted alerts. `diff_alerts` turns the change from the alerts raised
before into events whose ids derive from the alert's key and the day, so a
recomputation emits the same events (consumers dedupe on the id).
"""

import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Final

from schemas.progress import (
    Alert,
    AlertCleared,
    AlertClearedEvent,
    AlertKind,
    AlertRaised,
    AlertRaisedEvent,
    TrackedAction,
)
from schemas.vocabulary.cyrillic import to_cyrillic
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
from services.wording.alerts import ACTION_STATUS, ALERT_SENTENCE

Words = Callable[[str], str]  # msgid -> the catalogue's text in one language
Say = Callable[[str, Words], str]  # (language, its words) -> the alert as a sentence

SOURCE: Final = "/dmap/monitoring"
_IDS: Final = uuid.UUID("5b0e7c1e-4d3a-5f7b-9a61-0c2d6e8f1a14")  # namespace of alert event ids


def alerts(
    progress: PlanProgress,
    today: date,
    tolerance: float = TOLERANCE,
    words: Mapping[str, Words] | None = None,
) -> tuple[Alert, ...]:
    """Every alert in force on `today`, sorted by key; with `words` (a language's
    catalogue words by language code), each alert's `messages` in those languages."""
    found = [*_overdue(progress, today), *_off_track(progress, today, tolerance)]
    found += [*_school_reports_missing(progress, today), *_med_reports_missing(progress, today)]
    worded = [
        alert.model_copy(update={"messages": {lang: say(lang, w) for lang, w in words.items()}})
        if words
        else alert
        for alert, say in found
    ]
    return tuple(sorted(worded, key=lambda a: a.key))


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


Found = tuple[Alert, Say]  # an alert (its English message) and how to word it


def _alert(
    progress: PlanProgress, kind: AlertKind, subject: str, due: date, message: str, say: Say
) -> Found:
    alert = Alert(
        key=f"{kind}:{progress.plan_id}:{subject}",
        kind=kind,
        plan_id=progress.plan_id,
        municipality=progress.municipality,
        subject=subject,
        due=due,
        message=message,
    )
    return alert, say


def _name(action: TrackedAction, lang: str) -> str:
    """`AB-1 Mentoring`: the code and the label in `lang` (Cyrillic transliterated from
    the Serbian); a language the label is not written in reads the English."""
    own: str | None = getattr(action.label, "sr" if lang == "sr-Cyrl" else lang, None)
    if not own:
        return f"{action.action_id} {action.label.en}"
    return f"{action.action_id} {to_cyrillic(own) if lang == 'sr-Cyrl' else own}"


def _overdue(progress: PlanProgress, today: date) -> list[Found]:
    def say(a: TrackedAction) -> Say:
        due = last_day(a.end_month).isoformat()
        return lambda lang, w: w(ALERT_SENTENCE["action_overdue"]).format(
            action=_name(a, lang), due=due, status=w(ACTION_STATUS[a.status])
        )

    return [
        _alert(
            progress,
            "action_overdue",
            a.action_id,
            last_day(a.end_month),
            f"{a.action_id} ({a.label.en}) was due by the end of {a.end_month} and is "
            f"{a.status.replace('_', ' ')}; lead: {a.focal_point or a.responsible}",
            say(a),
        )
        for a in progress.actions
        if a.status not in FINISHED and today > last_day(a.end_month)
    ]


def _off_track(progress: PlanProgress, today: date, tolerance: float) -> list[Found]:
    found = []
    for action in progress.actions:
        judged = standing(action, progress.measurements, today, tolerance)
        if action.status == "cancelled" or judged is None or judged[1].on_track:
            continue
        measurement, judgement = judged
        unit = measurement.unit or ""
        spaced = f" {unit}" if unit else ""
        values = {
            "value": f"{judgement.value:g}{spaced}",
            "month": measurement.period,
            "expected": f"{judgement.expected:.1f}{spaced}",
            "target": f"{action.indicator.target_value:g}{spaced}",
            "target_date": str(action.indicator.target_date),
        }
        found.append(
            _alert(
                progress,
                "indicator_off_track",
                action.action_id,
                judgement.at,
                f"{action.indicator.label.en}: {judgement.value:g} {unit} in "
                f"{measurement.period}, {judgement.expected:.1f} {unit} expected on the way "
                f"to {action.indicator.target_value:g} {unit} by {action.indicator.target_date}",
                _off_track_say(action, values),
            )
        )
    return found


def _off_track_say(action: TrackedAction, values: dict[str, str]) -> Say:
    return lambda lang, w: w(ALERT_SENTENCE["indicator_off_track"]).format(
        action=_name(action, lang), **values
    )


def _reported(progress: PlanProgress, reporter: str, period: str) -> bool:
    return any((r.reporter, r.period) == (reporter, period) for r in progress.reports)


def _school_reports_missing(progress: PlanProgress, today: date) -> list[Found]:
    adopted = month_of(progress.adopted_on)

    def say(school: str, month: str) -> Say:
        due = monthly_deadline(month).isoformat()
        return lambda _lang, w: w(ALERT_SENTENCE["school_missing"]).format(
            school=school, month=month, due=due
        )

    return [
        _alert(
            progress,
            "report_missing",
            f"school:{school}:{month}",
            monthly_deadline(month),
            f"{school}: the monthly report for {month} was due by {monthly_deadline(month)}",
            say(school, month),
        )
        for school in progress.schools
        for month in school_months(progress.cycle)
        if month >= adopted
        and today > monthly_deadline(month)
        and not _reported(progress, f"school:{school}", month)
    ]


def _med_reports_missing(progress: PlanProgress, today: date) -> list[Found]:
    found = []
    for quarter in QUARTERS:
        first, last = quarter_months(progress.cycle, quarter)
        due = quarterly_deadline(progress.cycle, quarter)
        if last_day(last) < progress.adopted_on or today <= due:
            continue
        if not _reported(progress, "med", f"{progress.cycle}:{quarter}"):
            months = f"{first_day(first):%b}–{last_day(last):%b %Y}"
            message = f"the MED's quarterly report for {quarter} ({months}) was due by {due}"

            def say(_lang: str, w: Words, q: str = quarter, d: date = due) -> str:
                return w(ALERT_SENTENCE["med_missing"]).format(quarter=q, due=d.isoformat())

            found.append(_alert(progress, "report_missing", f"med:{quarter}", due, message, say))
    return found
