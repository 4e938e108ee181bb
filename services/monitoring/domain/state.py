"""What monitoring knows about one adopted plan: its tracked actions and what was reported."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from schemas.progress import (
    IndicatorMeasurement,
    SchoolCounts,
    TrackedAction,
    WorkingGroupMeeting,
)
from schemas.vocabulary import MunicipalityCode


@dataclass(frozen=True, slots=True)
class RecordedReport:
    report_id: UUID
    kind: str
    reporter: str  # the reporter's key: `school:<name>`, `med`, `<partner>:<name>`
    period: str  # `YYYY-MM` or `<cycle>:Q<n>`
    submitted_at: datetime | None = None  # as the reporter stated it (lateness)


@dataclass(frozen=True, slots=True)
class SchoolMonth:
    school: str
    month: str
    counts: SchoolCounts
    enrolled: int | None = None  # pupils enrolled, when the school said


OutcomeName = Literal["pending", "applied", "refused"]


@dataclass(frozen=True, slots=True)
class ReportOutcome:
    """What became of a report sent to the API: `pending` until monitoring applied it,
    then `applied`, or `refused` with its problems (`{field, reason}`)."""

    report_id: UUID
    plan_id: str
    kind: str
    reporter: str
    period: str
    outcome: OutcomeName
    problems: list[Any]
    received_at: datetime


@dataclass(frozen=True, slots=True)
class PlanProgress:
    """Everything monitoring knows about one adopted plan."""

    plan_id: str
    municipality: MunicipalityCode
    cycle: str
    version: int
    adopted_on: date
    actions: tuple[TrackedAction, ...]
    schools: tuple[str, ...] = ()  # expected to report every month
    reports: tuple[RecordedReport, ...] = ()
    school_months: tuple[SchoolMonth, ...] = ()
    measurements: tuple[IndicatorMeasurement, ...] = ()
    meetings: tuple[WorkingGroupMeeting, ...] = ()  # the working group's, oldest first

    def action(self, action_id: str) -> TrackedAction | None:
        return next((a for a in self.actions if a.action_id == action_id), None)
