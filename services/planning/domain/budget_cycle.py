"""Where the plan's money meets the municipal budget cycle.

A draft is dated by its latest evidence, not a clock. It cannot run, nor spend,
while the working group still amends and adopts it: the `adoption_months` after
the drafting month are that window, so an action scheduled to start in them
prepares without cost and its costs are charged from the month after.

The municipal budget of a fiscal year (the calendar year) is prepared from the
Ministry of Finance's circulars in the spring before and proposed by the
municipality by `proposal_day`/`proposal_month` of that year before. So a plan
drafted in November finds next year's budget already set: the costs it charges
to a year already budgeted are met within the adopted budgets (reallocation,
the mid-year review, donors), and a new line goes into the first budget still
open, which the budget-line action (BC-1) requests in that cycle. The budget
section says all this once (`Plan.budget_notes`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from schemas.plans import Bilingual
from services.planning.domain.output_baselines import month_year
from services.planning.domain.timeline import (
    LAST_MONTH,
    first_open_month,
    month_name,
    running_from,
)
from services.planning.domain.wording import Wording


@dataclass(frozen=True, slots=True)
class BudgetCycle:
    adoption_months: int
    circular_month: int  # the Ministry of Finance's budget circular, in the year before
    proposal_month: int  # the municipality proposes next year's budget by this day
    proposal_day: int
    municipal: frozenset[str]  # funding sources that are municipal money (lower case)
    wording: Wording

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "BudgetCycle":
        return cls(
            adoption_months=int(data["adoption_months"]),
            circular_month=int(data["circular_month"]),
            proposal_month=int(data["proposal_month"]),
            proposal_day=int(data["proposal_day"]),
            municipal=frozenset(str(m).lower() for m in data["municipal"]),
            wording=Wording.from_data(data["sentences"]),
        )

    def charged_from(self, cycle: str, drafted_as_of: date | None) -> str | None:
        """The first month costs are charged in: the month after the adoption window, not
        before the school year starts; None without a drafting date (nothing is known)."""
        if drafted_as_of is None:
            return None
        return month_name(cycle, running_from(cycle, drafted_as_of, self.adoption_months))

    def adoption_window(self, drafted_as_of: date) -> tuple[str, str]:
        """The months (YYYY-MM) left for the working group to amend and adopt the draft."""
        first = drafted_as_of.year * 12 + drafted_as_of.month  # the month after, 0-based
        last = first + self.adoption_months - 1
        return (f"{first // 12:04d}-{first % 12 + 1:02d}", f"{last // 12:04d}-{last % 12 + 1:02d}")

    def is_municipal(self, funding: str) -> bool:
        """Whether a funding source (a comma-separated list) includes municipal money."""
        return any(part.strip().lower() in self.municipal for part in funding.split(","))

    def open_year(self, cycle: str, drafted_as_of: date | None) -> int:
        """The first fiscal year whose budget can still take a new line: its proposal is
        not due before the first month the plan can act in."""
        first = month_name(cycle, first_open_month(cycle, drafted_as_of))
        year, month = int(first[:4]), int(first[5:7])
        return year + 1 if month <= self.proposal_month else year + 2

    def deadline(self, year: int) -> date:
        """When the municipality proposes the budget of fiscal year `year`."""
        return date(year - 1, self.proposal_month, self.proposal_day)

    def line_months(self, cycle: str, drafted_as_of: date | None) -> tuple[str, str]:
        """The budget-line action's months: from the circular of the first budget still
        open (or the first month the plan can act in) to the proposal, within the
        school year."""
        year = self.open_year(cycle, drafted_as_of) - 1  # the request is prepared then
        opening = month_name(cycle, first_open_month(cycle, drafted_as_of))
        start = max(opening, f"{year:04d}-{self.circular_month:02d}")
        end = min(f"{year:04d}-{self.proposal_month:02d}", month_name(cycle, LAST_MONTH))
        return min(start, end), end

    def say_date(self, months: Wording, lang: str, day: date) -> str:
        name = months.phrase(lang, "month", f"m{day.month:02d}")
        return self.wording.phrase(lang, "date").format(day=day.day, month=name, year=day.year)


def charged_note(
    budget: BudgetCycle,
    months: Wording,
    drafted_as_of: date,
    charged_from: str,
) -> Bilingual:
    """ "Costs are charged from January 2027, on the expectation that the working group
    amends the plan and the Municipal Assembly adopts it in December 2026; ..." """
    first, last = budget.adoption_window(drafted_as_of)

    def said(lang: str) -> str:
        window = month_year(months, lang, first)
        if last != first:
            window = budget.wording.phrase(lang, "window").format(
                first=window, last=month_year(months, lang, last)
            )
        return budget.wording.count(
            lang,
            "charged_from",
            budget.adoption_months,
            month=month_year(months, lang, charged_from),
            window=window,
        )

    return Wording.each(said)


def year_notes(
    budget: BudgetCycle,
    months: Wording,
    cycle: str,
    drafted_as_of: date | None,
    years: Iterable[int],
) -> tuple[Bilingual, ...]:
    """How the municipal money of each fiscal year the plan charges is to be met: within
    the budget in force, within one already proposed (reallocation, the mid-year review,
    donors: the plan proposes which), or through the line BC-1 requests; and, when no
    charged year is open, which budget the new lines go into."""
    opened = budget.open_year(cycle, drafted_as_of)
    first = month_name(cycle, first_open_month(cycle, drafted_as_of))
    current = int(first[:4])
    out = []
    for year in sorted(set(years)):
        key = "open" if year >= opened else "in_force" if year <= current else "proposed"
        out.append(_said(budget, months, key, year))
    if not any(year >= opened for year in years):
        out.append(_said(budget, months, "new_line", opened))
    return tuple(out)


def _said(budget: BudgetCycle, months: Wording, key: str, year: int) -> Bilingual:
    due = budget.deadline(year)
    return Wording.each(
        lambda lang: budget.wording.phrase(lang, key).format(
            year=year, before=year - 1, deadline=budget.say_date(months, lang, due)
        )
    )
