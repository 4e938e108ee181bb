"""Where the plan's money meets the municipal budget cycle.

A draft is dated by its latest evidence, not a clock. It cannot run, nor spend,
while the working group still amends and adopts it: the `adoption_months` after
the drafting month are that window, so an action scheduled to start in them
prepares without cost and its costs are charged from the month after. The
budget section says so once (`Plan.budget_notes`).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from schemas.plans import Bilingual
from services.planning.domain.output_baselines import month_year
from services.planning.domain.timeline import LAST_MONTH, month_name, offset_of
from services.planning.domain.wording import Wording


@dataclass(frozen=True, slots=True)
class BudgetCycle:
    adoption_months: int
    wording: Wording

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "BudgetCycle":
        return cls(int(data["adoption_months"]), Wording.from_data(data["sentences"]))

    def charged_from(self, cycle: str, drafted_as_of: date | None) -> str | None:
        """The first month costs are charged in: the month after the adoption window, not
        before the school year starts; None without a drafting date (nothing is known)."""
        if drafted_as_of is None:
            return None
        first = offset_of(drafted_as_of, cycle) + 1 + self.adoption_months
        return month_name(cycle, min(max(first, 0), LAST_MONTH))

    def adoption_window(self, drafted_as_of: date) -> tuple[str, str]:
        """The months (YYYY-MM) left for the working group to amend and adopt the draft."""
        first = drafted_as_of.year * 12 + drafted_as_of.month  # the month after, 0-based
        last = first + self.adoption_months - 1
        return (f"{first // 12:04d}-{first % 12 + 1:02d}", f"{last // 12:04d}-{last % 12 + 1:02d}")


def charged_note(
    budget: BudgetCycle,
    months: Wording,
    drafted_as_of: date,
    charged_from: str,
) -> Bilingual:
    """ "Costs are charged from January 2027: the month after the latest evidence, December
    2026, is left for the working group to amend and adopt the plan; ..." """
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
