"""The next school year's draft learns from the plan followed."""

from datetime import date

from schemas.progress import ActionStatusReport
from services.monitoring.domain.carry_over import carry_over
from services.monitoring.domain.progress import Recorded, apply_report, start
from services.monitoring.domain.reports import ReporterScope
from services.monitoring.domain.state import PlanProgress
from tests.unit.monitoring_plans import adopted_plan, measurement, med_report

END_OF_YEAR = date(2027, 8, 31)


def _year() -> PlanProgress:
    """Ferizaj's year: home visits done and above target, labour still delayed,
    the RAE dropout rate off its trajectory in May."""
    q4 = med_report(
        quarter="Q4",
        actions=(
            ActionStatusReport(action_id="AB-1", status="done", evidence="92 % visited"),
            ActionStatusReport(
                action_id="CL-1", status="delayed", evidence="inspectorate visits resumed in May"
            ),
            ActionStatusReport(action_id="RAE-1", status="done", evidence="centres open"),
        ),
        measurements=(
            measurement(ref="AB-1", period="2027-06", value=92.0),
            measurement(ref="RAE-1", period="2027-05", value=7.4),
        ),
    )
    outcome = apply_report(start(adopted_plan()), q4, today=END_OF_YEAR, scope=ReporterScope())
    assert isinstance(outcome, Recorded), outcome
    return outcome.progress


def test_unfinished_actions_are_carried_over() -> None:
    result = carry_over(_year(), END_OF_YEAR)
    assert result.next_cycle == "2027-2028"
    (carried,) = result.carried_over
    assert carried.carried_over is True
    assert carried.action.action_id == "CL-1"
    assert "delayed" in carried.reason
    assert "inspectorate visits resumed in May" in carried.reason


def test_an_off_track_indicator_raises_its_category_with_the_reason() -> None:
    (off,) = carry_over(_year(), END_OF_YEAR).off_track
    assert (off.category, off.action_id) == ("rae_inclusion", "RAE-1")
    assert "7.4 % in 2027-05 against 5.3 % expected" in off.reason


def test_finished_actions_that_met_their_target_are_results() -> None:
    (result,) = carry_over(_year(), END_OF_YEAR).results
    assert (result.action_id, result.category) == ("AB-1", "absenteeism")
    assert (result.target_value, result.achieved_value, result.unit) == (90.0, 92.0, "%")


def test_a_plan_with_nothing_reported_carries_every_action_over() -> None:
    result = carry_over(start(adopted_plan()), END_OF_YEAR)
    assert [c.action.action_id for c in result.carried_over] == ["AB-1", "CL-1", "RAE-1"]
    assert (result.off_track, result.results) == ((), ())
