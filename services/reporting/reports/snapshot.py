"""The tracking snapshot reporting reads (`reporting.plan_tracking.payload`).

Provisional: written against the agreed contract (notes: tracking_contract) until
`schemas.progress.PlanTracking` lands on `main`; then this module only re-exports it.
"""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from schemas.plans import Bilingual
from schemas.progress import Alert, CycleCarryOver, SchoolCounts, TrackedAction
from schemas.vocabulary import IssueCategory, MunicipalityCode

_FROZEN = ConfigDict(frozen=True, extra="ignore")


class IndicatorPoint(BaseModel):
    model_config = _FROZEN

    period: str
    value: float
    unit: str | None = None
    entered_by: str = ""
    verified_by: str | None = None
    source: str = ""
    expected: float | None = None
    on_track: bool | None = None


class TrackedIndicator(BaseModel):
    model_config = _FROZEN

    action_id: str
    category: IssueCategory
    label: Bilingual
    unit: str | None = None
    baseline_value: float | None = None
    baseline_date: date | None = None
    target_value: float | None = None
    target_date: date | None = None
    points: tuple[IndicatorPoint, ...] = ()
    on_track: bool | None = None


class ReportReceived(BaseModel):
    model_config = _FROZEN

    report_id: str
    kind: str
    reporter: str
    period: str
    submitted_at: datetime
    late: bool = False


class SchoolMonthTotals(BaseModel):
    model_config = _FROZEN

    school: str
    month: str
    counts: SchoolCounts


class PlanTracking(BaseModel):
    model_config = _FROZEN

    plan_id: str
    municipality: MunicipalityCode
    cycle: str
    version: int
    adopted_on: date
    as_of: date
    actions: tuple[TrackedAction, ...] = ()
    indicators: tuple[TrackedIndicator, ...] = ()
    reports: tuple[ReportReceived, ...] = ()
    school_months: tuple[SchoolMonthTotals, ...] = ()
    open_alerts: tuple[Alert, ...] = ()
    next_cycle: CycleCarryOver | None = None
