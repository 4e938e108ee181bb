"""The budget summary: totals by funding source, priority and fiscal year, to the cent."""

from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from schemas.plans import Plan, PlannedAction
from services.reporting.rendering import formats
from services.reporting.rendering.budget import action_months, budget_summary, split_by_year
from tests.unit.test_adopted_rendering import quartered

GOLDEN = Path(__file__).parents[1] / "data" / "golden"
DRAFTED = Plan.model_validate_json((GOLDEN / "obiliq.json").read_text(encoding="utf-8"))
BASE = quartered(DRAFTED)  # as stored before the engine drafted months and estimates


def _with_costs(plan: Plan, costs: dict[str, dict[str, object]]) -> Plan:
    """The plan with some actions' fields set (by action id)."""
    priorities = tuple(
        p.model_copy(
            update={
                "actions": tuple(a.model_copy(update=costs.get(a.action_id, {})) for a in p.actions)
            }
        )
        for p in plan.priorities
    )
    return plan.model_copy(update={"priorities": priorities})


def _action(action_id: str) -> PlannedAction:
    return next(a for p in BASE.priorities for a in p.actions if a.action_id == action_id)


def test_no_budget_until_an_action_is_costed() -> None:
    assert budget_summary(BASE) is None


def test_a_drafted_plan_has_a_budget_from_the_estimates() -> None:
    b = budget_summary(DRAFTED)
    assert b is not None
    estimated = sum(a.cost_eur or 0 for p in DRAFTED.priorities for a in p.actions)
    assert b.total == formats.cents(estimated)
    assert b.not_costed == 0
    assert dict(b.by_funding_source)["Existing staff time"] == 0


def test_totals_by_funding_source_priority_and_fiscal_year() -> None:
    first, second = BASE.priorities[0], BASE.priorities[1]
    plan = _with_costs(
        BASE,
        {
            # Sep 2026 - Feb 2027: 4 months in 2026, 2 in 2027.
            first.actions[0].action_id: {
                "cost_eur": 1250.0,
                "start_month": "2026-09",
                "end_month": "2027-02",
                "funding_source": "Municipal budget",
            },
            # Q1-Q4 of 2026-2027: Sep 2026 - Aug 2027, 4 months in 2026, 8 in 2027.
            first.actions[1].action_id: {"cost_eur": 1000.0, "funding_source": "Donors"},
            second.actions[0].action_id: {
                "cost_eur": 600.0,
                "start_month": "2027-03",
                "end_month": "2027-05",
                "funding_source": "Municipal budget",
            },
        },
    )
    b = budget_summary(plan)
    assert b is not None
    assert b.total == Decimal("2850.00")
    assert dict(b.by_funding_source) == {
        "Municipal budget": Decimal("1850.00"),
        "Donors": Decimal("1000.00"),
    }
    assert dict(b.by_priority) == {
        first.category: Decimal("2250.00"),
        second.category: Decimal("600.00"),
    }
    # 1250 * 4/6 = 833.333.. and 1000 * 4/12 = 333.333..: each split keeps its own cents.
    assert dict(b.by_fiscal_year) == {2026: Decimal("1166.66"), 2027: Decimal("1683.34")}
    assert sum(v for _, v in b.by_fiscal_year) == b.total
    assert b.fiscal_years == (2026, 2027)
    actions = sum(len(p.actions) for p in plan.priorities)
    assert (b.costed, b.not_costed) == (3, actions - 3)


def test_months_come_from_the_school_year_quarters_when_not_entered() -> None:
    a = _action(BASE.priorities[0].actions[0].action_id)
    assert action_months(a.model_copy(update={"start": "Q2", "end": "Q2"}), "2026-2027") == (
        "2026-12",
        "2027-02",
    )
    assert action_months(a.model_copy(update={"start": "Q1", "end": "Q4"}), "2026-2027") == (
        "2026-09",
        "2027-08",
    )
    # Only the start entered: the end is the end of the last quarter.
    partly = a.model_copy(update={"start": "Q1", "end": "Q3", "start_month": "2026-10"})
    assert action_months(partly, "2026-2027") == ("2026-10", "2027-05")


def test_a_quarter_costed_action_splits_one_third_into_the_first_calendar_year() -> None:
    assert split_by_year(Decimal("100"), "2026-12", "2027-02") == {
        2026: Decimal("33.33"),
        2027: Decimal("66.67"),
    }


@given(
    cost=st.decimals(min_value=0, max_value=10_000_000, places=2),
    start=st.integers(min_value=0, max_value=36),
    length=st.integers(min_value=1, max_value=40),
)
def test_the_parts_of_a_split_add_up_to_the_cost(cost: Decimal, start: int, length: int) -> None:
    first, last = 2026 * 12 + start, 2026 * 12 + start + length - 1
    months = (f"{first // 12}-{first % 12 + 1:02d}", f"{last // 12}-{last % 12 + 1:02d}")
    parts = split_by_year(cost, *months)
    assert sum(parts.values()) == formats.cents(cost)
    assert all(v >= 0 and v == v.quantize(Decimal("0.01")) for v in parts.values())


def test_euros_as_written_in_english_and_albanian() -> None:
    assert formats.eur(1250, "en") == "€1,250"
    assert formats.eur(1250, "sq") == "1.250 €"
    assert formats.eur(Decimal("1234567.5"), "en") == "€1,234,567.50"
    assert formats.eur(Decimal("1234567.5"), "sq") == "1.234.567,50 €"
    assert formats.period("2026-09", "2026-11", "en") == "Sep 2026 – Nov 2026"
    assert formats.period("2026-09", "2026-11", "sq") == "shtator 2026 – nëntor 2026"
