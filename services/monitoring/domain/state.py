"""What monitoring knows about one adopted plan: its tracked actions and what was reported."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from schemas.progress import IndicatorMeasurement, SchoolCounts, TrackedAction
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

    def action(self, action_id: str) -> TrackedAction | None:
        return next((a for a in self.actions if a.action_id == action_id), None)
