"""`dmap token create --expires-in`: the durations it takes and refuses."""

import argparse
from datetime import timedelta

import pytest

from dmap.tokens import duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [("90d", timedelta(days=90)), ("12h", timedelta(hours=12)), ("2W", timedelta(weeks=2))],
)
def test_durations(text: str, expected: timedelta) -> None:
    assert duration(text) == expected


@pytest.mark.parametrize("text", ["", "90", "0d", "-1d", "1y", "1.5d"])
def test_what_is_not_a_duration_is_refused(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        duration(text)
