"""Planning's workflow through the subscriber shell, over in-memory units of work.

Re-drafting, duplicates, review transitions and poison isolation, each in
milliseconds; the real-stack tiers prove the same against Kafka and PostgreSQL.
"""

from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from schemas.consultations import ConsultationRecordedEvent
from schemas.envelope import dataschema_uri
from schemas.plans import PlanDraftedEvent, PlanRevisedEvent, PlanStatusChangedEvent
from schemas.reviews import Decision, ReviewRecorded, ReviewRecordedEvent
from schemas.topics import CONSULTATIONS, PLAN_REVIEWS, PLAN_SNAPSHOTS, PLANS
from services.consultations.domain.intake import recorded_event
from services.planning.domain.decisions import PlanKey
from services.planning.rules import catalogue, classifier_rules
from services.planning.subscriptions import subscriptions
from services.planning.unit import PlanningUnit
from services.planning.workflow import Planning, replan_outdated
from services.runtime.backoff import Backoff
from services.runtime.metrics import ServiceMetrics
from services.runtime.settings import Settings
from services.runtime.subscriber import Consumer, Subscription, consume
from tests.factories import record
from tests.fakes.memory import MemoryUnits
from tests.fakes.planning import PlanningState, planning_units
from tests.fakes.records import consumer_record

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
SETTINGS = Settings(topic_prefix="t.")
PLAN_ID = "prizren:2026-2027"

Units = MemoryUnits[PlanningState, PlanningUnit]


@pytest.fixture
def planning() -> Planning:
    return Planning(classifier_rules(), catalogue(), clock=lambda: NOW)


@pytest.fixture
def units() -> Units:
    return planning_units(SETTINGS)


def consumer(units: Units, metrics: ServiceMetrics | None = None) -> Consumer[PlanningUnit]:
    return Consumer("planning", SETTINGS, units, metrics or ServiceMetrics("planning"))


def sub(planning: Planning, topic: str) -> Subscription[PlanningUnit]:
    return next(s for s in subscriptions(planning) if s.topic == topic)


def consultation(**kw: object) -> ConsultationRecordedEvent:
    return recorded_event(record(**kw), NOW)


def review(version: int, decision: Decision, plan_id: str = PLAN_ID) -> ReviewRecordedEvent:
    return ReviewRecordedEvent(
        id=uuid4(),
        source="/dmap/test",
        time=NOW,
        subject=plan_id,
        dataschema=dataschema_uri("review-recorded-event.v1"),
        data=ReviewRecorded(
            review_id=uuid4(),
            plan_id=plan_id,
            version=version,
            decision=decision,
            reviewer="MED Prizren",
            comment="",
        ),
    )


async def deliver(
    units: Units,
    planning: Planning,
    topic: str,
    *events: object,
    metrics: ServiceMetrics | None = None,
) -> dict[str, int]:
    records = [
        consumer_record(topic, e if isinstance(e, bytes) else e.model_dump_json().encode())  # type: ignore[attr-defined]
        for e in events
    ]
    return await consume(consumer(units, metrics), sub(planning, topic), records, Backoff())


def plan_events(units: Units) -> list[object]:
    from pydantic import TypeAdapter

    from schemas.plans import PlanEvent

    adapter: TypeAdapter[object] = TypeAdapter(PlanEvent)
    return [adapter.validate_json(m.value) for m in units.on("t." + PLANS)]


def break_replanning_of(
    municipality: str, error: Exception, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A code bug that only one municipality's records meet."""
    original = Planning.replan

    async def fragile(self: Planning, unit: PlanningUnit, key: PlanKey) -> bool:
        if key.municipality == municipality:
            raise error
        return await original(self, unit, key)

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
    assert sorted(e.data.plan.plan_id for e in events) == [  # type: ignore[attr-defined]
        "gjakove:2026-2027",
        PLAN_ID,
    ]
    snapshots = units.on("t." + PLAN_SNAPSHOTS)
    assert [m.headers["plan_version"] for m in snapshots] == ["1", "1"]
    prizren = units.state.plans[PLAN_ID].plan
    assert (prizren.version, prizren.status, prizren.consultation_count) == (1, "draft", 2)


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
    assert units.state.plans[PLAN_ID].plan.version == 1


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
    _drafted, revised = plan_events(units)
    assert isinstance(revised, PlanRevisedEvent)
    assert revised.data.previous_version == 1
    assert revised.data.plan.version == 2
    diff = revised.data.diff
    assert diff is not None
    assert (diff.from_version, diff.to_version, diff.consultations_added) == (1, 2, 1)
    assert "poverty" in [c.value for c in diff.priorities_added]


async def test_a_consultation_of_another_school_year_opens_its_own_plan(
    units: Units, planning: Planning
) -> None:
    await deliver(units, planning, CONSULTATIONS, consultation())
    await deliver(units, planning, CONSULTATIONS, consultation(consultation_date="2026-05-04"))
    assert sorted(units.state.plans) == ["prizren:2025-2026", PLAN_ID]


async def test_review_submit_then_approve_publishes_status_changes(
    units: Units, planning: Planning
) -> None:
    await deliver(units, planning, CONSULTATIONS, consultation())
    await deliver(units, planning, PLAN_REVIEWS, review(1, "submit_for_review"))
    summary = await deliver(units, planning, PLAN_REVIEWS, review(1, "approve"))
    assert summary["applied"] == 1
    assert summary["refused"] == 0
    changes = [e for e in plan_events(units) if isinstance(e, PlanStatusChangedEvent)]
    assert [(c.data.previous_status, c.data.status) for c in changes] == [
        ("draft", "in_review"),
        ("in_review", "approved"),
    ]
    assert units.state.plans[PLAN_ID].plan.status == "approved"
    last_snapshot = units.on("t." + PLAN_SNAPSHOTS)[-1]
    assert b'"status":"approved"' in last_snapshot.value


@pytest.mark.parametrize(
    ("version", "decisions", "reason"),
    [
        (
            2,
            ["approve"],
            "version 2 was reviewed but the current version is 1; review the current version",
        ),
        (1, ["approve", "submit_for_review"], "cannot submit_for_review a plan that is approved"),
        (1, ["request_changes", "approve"], "cannot approve a plan that is changes_requested"),
    ],
)
async def test_impossible_reviews_are_refused_recorded_and_publish_nothing(
    units: Units, planning: Planning, version: int, decisions: list[Decision], reason: str
) -> None:
    await deliver(units, planning, CONSULTATIONS, consultation())
    for decision in decisions[:-1]:
        await deliver(units, planning, PLAN_REVIEWS, review(version, decision))
    published = len(units.published)
    last = review(version, decisions[-1])
    summary = await deliver(units, planning, PLAN_REVIEWS, last)
    assert summary["refused"] == 1
    assert units.state.reviews[last.data.review_id] == f"refused: {reason}"
    assert len(units.published) == published


async def test_a_review_of_an_unknown_plan_is_refused(units: Units, planning: Planning) -> None:
    event = review(1, "approve", plan_id="prizren:2030-2031")
    summary = await deliver(units, planning, PLAN_REVIEWS, event)
    assert summary["refused"] == 1
    assert units.state.reviews[event.data.review_id] == "refused: no plan prizren:2030-2031"


async def test_a_replayed_review_is_ignored(units: Units, planning: Planning) -> None:
    await deliver(units, planning, CONSULTATIONS, consultation())
    event = review(1, "submit_for_review")
    await deliver(units, planning, PLAN_REVIEWS, event)
    published = len(units.published)
    summary = await deliver(units, planning, PLAN_REVIEWS, event)
    assert summary["applied"] == 0
    assert summary["duplicates"] == 1
    assert len(units.published) == published


async def test_new_evidence_after_approval_opens_a_draft_remembering_the_approved_version(
    units: Units, planning: Planning
) -> None:
    await deliver(units, planning, CONSULTATIONS, consultation())
    await deliver(units, planning, PLAN_REVIEWS, review(1, "approve"))
    await deliver(units, planning, CONSULTATIONS, consultation(stakeholder_group="parent"))
    plan = units.state.plans[PLAN_ID].plan
    assert (plan.version, plan.status, plan.last_approved_version) == (2, "draft", 1)


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
    assert units.state.plans[PLAN_ID].plan.consultation_count == 2
    versions = [e.data.plan for e in plan_events(units)]  # type: ignore[attr-defined]
    assert [(p.plan_id, p.version) for p in versions] == [(PLAN_ID, 1), (PLAN_ID, 2)]
    assert bad.data.consultation_id not in units.state.consultations


async def test_a_transient_failure_backs_off_and_reraises_for_redelivery(
    units: Units, planning: Planning, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def database_away(self: Planning, unit: PlanningUnit, key: object) -> bool:
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
    units.state.plans[PLAN_ID] = type(current)(older, "stale-hash")
    assert await replan_outdated(units, planning) == 1
    plan = units.state.plans[PLAN_ID].plan
    assert (plan.version, plan.catalogue_version) == (2, planning.catalogue.version)
    assert await replan_outdated(units, planning) == 0


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
    assert units.state.plans[PLAN_ID].plan.consultation_count == 1


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


async def test_review_counts_separate_status_changes_from_refusals(
    units: Units, planning: Planning
) -> None:
    await deliver(units, planning, CONSULTATIONS, consultation())
    summary = await deliver(
        units, planning, PLAN_REVIEWS, review(1, "submit_for_review"), review(3, "approve")
    )
    assert (summary["applied"], summary["status_changes"], summary["refused"]) == (2, 1, 1)


async def test_a_review_names_its_token_and_only_a_deciding_token_moves_the_plan(
    units: Units, planning: Planning
) -> None:
    await deliver(units, planning, CONSULTATIONS, consultation())
    allowed, unknown = uuid4(), uuid4()
    units.state.deciders.add(allowed)

    def with_token(event: ReviewRecordedEvent, token: UUID) -> ReviewRecordedEvent:
        data = event.data.model_copy(update={"reviewer_token_id": token})
        return event.model_copy(update={"data": data})

    forged = with_token(review(1, "approve"), unknown)
    summary = await deliver(units, planning, PLAN_REVIEWS, forged)
    assert summary["refused"] == 1
    assert units.state.reviews[forged.data.review_id] == f"refused: token {unknown} is unknown"
    await deliver(units, planning, PLAN_REVIEWS, with_token(review(1, "approve"), allowed))
    [change] = [e for e in plan_events(units) if isinstance(e, PlanStatusChangedEvent)]
    assert change.data.reviewer_token_id == allowed


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
