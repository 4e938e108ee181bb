"""What the follow-up page shows of one plan's tracking snapshot, shaped for its template.

Pure: the snapshot, the plan's row (for the lead bodies' names in every language)
and the page language in; rows, the reports grid and the charts out.
"""

from typing import Any

from markupsafe import Markup

from schemas.progress import Alert, PlanTracking, ReportReceived, TrackedAction
from services.reporting.i18n import content
from services.reporting.i18n.languages import Lang
from services.reporting.i18n.workspace import translator
from services.reporting.progress_form import school_months
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
    """What the alert is about in the page's language; monitoring's English sentence
    stays as the tooltip."""
    labels = {a.action_id: content.text(a.label, lang) for a in tracking.actions}
    subject = alert.subject
    if subject in labels:
        about = f"{subject} {labels[subject]}"
    elif subject.startswith("school:"):
        school, _, month = subject.removeprefix("school:").rpartition(":")
        about = f"{school} · {month}"
    else:
        about = subject.replace("med:", "MED · ")
    return {"a": alert, "about": about}


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
