"""The tracking snapshot the reports read: the contract in `schemas.progress`."""

from schemas.progress import (
    IndicatorPoint,
    PlanTracking,
    ReportReceived,
    SchoolMonthTotals,
    TrackedIndicator,
)

__all__ = [
    "IndicatorPoint",
    "PlanTracking",
    "ReportReceived",
    "SchoolMonthTotals",
    "TrackedIndicator",
]
