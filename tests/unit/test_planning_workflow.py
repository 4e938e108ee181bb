"""Planning's workflow through the subscriber shell, over in-memory units of work.

Re-drafting, duplicates, poison isolation, back-off and metrics, each in
milliseconds; the review flow and amendments have their own modules, and the
real-stack tiers prove the same against Kafka and PostgreSQL.
"""

from typing import Any
from uuid import UUID

import pytest

from schemas.consultations import ConsultationRecordedEvent
from schemas.plans import (
    PlanDraftedEvent,
    PlanRevisedEvent,
)
from schemas.topics import CONSULTATIONS, PLAN_SNAPSHOTS
from services.admission.consumed import redact_recorded
from services.planning import workflow
from services.planning.domain.decisions import CurrentPlan, PlanKey
from services.planning.unit import PlanningUnit
from services.planning.workflow import Planning, replan_outdated
from services.runtime.backoff import Backoff
from services.runtime.metrics import ServiceMetrics
from services.runtime.subscriber import consume
from tests.fakes.planning import planning_units
from tests.fakes.records import consumer_record
from tests.unit.planning_shell import (
    PLAN_ID,
    SETTINGS,
    Units,
    consultation,
    consumer,
    deliver,
    draft,
    make_planning,
    of_type,
    plan_events,
    sub,
)


@pytest.fixture
def planning() -> Planning:
    return make_planning()


@pytest.fixture
def units() -> Units:
    return planning_units(SETTINGS)


def break_replanning_of(
    municipality: str, error: Exception, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A code bug that only one municipality's records meet."""
    original = Planning.replan

    async def fragile(self: Planning, unit: PlanningUnit, key: PlanKey, *rest: Any) -> bool:
        if key.municipality == municipality:
            raise error
        return await original(self, unit, key, *rest)

    monkeypatch.setattr(Planning, "replan", fragile)


async def test_a_batch_drafts_one_version_per_municipality_with_its_snapshot(
    units: Units, planning: Planning
) -> None:
    summary = await deliver(
        units,
        planning,
        CONSULTATIONS,
        consultation(),
        consultation(stakeholder_group="parent"),
        consultation(municipality="gjakove"),
    )
    assert summary == {
        "received": 3,
        "applied": 3,
        "duplicates": 0,
        "dead_lettered": 0,
        "plans_changed": 2,
    }
    events = plan_events(units)
    assert [type(e) for e in events] == [PlanDraftedEvent, PlanDraftedEvent]
    assert sorted(e.data.plan.plan_id for e in events) == [
        "gjakove:2026-2027",
        PLAN_ID,
    ]
    snapshots = units.on("t." + PLAN_SNAPSHOTS)
    assert [m.headers["plan_version"] for m in snapshots] == ["1", "1"]
    assert [m.headers["plan_revision"] for m in snapshots] == ["1", "1"]
    prizren = draft(units)
    assert (prizren.version, prizren.revision, prizren.status) == (1, 1, "draft")
    assert prizren.consultation_count == 2
    assert units.state.versions == []  # drafting issues nothing


async def test_a_redelivered_batch_changes_nothing_and_counts_duplicates(
    units: Units, planning: Planning
) -> None:
    batch = (consultation(), consultation(stakeholder_group="parent"))
    await deliver(units, planning, CONSULTATIONS, *batch)
    published = len(units.published)
    summary = await deliver(units, planning, CONSULTATIONS, *batch)
    assert summary["applied"] == 0
    assert summary["duplicates"] == 2
    assert summary["plans_changed"] == 0
    assert len(units.published) == published
    assert (draft(units).version, draft(units).revision) == (1, 1)
    assert len(units.state.drafts) == 1


async def test_new_evidence_revises_the_plan_with_a_diff(units: Units, planning: Planning) -> None:
    await deliver(units, planning, CONSULTATIONS, consultation())
    await deliver(
        units,
        planning,
        CONSULTATIONS,
        consultation(
            raised_issues=[
                {"category": "poverty", "description": "Familjet s'kanë libra.", "severity": "high"}
            ]
        ),
    )
    drafted, revised = plan_events(units)
    assert isinstance(drafted, PlanDraftedEvent)
    assert isinstance(revised, PlanRevisedEvent)
    # a draft's content change is a new revision; it will still be issued as version 1
    assert revised.data.previous_version == 1
    assert (revised.data.plan.version, revised.data.plan.revision) == (1, 2)
    assert revised.data.plan.status == "draft"
    diff = revised.data.diff
    assert diff is not None
    assert (diff.from_version, diff.to_version, diff.consultations_added) == (1, 1, 1)
    assert (diff.from_revision, diff.to_revision) == (1, 2)
    assert "poverty" in [c.value for c in diff.priorities_added]
    assert draft(units) == revised.data.plan
    assert units.state.versions == []


async def test_a_consultation_of_another_school_year_opens_its_own_plan(
    units: Units, planning: Planning
) -> None:
    await deliver(units, planning, CONSULTATIONS, consultation())
    await deliver(units, planning, CONSULTATIONS, consultation(consultation_date="2026-05-04"))
    assert sorted(units.state.plans) == ["prizren:2025-2026", PLAN_ID]


async def test_poison_is_dead_lettered_with_its_reason_and_the_rest_applied(
    units: Units, planning: Planning
) -> None:
    summary = await deliver(
        units, planning, CONSULTATIONS, b"{not json", consultation(), b'{"id": "x"}'
    )
    assert summary["dead_lettered"] == 2
    assert summary["applied"] == 1
    dead = units.on("t." + CONSULTATIONS + ".dlq")
    assert [m.value for m in dead] == [b"{not json", b'{"id": "x"}']
    assert all("validation error" in m.headers["dlq_error"] for m in dead)
    assert {m.headers["dlq_service"] for m in dead} == {"planning"}
    assert PLAN_ID in units.state.plans


async def test_a_record_that_breaks_the_handler_is_isolated_and_dead_lettered(
    units: Units, planning: Planning, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = consultation(municipality="gjakove")
    break_replanning_of("gjakove", KeyError("a code bug met by one record"), monkeypatch)
    summary = await deliver(units, planning, CONSULTATIONS, consultation(), bad, consultation())
    assert summary["dead_lettered_alone"] == 1
    [dead] = units.on("t." + CONSULTATIONS + ".dlq")
    assert ConsultationRecordedEvent.model_validate_json(dead.value) == bad  # original bytes
    assert dead.headers["dlq_error"] == "KeyError('a code bug met by one record')"
    assert dead.headers["dlq_origin"].startswith("consultations.v1/0/")
    # the good records were applied, each in its own unit; the bad one left no trace
    assert draft(units).consultation_count == 2
    drafts = [e.data.plan for e in plan_events(units)]
    assert [(p.plan_id, p.version, p.revision) for p in drafts] == [
        (PLAN_ID, 1, 1),
        (PLAN_ID, 1, 2),
    ]
    assert bad.data.consultation_id not in units.state.consultations


async def test_a_transient_failure_backs_off_and_reraises_for_redelivery(
    units: Units, planning: Planning, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def database_away(self: Planning, unit: PlanningUnit, key: object, *rest: Any) -> bool:
        raise ConnectionResetError("PostgreSQL went away")

    monkeypatch.setattr(Planning, "replan", database_away)
    backoff = Backoff(first_s=0.001)
    with pytest.raises(ConnectionResetError):
        await consume(
            consumer(units),
            sub(planning, CONSULTATIONS),
            [consumer_record(CONSULTATIONS, consultation().model_dump_json().encode())],
            backoff,
        )
    assert backoff.failures == 1
    assert units.published == []
    assert units.state.consultations == {}


async def test_outdated_plans_are_redrafted_at_start_up(units: Units, planning: Planning) -> None:
    await deliver(units, planning, CONSULTATIONS, consultation())
    current = units.state.plans[PLAN_ID]
    older = current.plan.model_copy(update={"catalogue_version": "old", "consultation_count": 0})
    units.state.plans[PLAN_ID] = CurrentPlan(older, "stale-hash")
    assert await replan_outdated(units, planning) == 1
    plan = draft(units)
    assert (plan.version, plan.revision) == (1, 2)
    assert (plan.catalogue_version, plan.consultation_count) == (planning.catalogue.version, 1)
    [revised] = of_type(units, PlanRevisedEvent)
    assert revised.data.plan == plan
    assert await replan_outdated(units, planning) == 0
    assert len(of_type(units, PlanRevisedEvent)) == 1


def sample(metrics: ServiceMetrics, name: str, topic: str) -> float | None:
    labels = {"service": "planning", "topic": topic}
    return metrics.registry.get_sample_value(name, labels)


async def test_a_record_twice_in_one_batch_is_one_new_and_one_duplicate(
    units: Units, planning: Planning
) -> None:
    metrics = ServiceMetrics("planning")
    event = consultation()
    summary = await deliver(units, planning, CONSULTATIONS, event, event, metrics=metrics)
    assert summary["applied"] == 1
    assert summary["duplicates"] == 1
    assert sample(metrics, "dmap_events_processed_total", CONSULTATIONS) == 1
    assert sample(metrics, "dmap_events_duplicate_total", CONSULTATIONS) == 1
    assert draft(units).consultation_count == 1


async def test_metrics_count_applied_duplicates_and_dead_letters_once(
    units: Units, planning: Planning, monkeypatch: pytest.MonkeyPatch
) -> None:
    metrics = ServiceMetrics("planning")
    first = consultation()
    await deliver(units, planning, CONSULTATIONS, first, b"{bad", metrics=metrics)
    break_replanning_of("gjakove", RuntimeError("bug"), monkeypatch)
    await deliver(
        units,
        planning,
        CONSULTATIONS,
        first,
        consultation(municipality="gjakove"),
        consultation(),
        metrics=metrics,
    )
    assert sample(metrics, "dmap_events_processed_total", CONSULTATIONS) == 2
    assert sample(metrics, "dmap_events_duplicate_total", CONSULTATIONS) == 1
    assert sample(metrics, "dmap_dead_letters_total", CONSULTATIONS) == 2
    assert sample(metrics, "dmap_batches_failed_total", CONSULTATIONS) == 1


async def test_consultations_outside_the_accepted_dates_are_dead_lettered_not_planned(
    units: Units, planning: Planning
) -> None:
    summary = await deliver(
        units,
        planning,
        CONSULTATIONS,
        consultation(consultation_date="2099-03-01"),
        consultation(consultation_date="1999-12-31"),
    )
    assert summary["dead_lettered"] == 2
    assert units.state.plans == {}
    reasons = [m.headers["dlq_error"] for m in units.on("t." + CONSULTATIONS + ".dlq")]
    assert reasons == [
        "consultation_date: is in the future",
        "consultation_date: is before 2000-01-01",
    ]


async def test_free_text_is_redacted_again_when_consumed(units: Units, planning: Planning) -> None:
    leaky = consultation(recommendations=["Thirrni prindin në 044 123 456."])
    await deliver(units, planning, CONSULTATIONS, leaky)
    [stored] = units.state.consultations.values()
    assert stored.recommendations == ("Thirrni prindin në [PHONE].",)


LEAKY_ISSUE = {
    "category": "child_labour",
    "description": "Punon në treg; thirrni nënën në 045 987 654 ose nena.v@example.org",
    "severity": "high",
}


async def test_a_record_is_redacted_once_before_it_is_stored_and_not_on_redelivery(
    units: Units, planning: Planning, monkeypatch: pytest.MonkeyPatch
) -> None:
    redacted: list[UUID] = []

    def counting(event: ConsultationRecordedEvent) -> ConsultationRecordedEvent:
        redacted.append(event.data.consultation_id)
        return redact_recorded(event)

    monkeypatch.setattr(workflow, "redact_recorded", counting)
    leaky = consultation(raised_issues=[LEAKY_ISSUE], recommendations=["Kontakt: +383 44 222 333"])
    await deliver(units, planning, CONSULTATIONS, leaky)
    cid = leaky.data.consultation_id
    kept = units.state.consultations[cid]
    assert "045 987 654" not in kept.raised_issues[0].description
    assert "[PHONE]" in kept.raised_issues[0].description
    assert "[EMAIL]" in kept.raised_issues[0].description
    assert kept.recommendations == ("Kontakt: [PHONE]",)
    assert redacted == [cid]
    # redelivered, and a forged copy of the same id: neither is redacted nor stored
    forged = leaky.model_copy(
        update={"data": leaky.data.model_copy(update={"recommendations": ("Ana Krasniqi",)})}
    )
    summary = await deliver(units, planning, CONSULTATIONS, leaky, forged)
    assert summary["duplicates"] == 2
    assert redacted == [cid]
    assert units.state.consultations[cid] == kept
    assert "Ana" not in draft(units).model_dump_json()
