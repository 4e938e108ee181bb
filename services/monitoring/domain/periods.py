"""Months, school-year quarters and report deadlines.

The school year runs September to August in quarters T1 Sep–Nov, T2 Dec–Feb,
T3 Mar–May, T4 Jun–Aug (as in the catalogue); lessons, and so the school
teams' monthly reports, run September to June.
"""

from calendar import monthrange
from datetime import date
from typing import Final, get_args

from schemas.plans import Quarter

QUARTERS: Final[tuple[Quarter, ...]] = get_args(Quarter)
MONTHLY_DUE_DAY: Final = 5  # a school's report for a month is due by the 5th of the next
QUARTERLY_DUE_DAY: Final = 15  # the MED's by the 15th of the month after the quarter
_QUARTER_START: Final[dict[Quarter, int]] = {"Q1": 0, "Q2": 3, "Q3": 6, "Q4": 9}
_SCHOOL_MONTHS: Final = 10  # September to June


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def first_day(month: str) -> date:
    return date(int(month[:4]), int(month[5:7]), 1)


def last_day(month: str) -> date:
    year, mon = int(month[:4]), int(month[5:7])
    return date(year, mon, monthrange(year, mon)[1])


def add_months(month: str, n: int) -> str:
    index = int(month[:4]) * 12 + int(month[5:7]) - 1 + n
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def cycle_start(cycle: str) -> str:
    """The first month of a school year `YYYY-YYYY`: September of its first year."""
    return f"{cycle[:4]}-09"


def next_cycle(cycle: str) -> str:
    second = int(cycle[5:9])
    return f"{second}-{second + 1}"


def quarter_months(cycle: str, quarter: Quarter) -> tuple[str, str]:
    """The first and last month of a school-year quarter."""
    first = add_months(cycle_start(cycle), _QUARTER_START[quarter])
    return first, add_months(first, 2)


def school_months(cycle: str) -> tuple[str, ...]:
    """The months a school team reports on: September to June."""
    start = cycle_start(cycle)
    return tuple(add_months(start, i) for i in range(_SCHOOL_MONTHS))


def in_cycle(month: str, cycle: str) -> bool:
    start = cycle_start(cycle)
    return start <= month <= add_months(start, 11)


def monthly_deadline(month: str) -> date:
    return first_day(add_months(month, 1)).replace(day=MONTHLY_DUE_DAY)


def quarterly_deadline(cycle: str, quarter: Quarter) -> date:
    _, last = quarter_months(cycle, quarter)
    return first_day(add_months(last, 1)).replace(day=QUARTERLY_DUE_DAY)
