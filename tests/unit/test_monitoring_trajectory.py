"""The straight line from baseline to target, and whether a measurement keeps to it."""

from datetime import date

import pytest

from schemas.plans import Indicator
from services.monitoring.domain.refusals import MonitoringError
from services.monitoring.domain.tracking import track
from services.monitoring.domain.trajectory import (
    Trajectory,
    judge,
    latest,
    standing,
    trajectory_of,
)
from tests.unit.monitoring_plans import LEARNING_CENTRES, TODAY, adopted_plan, measurement

ATTENDANCE = Trajectory(80.0, date(2026, 9, 1), 90.0, date(2026, 9, 11))
DROPOUT = Trajectory(8.5, date(2026, 6, 30), 5.0, date(2027, 6, 30))


def test_the_line_runs_from_baseline_to_target_and_stays_flat_outside() -> None:
    assert ATTENDANCE.expected(date(2026, 8, 1)) == 80.0
    assert ATTENDANCE.expected(date(2026, 9, 6)) == pytest.approx(85.0)
    assert ATTENDANCE.expected(date(2027, 1, 1)) == 90.0


def test_a_rising_indicator_below_its_line_is_off_track() -> None:
    on = date(2026, 9, 6)  # 85 expected, 1 point of tolerance
    assert judge(ATTENDANCE, 84.2, on).on_track
    assert not judge(ATTENDANCE, 83.5, on).on_track
    assert judge(ATTENDANCE, 95.0, on).on_track  # ahead of the line


def test_a_falling_indicator_above_its_line_is_off_track() -> None:
    end_of_january = date(2027, 1, 31)  # 6.44 % expected, 0.35 points of tolerance
    judged = judge(DROPOUT, 7.9, end_of_january)
    assert not judged.on_track
    assert judged.expected == pytest.approx(6.438, abs=1e-3)
    assert judge(DROPOUT, 6.6, end_of_january).on_track
    assert judge(DROPOUT, 4.0, end_of_january).on_track


def test_the_tolerance_can_be_set() -> None:
    assert judge(DROPOUT, 7.9, date(2027, 1, 31), tolerance=0.5).on_track


def test_a_target_on_or_before_its_baseline_is_an_error() -> None:
    with pytest.raises(MonitoringError, match="not after the baseline date"):
        Trajectory(8.5, date(2027, 6, 30), 5.0, date(2027, 6, 30))


def test_no_trajectory_until_baseline_and_target_are_entered() -> None:
    indicator = Indicator(label=LEARNING_CENTRES.label, baseline_source="EMIS", target="less")
    assert trajectory_of(indicator) is None
    assert trajectory_of(LEARNING_CENTRES.indicator) == DROPOUT


def test_the_newest_period_is_judged() -> None:
    taken = (
        measurement(period="2027-01", value=7.9),
        measurement(period="2026-11", value=6.0),
        measurement(period="2027-01", value=7.0, verified_by="Inclusion officer, MOCR"),
        measurement(period="2027-03", value=5.0),  # not begun on the 10th of February
    )
    assert latest(taken, "RAE-1", TODAY) == taken[2]
    assert latest(taken, "AB-1", TODAY) is None
    centres = track(adopted_plan())[2]
    judged = standing(centres, taken, TODAY)
    assert judged is not None
    assert judged[1].at == date(2027, 1, 31)
    assert not judged[1].on_track
