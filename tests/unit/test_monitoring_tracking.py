"""An adopted plan becomes tracked actions; an amended adopted plan keeps their history."""

from datetime import date

import pytest

from schemas.plans import PlanStatusChanged
from schemas.progress import StatusUpdate
from schemas.vocabulary import IssueCategory
from services.monitoring.domain.refusals import NotAdopted
from services.monitoring.domain.tracking import adopted_version, retrack, track
from tests.unit.monitoring_plans import (
    CHILD_LABOUR,
    HOME_VISITS,
    LEARNING_CENTRES,
    PLAN_ID,
    adopted_plan,
    priority,
    rid,
)


def test_each_action_of_an_adopted_plan_is_tracked_not_started() -> None:
    actions = track(adopted_plan())
    assert [a.action_id for a in actions] == ["AB-1", "CL-1", "RAE-1"]
    home = actions[0]
    assert (home.plan_id, home.version, home.category) == (PLAN_ID, 1, "absenteeism")
    assert (home.responsible, home.partners) == ("school_team", ("csw",))
    assert (home.start_month, home.end_month) == ("2026-10", "2027-01")
    assert (home.cost_eur, home.budget_line) == (1200.0, "Arsimi fillor 21400")
    assert home.indicator.target_value == 90.0
    assert {a.status for a in actions} == {"not_started"}


def test_months_default_to_the_quarters_of_the_school_year() -> None:
    labour = track(adopted_plan())[1]
    assert (labour.start_month, labour.end_month) == ("2026-09", "2027-08")


@pytest.mark.parametrize("status", ["draft", "in_review", "changes_requested"])
def test_a_plan_not_adopted_is_not_tracked(status: str) -> None:
    with pytest.raises(NotAdopted, match="not adopted"):
        track(adopted_plan(status=status))


def test_an_approval_without_adoption_record_is_not_tracked() -> None:
    with pytest.raises(NotAdopted):
        track(adopted_plan(adoption=None))


def _approval(version: int, status: str = "approved") -> PlanStatusChanged:
    adoption = adopted_plan().adoption
    return PlanStatusChanged(
        plan_id=PLAN_ID,
        version=version,
        previous_status="in_review",
        status=status,  # type: ignore[arg-type]
        review_id=rid("review"),
        reviewer="Director of the MED Ferizaj",
        adoption=adoption if status == "approved" else None,
    )


def test_the_adopted_version_is_the_issued_one_with_its_adoption() -> None:
    issued = adopted_plan(status="in_review", adoption=None)
    plan = adopted_version(issued, _approval(1))
    assert plan.status == "approved"
    assert plan.adoption is not None
    assert len(track(plan)) == 3


def test_a_decision_on_another_version_or_a_refusal_adopts_nothing() -> None:
    issued = adopted_plan(status="in_review", adoption=None)
    with pytest.raises(NotAdopted, match="version 2 was decided"):
        adopted_version(issued, _approval(2))
    with pytest.raises(NotAdopted, match="was not adopted"):
        adopted_version(issued, _approval(1, "changes_requested"))


def _amended() -> tuple:  # type: ignore[type-arg]
    """Version 2, adopted in February: AB-1 extended to March, CL-1 dropped."""
    longer = HOME_VISITS.model_copy(update={"end_month": "2027-03"})
    return track(adopted_plan()), adopted_plan(
        priority(1, IssueCategory.ABSENTEEISM, longer),
        priority(2, IssueCategory.RAE_INCLUSION, LEARNING_CENTRES),
        version=2,
        decided=date(2027, 2, 20),
    )


def test_an_amended_plan_keeps_each_actions_history() -> None:
    before, plan = _amended()
    update = StatusUpdate(
        status="on_track", on=date(2026, 11, 30), reported_by="SHFMU Ismail Qemali"
    )
    first = before[0].model_copy(
        update={"status": "on_track", "history": (update,), "spent_eur": 300.0}
    )
    after = retrack((first, *before[1:]), plan)
    home = after[0]
    assert (home.version, home.end_month) == (2, "2027-03")
    assert (home.status, home.history, home.spent_eur) == ("on_track", (update,), 300.0)


def test_an_action_left_out_is_cancelled_with_its_history() -> None:
    before, plan = _amended()
    update = StatusUpdate(status="delayed", on=date(2026, 11, 30), reported_by="MED")
    labour = before[1].model_copy(update={"status": "delayed", "history": (update,)})
    after = retrack((before[0], labour, before[2]), plan)
    assert [a.action_id for a in after] == ["AB-1", "RAE-1", "CL-1"]
    cancelled = after[2]
    assert cancelled.status == "cancelled"
    assert cancelled.history[0] == update
    assert cancelled.history[1].on == date(2027, 2, 20)
    assert "01-016/2026-202" in cancelled.history[1].evidence
    # adopting the same version again cancels nothing twice
    assert retrack(after, plan) == after


def test_a_new_action_in_the_amended_plan_starts() -> None:
    before, _ = _amended()
    plan = adopted_plan(
        priority(1, IssueCategory.ABSENTEEISM, HOME_VISITS, CHILD_LABOUR),
        priority(2, IssueCategory.RAE_INCLUSION, LEARNING_CENTRES),
        priority(
            3,
            IssueCategory.PARENTAL_ENGAGEMENT,
            CHILD_LABOUR.model_copy(update={"action_id": "LOC-a1b2c3"}),
        ),
        version=2,
    )
    after = retrack(before[:2], plan)
    assert after[-1].action_id == "LOC-a1b2c3"
    assert after[-1].status == "not_started"
    assert after[-1].category == "parental_engagement"
