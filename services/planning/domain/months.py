"""Months and the school-year quarters of the catalogue (T1 Sep–Nov ... T4 Jun–Aug)."""

from schemas.plans import Quarter

_QUARTER_OF_MONTH: dict[int, Quarter] = {
    9: "Q1", 10: "Q1", 11: "Q1",
    12: "Q2", 1: "Q2", 2: "Q2",
    3: "Q3", 4: "Q3", 5: "Q3",
    6: "Q4", 7: "Q4", 8: "Q4",
}  # fmt: skip


def quarter_of(month: str) -> Quarter:
    """The school-year quarter a `YYYY-MM` month falls in."""
    return _QUARTER_OF_MONTH[int(month[5:7])]


def taught_between(start: str, end: str) -> int:
    """Teaching months (September to June) from `start` to `end` (YYYY-MM), both included."""
    (sy, sm), (ey, em) = (map(int, start.split("-")), map(int, end.split("-")))
    return sum(1 for i in range(sy * 12 + sm - 1, ey * 12 + em) if i % 12 + 1 not in (7, 8))
