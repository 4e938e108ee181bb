"""The consumer shell: dispatch by event type in topic order, and its FastStream wiring."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID, uuid4

from faststream.kafka import KafkaBroker, TestKafkaBroker

from schemas.topics import CONSULTATIONS
from services.consultations.domain.intake import recorded_event
from services.planning.rules import catalogue, classifier_rules
from services.planning.subscriptions import subscriptions
from services.planning.workflow import Planning
from services.runtime.backoff import Backoff
from services.runtime.metrics import ServiceMetrics
from services.runtime.settings import Settings
from services.runtime.subscriber import (
    Consumer,
    Handled,
    Subscription,
    consume,
    dispatch,
    router_for,
)
from services.runtime.unit_of_work import UnitOfWork
from tests.factories import record
from tests.fakes.memory import MemoryUnits
from tests.fakes.planning import planning_units
from tests.fakes.records import consumer_record

SETTINGS = Settings(topic_prefix="w.")
NOW = datetime(2026, 11, 20, tzinfo=UTC)


@dataclass(frozen=True)
class Opened:
    id: UUID
    time: datetime
    type: str = "opened"

    def model_dump_json(self) -> str:
        return "{}"


@dataclass(frozen=True)
class Closed(Opened):
    type: str = "closed"


class Ledger(UnitOfWork):
    def __init__(self, state: list[str], settings: Settings) -> None:
        super().__init__(settings)
        self.state = state


def ledger_units() -> MemoryUnits[list[str], Ledger]:
    return MemoryUnits([], Ledger, SETTINGS)


async def note(unit: Ledger, events: Sequence[Opened]) -> Handled:
    unit.state.append("+".join(e.type for e in events))
    return Handled(events)


async def test_dispatch_hands_runs_of_one_type_to_its_handler_in_topic_order() -> None:
    units = ledger_units()
    a, b, c, d = (
        Opened(uuid4(), NOW),
        Opened(uuid4(), NOW),
        Closed(uuid4(), NOW),
        Opened(uuid4(), NOW),
    )
    async with units() as unit:
        handled = await dispatch({Opened: note, Closed: note}, unit, [a, b, c, d])
    assert units.state == ["opened+opened", "closed", "opened"]
    assert list(handled.applied) == [a, b, c, d]


async def test_an_event_type_without_a_handler_is_dead_lettered_alone() -> None:
    units = ledger_units()
    parse = {b"open": Opened(uuid4(), NOW), b"close": Closed(uuid4(), NOW)}
    sub: Subscription[Ledger] = Subscription("ledger.v1", "g", parse.__getitem__, {Opened: note})
    consumer = Consumer("planning", SETTINGS, units, ServiceMetrics("planning"))
    records = [consumer_record("ledger.v1", v) for v in (b"open", b"close", b"open")]
    summary = await consume(consumer, sub, records, Backoff())
    assert summary["dead_lettered_alone"] == 1
    assert summary["applied"] == 2
    [dead] = units.on("w.ledger.v1.dlq")
    assert dead.value == b"close"
    assert dead.headers["dlq_error"] == "UnhandledEvent('no handler for Closed')"
    assert units.state == ["opened", "opened"]


async def test_faststream_delivers_a_published_consultation_to_the_planning_handler() -> None:
    units = planning_units(SETTINGS)
    planning = Planning(classifier_rules(), catalogue(), clock=lambda: NOW)
    consumer = Consumer("planning", SETTINGS, units, ServiceMetrics("planning"))
    broker = KafkaBroker()
    broker.include_router(router_for(consumer, subscriptions(planning)))
    event = recorded_event(record(), NOW)
    async with TestKafkaBroker(broker) as test_broker:
        await test_broker.publish(
            event.model_dump_json().encode(), SETTINGS.topic(CONSULTATIONS), key=b"prizren"
        )
    assert list(units.state.consultations) == [event.data.consultation_id]
    assert units.state.plans["prizren:2026-2027"].plan.version == 1
    assert [m.topic for m in units.published] == ["w.plans.v1", "w.plan-snapshots.v1"]
