"""The next school year's draft learns from monitoring's snapshot of the plan followed.

Ferizaj's year 2026-2027 (tests/unit/monitoring_plans.py): home visits (AB-1)
done above target, the child-labour visits (CL-1) delayed, the RAE learning
centres (RAE-1) delayed with the dropout rate off its trajectory in May.
"""

from datetime import date
from functools import cache
from typing import Any

import pytest

from schemas.plans import Plan
from schemas.progress import ActionStatusReport, PlanTracking
from schemas.topics import CONSULTATIONS, PLAN_TRACKING
from schemas.vocabulary import MunicipalityCode
from services.monitoring.domain.progress import Recorded, apply_report, start
from services.monitoring.domain.reports import ReporterScope
from services.monitoring.domain.snapshot import tracking, tracking_event
from services.planning.domain.lessons import RAISE_POINTS, lessons
from services.planning.domain.plan import content_hash, draft_plan
from services.planning.next_cycle import parse_tracking
from services.planning.rules import catalogue, classifier_rules
from services.reporting.i18n.languages import LANGS, Lang
from services.reporting.rendering.markdown import render
from services.reporting.rendering.plan_document import build
from tests.factories import record
from tests.fakes.planning import planning_units
from tests.unit.monitoring_plans import adopted_plan, measurement, med_report
from tests.unit.planning_shell import NOW, SETTINGS, consultation, deliver, draft, make_planning

END_OF_YEAR = date(2027, 8, 31)


def _snapshot() -> PlanTracking:
    q4 = med_report(
        quarter="Q4",
        actions=(
            ActionStatusReport(action_id="AB-1", status="done", evidence="92 % visited"),
            ActionStatusReport(
                action_id="CL-1", status="delayed", evidence="inspectorate visits resumed in May"
            ),
            ActionStatusReport(action_id="RAE-1", status="delayed", evidence="one centre open"),
        ),
        measurements=(
            measurement(ref="AB-1", period="2027-06", value=92.0),
            measurement(ref="RAE-1", period="2027-05", value=7.4),
        ),
    )
    outcome = apply_report(start(adopted_plan()), q4, today=END_OF_YEAR, scope=ReporterScope())
    assert isinstance(outcome, Recorded), outcome
    return tracking(outcome.progress, (), END_OF_YEAR)


SNAPSHOT = _snapshot()


def _issue(category: str) -> dict[str, Any]:
    return {"category": category, "description": "Raised by the group.", "severity": "high"}


@cache
def _records(*categories: str) -> list[Any]:
    """Two consultations of 2027-2028, each raising every category alike (a tie)."""
    return [
        record(
            municipality="ferizaj",
            consultation_date="2027-10-12",
            stakeholder_group=group,
            raised_issues=[_issue(c) for c in categories],
        )
        for group in ("teacher", "parent")
    ]


def _draft(previous: PlanTracking | None, *categories: str) -> Plan:
    records = _records(*categories or ("child_labour", "rae_inclusion"))
    return draft_plan(
        MunicipalityCode("ferizaj"),
        "2027-2028",
        records,
        classifier_rules(),
        catalogue(),
        previous=lessons(previous, "2027-2028"),
    )


def _actions(plan: Plan, category: str) -> list[str]:
    return [a.action_id for p in plan.priorities if p.category == category for a in p.actions]


def test_an_off_track_category_rises_in_priority_with_the_reason() -> None:
    before, after = _draft(None), _draft(SNAPSHOT)
    assert [p.category.value for p in before.priorities] == ["child_labour", "rae_inclusion"]
    assert [p.category.value for p in after.priorities] == ["rae_inclusion", "child_labour"]
    raised = after.priorities[0]
    assert raised.score == min(100.0, before.priorities[1].score + RAISE_POINTS)
    assert after.previous_cycle is not None
    (why,) = after.previous_cycle.raised
    assert (why.category, why.action_id, why.period, why.value) == (
        "rae_inclusion",
        "RAE-1",
        "2027-05",
        7.4,
    )
    assert why.expected is not None
    assert why.value > why.expected
    assert why.indicator is not None
    assert why.indicator.en.startswith("Dropout rate of RAE")


def test_unfinished_actions_are_carried_over_marked_and_never_doubled() -> None:
    plan = _draft(SNAPSHOT)
    assert plan.previous_cycle is not None
    carried = {c.action_id: c for c in plan.previous_cycle.carried_over}
    assert set(carried) == {"CL-1", "RAE-1"}
    assert carried["CL-1"].status == "delayed"
    assert carried["CL-1"].evidence == "inspectorate visits resumed in May"
    assert carried["CL-1"].planned_end == "2027-08"
    assert all(c.placed for c in carried.values())
    # CL-1 is the catalogue's own action this year too: kept once. RAE-1 comes back as it was.
    assert _actions(plan, "child_labour").count("CL-1") == 1
    assert _actions(plan, "rae_inclusion")[-1] == "RAE-1"
    rae = next(a for p in plan.priorities for a in p.actions if a.action_id == "RAE-1")
    assert (rae.origin, rae.cost_eur, rae.consultation_ids) == ("local", 25_000.0, ())


def test_an_action_whose_category_is_no_priority_is_listed_not_placed() -> None:
    plan = _draft(SNAPSHOT, "poverty")
    assert plan.previous_cycle is not None
    assert {c.action_id: c.placed for c in plan.previous_cycle.carried_over} == {
        "CL-1": False,
        "RAE-1": False,
    }
    assert "RAE-1" not in {a.action_id for p in plan.priorities for a in p.actions}


def test_finished_actions_that_met_their_target_are_results() -> None:
    plan = _draft(SNAPSHOT)
    assert plan.previous_cycle is not None
    (result,) = plan.previous_cycle.results
    assert (result.action_id, result.target_value, result.achieved_value) == ("AB-1", 90.0, 92.0)


def test_the_same_snapshot_gives_the_same_plan_and_another_year_none() -> None:
    assert _draft(SNAPSHOT).model_dump_json() == _draft(SNAPSHOT).model_dump_json()
    assert lessons(SNAPSHOT, "2028-2029") is None
    assert lessons(None, "2027-2028") is None
    plain = _draft(None)
    assert plain.previous_cycle is None
    # A plan without a previous cycle hashes as it did before the field existed.
    assert content_hash(plain) == content_hash(plain.model_copy(update={"previous_cycle": None}))


@pytest.mark.parametrize("lang", LANGS)
def test_the_plan_document_says_what_was_carried_over_in_every_language(lang: Lang) -> None:
    plan = _draft(SNAPSHOT)
    doc = build(plan, lang)
    keys = [s.key for s in doc.sections]
    assert keys.index("previous_cycle") == keys.index("situation") + 1
    out = render(plan, lang)
    assert "2026-2027" in out
    assert "CL-1" in out
    assert "RAE-1" in out
    assert "AB-1" in out
    assert "inspectorate visits resumed in May" in out  # the reporter's words, as written
    if lang != "en":
        english = render(plan, "en")
        for phrase in ("Actions carried over", "Priorities raised", "carried over from"):
            assert phrase in english
            assert phrase not in out, phrase


def _of(snapshot: PlanTracking, municipality: str, cycle: str) -> PlanTracking:
    """The same year, as another municipality's plan of another school year."""
    pid = f"{municipality}:{cycle}"
    assert snapshot.next_cycle is not None
    following = f"{cycle[5:]}-{int(cycle[5:]) + 1}"
    carry = snapshot.next_cycle.model_copy(update={"plan_id": pid, "next_cycle": following})
    return snapshot.model_copy(
        update={
            "plan_id": pid,
            "municipality": MunicipalityCode(municipality),
            "cycle": cycle,
            "next_cycle": carry,
        }
    )


async def test_a_snapshot_redrafts_the_next_years_plan_once_and_starts_none() -> None:
    units, planning = planning_units(SETTINGS), make_planning()
    await deliver(
        units, planning, CONSULTATIONS, consultation(), consultation(stakeholder_group="parent")
    )
    before = draft(units)  # prizren:2026-2027, from the factories' consultations
    assert before.previous_cycle is None
    event = tracking_event(_of(SNAPSHOT, "prizren", "2025-2026"), NOW)
    summary = await deliver(units, planning, PLAN_TRACKING, event)
    assert (summary["applied"], summary["plans_changed"]) == (1, 1)
    after = draft(units)
    assert after.revision == before.revision + 1
    assert after.previous_cycle is not None
    assert after.previous_cycle.plan_id == "prizren:2025-2026"
    assert "CL-1" in [c.action_id for c in after.previous_cycle.carried_over]
    # Redelivered: stored already, nothing re-drafted.
    again = await deliver(units, planning, PLAN_TRACKING, event)
    assert (again["applied"], again["plans_changed"]) == (0, 0)
    # A municipality with no consultations for the next year gets no plan from a carry-over.
    elsewhere = tracking_event(_of(SNAPSHOT, "gjilan", "2025-2026"), NOW)
    assert (await deliver(units, planning, PLAN_TRACKING, elsewhere))["plans_changed"] == 0
    assert "gjilan:2026-2027" not in units.state.plans
    # The next consultation re-drafts with the stored snapshot: the lesson stays.
    await deliver(units, planning, CONSULTATIONS, consultation(stakeholder_group="student"))
    assert draft(units).previous_cycle == after.previous_cycle


def test_reporters_evidence_is_redacted_before_a_plan_quotes_it() -> None:
    snapshot = _of(SNAPSHOT, "prizren", "2025-2026")
    assert snapshot.next_cycle is not None
    item = snapshot.next_cycle.carried_over[0]
    last = item.action.history[-1].model_copy(update={"evidence": "Call 044 123 456 for news"})
    action = item.action.model_copy(update={"history": (*item.action.history[:-1], last)})
    carry = snapshot.next_cycle.model_copy(
        update={"carried_over": (item.model_copy(update={"action": action}),)}
    )
    raw = tracking_event(snapshot.model_copy(update={"next_cycle": carry}), NOW).model_dump_json()
    parsed = parse_tracking(raw.encode())
    assert parsed.data.next_cycle is not None
    evidence = parsed.data.next_cycle.carried_over[0].action.history[-1].evidence
    assert "044" not in evidence
    assert "[PHONE]" in evidence
