"""The plan's budget: entered action costs by funding source, priority and fiscal year.

Kosovo's fiscal year is the calendar year while a plan runs over a school year
(`2026-2027`: Sep 2026 – Aug 2027), so a costed action is split pro rata over the
months it is charged (from `charged_from`, after the plan's adoption window).
Amounts are exact cents: the parts of every split add up to the cost.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from schemas.plans import Plan, PlannedAction
from schemas.vocabulary import IssueCategory
from services.reporting.rendering.formats import CENT, cents

# First month of each school-year quarter, counted from September (0) of the cycle's first year.
_QUARTER_START = {"Q1": 0, "Q2": 3, "Q3": 6, "Q4": 9}


@dataclass(frozen=True)
class Budget:
    """Totals in EUR (Decimal, to the cent) of the actions with a cost entered."""

    cycle: str
    total: Decimal
    by_funding_source: tuple[tuple[str, Decimal], ...]
    by_priority: tuple[tuple[IssueCategory, Decimal], ...]
    by_fiscal_year: tuple[tuple[int, Decimal], ...]
    costed: int
    not_costed: int

    @property
    def fiscal_years(self) -> tuple[int, ...]:
        return tuple(year for year, _ in self.by_fiscal_year)


def _month_index(month: str) -> int:
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def _month_name(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def action_months(action: PlannedAction, cycle: str) -> tuple[str, str]:
    """The action's first and last month (YYYY-MM); missing ones come from its quarters."""
    september = int(cycle[:4]) * 12 + 8
    start = _month_index(action.start_month) if action.start_month else None
    end = _month_index(action.end_month) if action.end_month else None
    if start is None:
        start = september + _QUARTER_START[action.start]
        if end is not None:
            start = min(start, end)
    if end is None:
        end = max(start, september + _QUARTER_START[action.end] + 2)
    return _month_name(start), _month_name(end)


def charged_months(action: PlannedAction, cycle: str) -> tuple[str, str]:
    """The months the action's cost falls in: its months, from `charged_from` when the
    months before are left for adopting the plan (never after its last month)."""
    start, end = action_months(action, cycle)
    if action.charged_from is not None:
        start = min(max(start, action.charged_from), end)
    return start, end


def split_by_year(amount: Decimal, start: str, end: str) -> dict[int, Decimal]:
    """`amount` over calendar years pro rata to its months, largest remainder to the cent."""
    first, last = _month_index(start), _month_index(end)
    months = Counter(index // 12 for index in range(first, last + 1))
    total_cents = int(cents(amount) / CENT)
    n = last - first + 1
    shares = {year: total_cents * count // n for year, count in months.items()}
    remainders = sorted(months, key=lambda y: (-(total_cents * months[y] % n), y))
    for year in remainders[: total_cents - sum(shares.values())]:
        shares[year] += 1
    return {year: Decimal(shares[year]) * CENT for year in sorted(shares)}


def budget_summary(plan: Plan) -> Budget | None:
    """The budget of the plan's costed actions, or None while no action has a cost."""
    actions = [(p.category, a) for p in plan.priorities for a in p.actions]
    costed = [(category, a) for category, a in actions if a.cost_eur is not None]
    if not costed:
        return None
    by_source: dict[str, Decimal] = {}
    by_priority: dict[IssueCategory, Decimal] = {}
    by_year: dict[int, Decimal] = {}
    for category, a in costed:
        cost = cents(a.cost_eur or 0)
        source = " ".join(a.funding_source.split())
        by_source[source] = by_source.get(source, Decimal(0)) + cost
        by_priority[category] = by_priority.get(category, Decimal(0)) + cost
        for year, part in split_by_year(cost, *charged_months(a, plan.cycle)).items():
            by_year[year] = by_year.get(year, Decimal(0)) + part
    return Budget(
        cycle=plan.cycle,
        total=sum(by_source.values(), Decimal(0)).quantize(CENT),
        by_funding_source=tuple(sorted(by_source.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_priority=tuple(by_priority.items()),
        by_fiscal_year=tuple(sorted(by_year.items())),
        costed=len(costed),
        not_costed=len(actions) - len(costed),
    )
