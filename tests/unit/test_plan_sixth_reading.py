"""The sixth round of fixes to the plan documents: what the fifth reading's fixes left
open. The objective's "teaching months left" are the months the actions run after the
adoption window, as the costing charges them; the RAE actions' labels and RA-2's count
sentences name the communities the evidence names, never the bare acronym."""

from datetime import date

import pytest

from services.planning.domain.timeline import running_from, teaching_months
from services.planning.domain.wording import LANGS
from services.planning.rules import catalogue
from tests.factories import golden_plan, plan_action

# The months the golden plans' objectives name (drafted on the evidence up to 10 Nov
# 2026, December left for the working group to adopt them): January to June 2027.
MONTHS_NAMED = {
    "en": "(teaching months left after adoption: 6, from January 2027;",
    "sq": "(muaj mësimi të mbetur pas miratimit: 6, nga muaji janar 2027;",
    "sr": "(preostali meseci nastave posle usvajanja: 6, od januara 2027;",
    "tr": "(kabulden sonra kalan öğretim ayı: 6, Ocak 2027 itibarıyla;",
    "bs": "(preostali mjeseci nastave nakon usvajanja: 6, od januara 2027;",
}


@pytest.mark.parametrize("municipality", ["gracanice", "obiliq"])
def test_the_objective_counts_the_months_the_actions_run_after_adoption(
    municipality: str,
) -> None:
    # The objective said "teaching months left: 7" (December to June) while the costing
    # charged RA-2 six months (January to June): December is the adoption month, in which
    # actions only prepare. The target is sized, and the sentence says, the six months.
    plan = golden_plan(municipality)
    measured = [p for p in plan.priorities if p.outcome and p.outcome.target_value is not None]
    assert measured
    for p in measured:
        assert p.objective is not None
        for lang in LANGS:
            said = getattr(p.objective, lang) or ""
            assert MONTHS_NAMED[lang] in said, (p.category, lang, said)
            assert ": 7;" not in said
    # The same months the costing charges a running action to June.
    ra2 = plan_action(plan, "RA-2")
    assert (ra2.charged_from, ra2.end_month) == ("2027-01", "2027-06")
    assert ra2.cost_basis is not None
    assert " × 6 months × €480 a month " in ra2.cost_basis.en


def test_an_objective_on_all_pupils_asks_for_six_months_of_the_whole_year_cut() -> None:
    # A rate on all pupils asks half the whole-year reduction, in proportion to the months:
    # 30% × 6/10 × 1/2 = 9% (it asked 10.5%, said "10%", for seven months).
    plan = golden_plan("obiliq")
    poverty = next(p for p in plan.priorities if p.category.value == "poverty")
    assert poverty.objective is not None
    assert "a relative cut of 9% (teaching months left after adoption: 6" in poverty.objective.en
    assert catalogue().measures.reduction_for("dropout", 6, targeted=False) == 0.09


def test_teaching_months_follow_the_adoption_window_as_the_costs_do() -> None:
    adoption = catalogue().budget.adoption_months
    assert adoption == 1
    cycle = "2026-2027"
    # Drafted in November: December to adopt it, January to June to run.
    assert teaching_months(cycle, date(2026, 11, 10), 6, adoption) == 6
    assert catalogue().budget.charged_from(cycle, date(2026, 11, 10)) == "2027-01"
    # Drafted in August: September is the adoption month.
    assert teaching_months(cycle, date(2026, 8, 20), 6, adoption) == 9
    assert catalogue().budget.charged_from(cycle, date(2026, 8, 20)) == "2026-10"
    # Adopted before the school year, or no date known: the whole year.
    assert teaching_months(cycle, date(2026, 6, 1), 6, adoption) == 10
    assert teaching_months(cycle, None, 6, adoption) == 10
    # Drafted in April: May to adopt it, June to run; in May, nothing is left to run.
    assert teaching_months(cycle, date(2027, 5, 3), 6, adoption) == 0
    assert running_from(cycle, date(2027, 4, 3), adoption) == 9
    assert teaching_months(cycle, date(2027, 4, 3), 6, adoption) == 1
