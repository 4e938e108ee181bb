"""An indicator's way from baseline to target, and whether a measurement keeps to it.

The trajectory is the straight line from (baseline value, baseline date) to
(target value, target date), flat before and after. A measurement is off
track when it lies on the wrong side of the line (below it when the target is
above the baseline, above it when the target is below, as for a dropout rate)
by more than `tolerance` × the distance from baseline to target.
"""

from dataclasses import dataclass
from datetime import date
from typing import Final

from schemas.plans import Indicator
from schemas.progress import IndicatorMeasurement, TrackedAction
from services.monitoring.domain.periods import first_day, last_day
from services.monitoring.domain.refusals import MonitoringError

TOLERANCE: Final = 0.1


@dataclass(frozen=True, slots=True)
class Trajectory:
    baseline_value: float
    baseline_date: date
    target_value: float
    target_date: date

    def __post_init__(self) -> None:
        if self.target_date <= self.baseline_date:
            raise MonitoringError(
                f"the target date {self.target_date} is not after the baseline date "
                f"{self.baseline_date}"
            )

    @property
    def rising(self) -> bool:
        return self.target_value >= self.baseline_value

    def expected(self, at: date) -> float:
        """The value the line gives on `at`."""
        if at <= self.baseline_date:
            return self.baseline_value
        if at >= self.target_date:
            return self.target_value
        done = (at - self.baseline_date).days / (self.target_date - self.baseline_date).days
        return self.baseline_value + done * (self.target_value - self.baseline_value)

    def met(self, value: float) -> bool:
        return value >= self.target_value if self.rising else value <= self.target_value


@dataclass(frozen=True, slots=True)
class Judgement:
    on_track: bool
    value: float
    expected: float
    at: date


def trajectory_of(indicator: Indicator) -> Trajectory | None:
    """The indicator's trajectory, once its baseline and target are both entered."""
    i = indicator
    if i.baseline_value is None or i.baseline_date is None:
        return None
    if i.target_value is None or i.target_date is None:
        return None
    return Trajectory(i.baseline_value, i.baseline_date, i.target_value, i.target_date)


def judge(
    trajectory: Trajectory, value: float, at: date, tolerance: float = TOLERANCE
) -> Judgement:
    expected = trajectory.expected(at)
    shortfall = expected - value if trajectory.rising else value - expected
    allowed = tolerance * abs(trajectory.target_value - trajectory.baseline_value)
    return Judgement(shortfall <= allowed + 1e-9, value, expected, at)


def latest(
    measurements: tuple[IndicatorMeasurement, ...], action_id: str, today: date
) -> IndicatorMeasurement | None:
    """The newest measurement of an action's indicator for a period begun by `today`."""
    mine = [
        m for m in measurements if m.indicator_ref == action_id and first_day(m.period) <= today
    ]
    # the newest period wins; for the same period, the one recorded last
    return max(reversed(mine), key=lambda m: m.period, default=None)


def standing(
    action: TrackedAction,
    measurements: tuple[IndicatorMeasurement, ...],
    today: date,
    tolerance: float = TOLERANCE,
) -> tuple[IndicatorMeasurement, Judgement] | None:
    """The action's newest measurement judged against its trajectory, if both exist."""
    trajectory = trajectory_of(action.indicator)
    measurement = latest(measurements, action.action_id, today)
    if trajectory is None or measurement is None:
        return None
    at = last_day(measurement.period)
    return measurement, judge(trajectory, measurement.value, at, tolerance)
