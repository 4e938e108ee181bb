"""`rebuild --from-snapshots`: which source each read model takes, and which records of
plans.v1 a snapshot stands for, over what planning really publishes (in memory)."""

from datetime import UTC, date, datetime

import pytest
from aiokafka.structs import ConsumerRecord

from schemas.plans import PlanDraftedEvent, PlanRevisedEvent
from schemas.topics import CONSULTATIONS, PLAN_REVIEWS, PLAN_SNAPSHOTS, PLANS
from services.planning.workflow import Planning
from services.reporting.projector import SUBSCRIPTIONS, TABLES
from services.reporting.snapshots import (
    PARTIAL,
    SOURCES,
    covered,
    newest,
    parse_snapshot,
)
from services.runtime.outbox import OutboxMessage
from tests.fakes.planning import planning_units
from tests.unit.planning_shell import (
    NOW,
    PLAN_ID,
    SETTINGS,
    Units,
    consultation,
    deliver,
    make_planning,
    plan_events,
    review,
)

TODAY = date(2026, 11, 20)


def _record(message: OutboxMessage, offset: int, timestamp_ms: int = 0) -> ConsumerRecord:
    return ConsumerRecord(
        topic=message.topic,
        partition=0,
        offset=offset,
        timestamp=timestamp_ms,
        timestamp_type=0,
        key=message.key.encode(),
        value=message.value,
        checksum=None,
        serialized_key_size=len(message.key),
        serialized_value_size=len(message.value),
        headers=[(k, v.encode()) for k, v in message.headers.items()],
    )


@pytest.fixture
async def drafted() -> Units:
    """Two revisions of one plan, one of another, and a version issued for review."""
    units, planning = planning_units(SETTINGS), make_planning()
    await _deliver(units, planning, consultation(), consultation(municipality="gjakove"))
    await _deliver(units, planning, consultation(stakeholder_group="parent"))
    await deliver(units, planning, PLAN_REVIEWS, review(1, "submit_for_review"))
    return units


async def _deliver(units: Units, planning: Planning, *events: object) -> None:
    await deliver(units, planning, CONSULTATIONS, *events)


def test_every_read_model_has_a_source_and_the_partial_ones_are_named() -> None:
    assert set(SOURCES) == set(TABLES)
    assert set(SOURCES) >= PARTIAL
    read = {s.topic for s in SUBSCRIPTIONS} | {PLAN_SNAPSHOTS}
    assert {t for topics in SOURCES.values() for t in topics} == read
    # Only the working draft's read models may come from a snapshot.
    from_snapshots = {t for t, topics in SOURCES.items() if PLAN_SNAPSHOTS in topics}
    assert from_snapshots == {"latest_plans", "matrix", "request_outcomes"}


async def test_drafts_at_or_below_the_restored_revision_are_covered(drafted: Units) -> None:
    on_plans = drafted.on("t." + PLANS)
    events = plan_events(drafted)
    drafts = [
        (m, e)
        for m, e in zip(on_plans, events, strict=True)
        if isinstance(e, PlanDraftedEvent | PlanRevisedEvent)
    ]
    revisions = [(e.data.plan.plan_id, e.data.plan.revision) for _, e in drafts]
    assert (PLAN_ID, 1) in revisions  # a plan revised
    assert (PLAN_ID, 2) in revisions
    newest_prizren = max(r for p, r in revisions if p == PLAN_ID)
    restored = {PLAN_ID: newest_prizren - 1}  # the snapshot read lags one revision
    for message, event in drafts:
        plan = event.data.plan
        expected = plan.plan_id == PLAN_ID and plan.revision < newest_prizren
        assert covered(message.value, restored) is expected, (plan.plan_id, plan.revision)
    # Issued versions, status changes and refusals always come from plans.v1.
    others = [m for m, e in zip(on_plans, events, strict=True) if (m, e) not in drafts]
    assert others, "the review issued nothing"
    restored = {p: 99 for p, _ in revisions}
    assert not any(covered(m.value, restored) for m in others)


@pytest.mark.parametrize("value", [b"", b"not json", b"[]", b'{"type": 1}', None])
def test_what_does_not_read_as_a_draft_is_left_to_the_parser(value: bytes | None) -> None:
    assert covered(value, {PLAN_ID: 99}) is False
    broken = b'{"type": "org.dmap.plan.revised.v1", "data": {"plan": {"plan_id": "x"}}}'
    assert covered(broken, {"x": 99}) is False


async def test_the_newest_snapshot_of_each_plan_is_restored_with_its_event_time(
    drafted: Units,
) -> None:
    messages = drafted.on("t." + PLAN_SNAPSHOTS)
    records = [_record(m, i, timestamp_ms=1_790_000_000_000) for i, m in enumerate(messages)]
    assert len(records) > len({r.key for r in records})  # a plan with two snapshots
    chosen = newest(list(reversed(records)))  # by revision, not by order
    latest = {s.plan.plan_id: s for s in (parse_snapshot(r, TODAY) for r in chosen)}
    drafts = [e for e in plan_events(drafted) if isinstance(e, PlanDraftedEvent | PlanRevisedEvent)]
    expected = {e.data.plan.plan_id: e for e in drafts}  # the last draft of each plan
    assert {p: s.plan for p, s in latest.items()} == {p: e.data.plan for p, e in expected.items()}
    assert all(latest[p].at == e.time == NOW for p, e in expected.items())
    # Without the revision header the later offset of a plan wins.
    bare_records = [
        _record(OutboxMessage(m.topic, m.key, m.value), i) for i, m in enumerate(messages)
    ]
    last = {r.key: r.offset for r in bare_records}
    assert sorted(r.offset for r in newest(bare_records)) == sorted(last.values())
    # A snapshot written before the header: dated by the broker's timestamp.
    bare = messages[0]
    old = OutboxMessage(bare.topic, bare.key, bare.value, {"content-type": "application/json"})
    at = parse_snapshot(_record(old, 0, 1_790_000_000_000), TODAY).at
    assert at == datetime.fromtimestamp(1_790_000_000, UTC)


def test_a_snapshot_of_a_year_dmap_refuses_is_not_restored(drafted: Units) -> None:
    message = drafted.on("t." + PLAN_SNAPSHOTS)[0]
    with pytest.raises(ValueError, match="outside the accepted years"):
        parse_snapshot(_record(message, 0), date(2020, 1, 1))
    with pytest.raises(ValueError, match="validation error"):
        parse_snapshot(_record(OutboxMessage(message.topic, "k", b"{}", {}), 1), TODAY)
