"""What the follow-up page shows of one plan's tracking snapshot, shaped for its template.

Pure: the snapshot, the plan's row (for the lead bodies' names in every language)
and the page language in; rows, the reports grid and the charts out.
"""

from typing import Any

from markupsafe import Markup

from schemas.progress import Alert, PlanTracking, ReportReceived, TrackedAction
from services.reporting.i18n import content, words
from services.reporting.i18n.following import ACTION_STATUS, ALERT_SENTENCE
from services.reporting.i18n.languages import Lang
from services.reporting.i18n.workspace import label_of, translator
from services.reporting.progress_form import school_months
from services.reporting.rendering import formats
from services.reporting.rendering.indicator_chart import ChartWords, indicator_svg

QUARTERS = ("Q1", "Q2", "Q3", "Q4")


def follow_up_view(
    tracking: PlanTracking, row: dict[str, Any] | None, lang: Lang
) -> dict[str, Any]:
    t = translator(lang)
    planned = _planned_actions(row)
    overdue = {a.subject for a in tracking.open_alerts if a.kind == "action_overdue"}
    return {
        "actions": [
            _action(a, planned.get(a.action_id), a.action_id in overdue, lang)
            for a in tracking.actions
        ],
        "charts": [_chart(tracking, i, t, lang) for i in range(len(tracking.indicators))],
        "alerts": [_alert(a, tracking, lang) for a in tracking.open_alerts],
        "grid": _reports_grid(tracking),
        "school_months": tracking.school_months,
    }


def _alert(alert: Alert, tracking: PlanTracking, lang: Lang) -> dict[str, Any]:
    """What the alert is about and the alert itself in the page's language."""
    labels = {a.action_id: content.text(a.label, lang) for a in tracking.actions}
    subject = alert.subject
    if subject in labels:
        about = f"{subject} {labels[subject]}"
    elif subject.startswith("school:"):
        school, _, month = subject.removeprefix("school:").rpartition(":")
        about = f"{school} · {month}"
    else:
        about = subject.replace("med:", "MED · ")
    return {"a": alert, "about": about, "sentence": alert_sentence(alert, tracking, lang)}


def alert_sentence(alert: Alert, tracking: PlanTracking, lang: Lang) -> str:
    """The alert as a sentence in `lang`, from its kind, subject and due date and the
    snapshot (the action, the indicator's newest point); never monitoring's English."""
    _ = words(lang, "workspace")
    due = formats.day(alert.due, lang)
    action = next((a for a in tracking.actions if a.action_id == alert.subject), None)
    name = f"{action.action_id} {content.text(action.label, lang)}" if action else alert.subject
    if alert.kind == "action_overdue":
        status = label_of(ACTION_STATUS, lang)(action.status) if action else ""
        return _(ALERT_SENTENCE["action_overdue"], action=name, due=due, status=status)
    if alert.kind == "indicator_off_track":
        return _indicator_sentence(alert, tracking, name, due, lang)
    kind, _sep, rest = alert.subject.partition(":")
    if kind == "school":
        school, _sep, month = rest.rpartition(":")
        when = formats.month(month, lang)
        return _(ALERT_SENTENCE["school_missing"], school=school, month=when, due=due)
    quarter = formats.quarter(rest, lang) if kind == "med" else alert.subject
    return _(ALERT_SENTENCE["med_missing"], quarter=quarter, due=due)


def _indicator_sentence(
    alert: Alert, tracking: PlanTracking, name: str, due: str, lang: Lang
) -> str:
    _ = words(lang, "workspace")
    indicator = next((i for i in tracking.indicators if i.action_id == alert.subject), None)
    point = indicator.points[-1] if indicator and indicator.points else None
    if indicator is None or point is None or point.expected is None:
        return _(ALERT_SENTENCE["indicator_off_track_bare"], action=name, due=due)
    unit = f" {indicator.unit}" if indicator.unit else ""
    target = (
        f"{formats.number(indicator.target_value, lang)}{unit}"
        if indicator.target_value is not None
        else "—"
    )
    return _(
        ALERT_SENTENCE["indicator_off_track"],
        action=name,
        value=f"{formats.number(point.value, lang)}{unit}",
        month=formats.month(point.period, lang),
        expected=f"{formats.number(round(point.expected, 1), lang)}{unit}",
        target=target,
        target_date=formats.day(indicator.target_date, lang) if indicator.target_date else "—",
    )


def _planned_actions(row: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    if not row:
        return {}
    plan = row["content"]
    return {a["action_id"]: a for p in plan.get("priorities", []) for a in p.get("actions", [])}


def _action(
    a: TrackedAction, planned: dict[str, Any] | None, overdue: bool, lang: Lang
) -> dict[str, Any]:
    lead = content.text(planned.get("responsible_label"), lang) if planned else ""
    last = a.history[-1] if a.history else None
    return {
        "a": a,
        "label": content.text(a.label, lang),
        "lead": lead or a.responsible,
        "light": "overdue" if overdue else a.status,
        "overdue": overdue,
        "last": last,
    }


def _chart(tracking: PlanTracking, index: int, t: dict[str, str], lang: Lang) -> dict[str, Any]:
    indicator = tracking.indicators[index]
    label = content.text(indicator.label, lang)
    words = ChartWords(
        title=f"{indicator.action_id}: {label}",
        baseline=t["baseline"],
        target=t["target_short"],
        no_data=t["no_points"],
        x_axis=t["axis_month"],
        y_axis=t["axis_value"],
        decimal="." if lang == "en" else ",",
    )
    svg: Markup = indicator_svg(indicator, words)
    return {"i": indicator, "label": label, "svg": svg}


def _reports_grid(tracking: PlanTracking) -> dict[str, Any]:
    """Reporters × periods: each cell on time, late, missing (an open alert) or empty."""
    months = school_months(tracking.cycle)
    received: dict[tuple[str, str], ReportReceived] = {
        (r.reporter, r.period): r for r in tracking.reports
    }
    missing = {a.subject for a in tracking.open_alerts if a.kind == "report_missing"}
    schools = {
        r.reporter.removeprefix("school:") for r in tracking.reports if r.kind == "school_monthly"
    }
    schools |= {
        s.removeprefix("school:").rsplit(":", 1)[0] for s in missing if s.startswith("school:")
    }

    def cell(reporter: str, period: str, alert: str) -> str:
        found = received.get((reporter, period))
        if found is not None:
            return "late" if found.late else "on_time"
        return "missing" if alert in missing else ""

    rows = [
        {
            "who": school,
            "cells": [cell(f"school:{school}", m, f"school:{school}:{m}") for m in months],
        }
        for school in sorted(schools)
    ]
    med = [cell("med", f"{tracking.cycle}:{q}", f"med:{q}") for q in QUARTERS]
    return {"months": months, "rows": rows, "quarters": QUARTERS, "med": med}
