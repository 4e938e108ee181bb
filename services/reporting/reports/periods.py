"""School-year quarters and semesters as the reports count them (as monitoring does:
T1 Sep–Nov, T2 Dec–Feb, T3 Mar–May, T4 Jun–Aug; S1 = T1+T2, S2 = T3+T4)."""

from calendar import monthrange
from datetime import date
from typing import Final, Literal, get_args

from schemas.plans import Quarter

Semester = Literal["S1", "S2"]
QUARTERS: Final[tuple[Quarter, ...]] = get_args(Quarter)
SEMESTERS: Final[dict[Semester, tuple[Quarter, Quarter]]] = {
    "S1": ("Q1", "Q2"),
    "S2": ("Q3", "Q4"),
}


def add_months(month: str, n: int) -> str:
    index = int(month[:4]) * 12 + int(month[5:7]) - 1 + n
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def first_day(month: str) -> date:
    return date(int(month[:4]), int(month[5:7]), 1)


def last_day(month: str) -> date:
    year, mon = int(month[:4]), int(month[5:7])
    return date(year, mon, monthrange(year, mon)[1])


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def quarter_months(cycle: str, quarter: Quarter) -> tuple[str, ...]:
    """The three months of a school-year quarter, YYYY-MM."""
    first = add_months(f"{cycle[:4]}-09", 3 * QUARTERS.index(quarter))
    return tuple(add_months(first, i) for i in range(3))


def quarter_of(cycle: str, day: date) -> Quarter:
    """The quarter of `cycle` that `day` falls in (the first or last one outside it)."""
    offset = (int(month_of(day)[:4]) * 12 + day.month - 1) - (int(cycle[:4]) * 12 + 8)
    return QUARTERS[min(max(offset // 3, 0), 3)]


def semester_months(cycle: str, semester: Semester) -> tuple[str, ...]:
    return tuple(m for q in SEMESTERS[semester] for m in quarter_months(cycle, q))


def semester_of(cycle: str, day: date) -> Semester:
    return "S1" if quarter_of(cycle, day) in SEMESTERS["S1"] else "S2"


def period_months(period: str, cycle: str) -> tuple[str, ...]:
    """The months a report's period covers: `2026-10`, `Q2` or `2026-2027:Q2`."""
    tail = period.rsplit(":", 1)[-1]
    if tail in QUARTERS:
        return quarter_months(cycle, tail)
    return (tail,)
