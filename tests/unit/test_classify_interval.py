"""The evaluation tables give each precision with its sample and a 95% interval."""

import pytest

from dmap.classify import Score, wilson


def test_wilson_interval_matches_known_values() -> None:
    # 16 right of 23 (precision 0.70): the interval is wide enough to hold 0.75 and 0.50
    low, high = wilson(16, 23)
    assert low == pytest.approx(0.491, abs=0.002)
    assert high == pytest.approx(0.844, abs=0.002)
    # more assignments at the same precision give a narrower interval
    assert wilson(160, 230)[1] - wilson(160, 230)[0] < (high - low) / 2
    assert wilson(0, 0) == (0.0, 1.0)
    assert wilson(10, 10)[1] == 1.0


def test_a_score_reports_the_interval_of_its_own_sample() -> None:
    score = Score(
        "career_guidance",
        support=22,
        precision=16 / 23,
        recall=16 / 22,
        f1=0.71,
        assigned=23,
        right=16,
    )
    assert score.precision_interval == wilson(16, 23)
