"""An action's months within the plan period, never one already passed when drafted.

The plan period is the school year, September to August. The catalogue gives
each action a window in quarters (Q1 Sep–Nov ... Q4 Jun–Aug); the draft turns it
into a start and an end month. The drafting date is the latest evidence date
(no clock: the same evidence gives the same plan), and the first month an action
may start is the one after it, since a draft still has to be adopted.
"""

from datetime import date

from schemas.plans import Quarter
from services.planning.domain.cycle import SCHOOL_YEAR_START_MONTH

# First month of each quarter, counted from September (0) of the cycle's first year.
QUARTER_START: dict[str, int] = {"Q1": 0, "Q2": 3, "Q3": 6, "Q4": 9}
LAST_MONTH = 11  # August
# Teaching ends in June: a school-year action that runs into Q4 ends then; only an action
# whose whole window is Q4 (a summer programme) runs into July and August.
LAST_TEACHING_MONTH = 9  # June
PREPARE_FROM = 10  # July: an anchored action missed this year is readied for September


def offset_of(day: date, cycle: str) -> int:
    """Months from September of the cycle's first year to `day`'s month."""
    first_year = int(cycle[:4])
    return (day.year - first_year) * 12 + day.month - SCHOOL_YEAR_START_MONTH


def month_name(cycle: str, offset: int) -> str:
    """`YYYY-MM` of the month `offset` months after September of the cycle's first year."""
    index = int(cycle[:4]) * 12 + SCHOOL_YEAR_START_MONTH - 1 + offset
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def first_open_month(cycle: str, drafted_as_of: date | None) -> int:
    """The first month (offset) an action may start in: the month after the drafting date,
    or September when the draft predates the school year."""
    if drafted_as_of is None:
        return 0
    return min(max(offset_of(drafted_as_of, cycle) + 1, 0), LAST_MONTH)


def schedule(
    start: Quarter,
    end: Quarter,
    cycle: str,
    drafted_as_of: date | None,
    *,
    anchored: bool = False,
) -> tuple[str, str]:
    """The action's start and end month: its catalogue window, moved past the drafting date.

    A window that has begun is shortened; one that is over is moved to the first open
    month with its length kept, within the school year. School-year actions end in June.
    An `anchored` action (tied to September) whose window is over is prepared in July and
    August for the next school year instead.
    """
    first, last = QUARTER_START[start], QUARTER_START[end] + 2
    if end == "Q4" and start != "Q4":
        last = LAST_TEACHING_MONTH
    opening = first_open_month(cycle, drafted_as_of)
    if opening <= first:
        return month_name(cycle, first), month_name(cycle, last)
    if opening <= last:
        return month_name(cycle, opening), month_name(cycle, last)
    if anchored:  # prepared in the summer, for the next school year's September
        summer = max(PREPARE_FROM, opening)
        return month_name(cycle, summer), month_name(cycle, LAST_MONTH)
    ceiling = LAST_MONTH if start == "Q4" else LAST_TEACHING_MONTH
    end_at = max(min(opening + last - first, ceiling), opening)
    return month_name(cycle, opening), month_name(cycle, end_at)


def running_from(cycle: str, drafted_as_of: date | None, adoption_months: int = 0) -> int:
    """The first month (offset) actions run and are charged in: the month after the
    adoption window that follows the drafting month (`BudgetCycle.charged_from`), or
    September when the draft and its window predate the school year."""
    if drafted_as_of is None:
        return 0
    return min(max(offset_of(drafted_as_of, cycle) + 1 + adoption_months, 0), LAST_MONTH)


def teaching_months(
    cycle: str, drafted_as_of: date | None, target_month: int, adoption_months: int = 0
) -> int:
    """Teaching months from the first month actions run (after the `adoption_months` left
    for the working group to adopt the draft, in which actions only prepare and are not
    charged) to the target's month (June), as the costing counts them: 10 for a plan
    adopted before September, 6 for one drafted in November with a month to adopt it."""
    due = (target_month - SCHOOL_YEAR_START_MONTH) % 12
    return max(due - running_from(cycle, drafted_as_of, adoption_months) + 1, 0)
