"""What the reports say about one plan at one date, computed once from its snapshot.

Every report and the dashboard read these figures, so a traffic light, an overdue
action or a missing report is counted the same way everywhere. A past quarter is
read as it stood at its end: an action's status from its history up to that day.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final, Literal

from schemas.progress import ActionStatus, Alert, TrackedAction
from services.reporting.reports.periods import last_day, period_months
from services.reporting.reports.snapshot import (
    IndicatorPoint,
    PlanTracking,
    ReportReceived,
    TrackedIndicator,
)

Light = Literal["green", "amber", "red", "grey"]
# Why an action has its light: its status, or being overdue / not begun when due.
Standing = Literal["done", "on_track", "delayed", "overdue", "late_start", "not_due", "cancelled"]
LIGHTS: Final[dict[Standing, Light]] = {
    "done": "green",
    "on_track": "green",
    "delayed": "amber",
    "late_start": "amber",
    "overdue": "red",
    "not_due": "grey",
    "cancelled": "grey",
}


@dataclass(frozen=True)
class ActionFigure:
    action: TrackedAction
    status: ActionStatus  # as it stood on the day read
    standing: Standing
    evidence: str  # the latest update's evidence up to that day

    @property
    def light(self) -> Light:
        return LIGHTS[self.standing]


@dataclass(frozen=True)
class IndicatorFigure:
    indicator: TrackedIndicator
    points: tuple[IndicatorPoint, ...]  # up to the day read

    @property
    def latest(self) -> IndicatorPoint | None:
        return self.points[-1] if self.points else None

    @property
    def on_track(self) -> bool | None:
        return self.latest.on_track if self.latest else None


@dataclass(frozen=True)
class PlanFigures:
    tracking: PlanTracking
    day: date  # what the figures describe: the end of the period, or the snapshot's date
    actions: tuple[ActionFigure, ...]
    indicators: tuple[IndicatorFigure, ...]
    received: tuple[ReportReceived, ...]  # reports for the months read
    missing: tuple[Alert, ...]  # `report_missing` alerts still open

    @property
    def live(self) -> tuple[ActionFigure, ...]:
        """The actions not cancelled: the ones a share is a share of."""
        return tuple(a for a in self.actions if a.standing != "cancelled")

    def count(self, *standings: Standing) -> int:
        return sum(1 for a in self.actions if a.standing in standings)

    @property
    def overdue(self) -> tuple[ActionFigure, ...]:
        return tuple(a for a in self.actions if a.standing == "overdue")

    @property
    def off_track(self) -> tuple[IndicatorFigure, ...]:
        return tuple(i for i in self.indicators if i.on_track is False)

    def share(self, *standings: Standing) -> float | None:
        """The share of live actions in these standings (None for a plan with none)."""
        live = len(self.live)
        return self.count(*standings) / live if live else None

    @property
    def planned_eur(self) -> Decimal:
        return sum((_eur(a.action.cost_eur) for a in self.live), Decimal(0))

    @property
    def spent_eur(self) -> Decimal:
        return sum((_eur(a.action.spent_eur) for a in self.actions), Decimal(0))

    @property
    def not_costed(self) -> int:
        return sum(1 for a in self.live if a.action.cost_eur is None)


def _eur(value: float | None) -> Decimal:
    return Decimal(repr(value)) if value is not None else Decimal(0)


def status_on(action: TrackedAction, day: date, as_of: date) -> tuple[ActionStatus, str]:
    """The action's status and latest evidence on `day` (its current ones from `as_of` on)."""
    if day >= as_of:
        last = action.history[-1] if action.history else None
        return action.status, last.evidence if last else ""
    before = [u for u in action.history if u.on <= day]
    if not before:
        return "not_started", ""
    return before[-1].status, before[-1].evidence


def standing_of(action: TrackedAction, status: ActionStatus, day: date) -> Standing:
    if status in ("done", "cancelled"):
        return status
    if day > last_day(action.end_month):
        return "overdue"
    if status == "not_started":
        # a month of grace: an action starting in October is late once October is over
        return "late_start" if day > last_day(action.start_month) else "not_due"
    return status


def figures(
    tracking: PlanTracking, day: date | None = None, months: tuple[str, ...] | None = None
) -> PlanFigures:
    """The plan's figures on `day` (default: the snapshot's date), with the reports for
    `months` (default: every report received)."""
    at = min(day or tracking.as_of, tracking.as_of)
    actions = []
    for a in tracking.actions:
        status, evidence = status_on(a, at, tracking.as_of)
        actions.append(ActionFigure(a, status, standing_of(a, status, at), evidence))
    upto = f"{at.year:04d}-{at.month:02d}"
    indicators = tuple(
        IndicatorFigure(i, tuple(p for p in i.points if p.period <= upto))
        for i in tracking.indicators
    )
    received = tuple(
        r
        for r in tracking.reports
        if months is None or set(period_months(r.period, tracking.cycle)) & set(months)
    )
    missing = tuple(a for a in tracking.open_alerts if a.kind == "report_missing")
    return PlanFigures(tracking, at, tuple(actions), indicators, received, missing)
