"""The one consumer shell: every Kafka subscriber of DMAP runs its batches through it.

For each consumed batch: bind the log context (scoped to the batch), decode
each record, dead-letter the ones that do not parse, hand the others to the
handler registered for their event type inside one unit of work, count them.
A transient failure (database or broker away) backs off and re-raises, so the
batch is redelivered; any other failure re-applies the batch record by record,
each alone in its own unit of work, and dead-letters a record that fails alone
(its traceback logged), so one bad record never blocks its partition.
"""

from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any, Generic, TypeVar

import structlog
from faststream import AckPolicy
from faststream.kafka import KafkaRouter
from faststream.kafka.annotations import KafkaMessage

from schemas.topics import dlq
from services.runtime.backoff import Backoff
from services.runtime.dead_letters import (
    KafkaRecord,
    batch_context,
    batch_records,
    dead_letter,
    is_transient,
    raw_bodies,
    record_context,
    split_valid,
)
from services.runtime.metrics import ServiceMetrics
from services.runtime.settings import ServiceName, Settings
from services.runtime.unit_of_work import CloudEvent, UnitOfWork, Units

log = structlog.get_logger(__name__)

U = TypeVar("U", bound=UnitOfWork)


@dataclass(frozen=True, slots=True)
class Handled:
    """What a handler did with its events: the ones that changed state, and its own counts."""

    applied: Sequence[CloudEvent]
    counts: Mapping[str, int] = field(default_factory=dict)


Handler = Callable[[U, Sequence[Any]], Awaitable[Handled]]
"""Applies a run of events of one type, in topic order, inside the caller's unit of work."""


class ConflictingEvent(Exception):
    """A second, different event for a fact already applied (same plan and version): only
    one producer may write a topic, so this is a forgery or a bug. Kept out, counted, logged."""


class UnhandledEvent(Exception):
    """A valid event of a type nobody registered: a deployment mistake, dead-lettered."""


# Generic dataclasses without slots: with slots, `Subscription[X](...)` fails on 3.11.
@dataclass(frozen=True)
class Subscription(Generic[U]):
    """A topic, how to parse its records, and the handler of each event type on it."""

    topic: str
    group: str
    parse: Callable[[bytes], Any]
    handlers: Mapping[type, Handler[U]]
    max_records: int = 500
    instance_suffix: str = ""

    def group_id(self, settings: Settings) -> str:
        return f"{settings.topic_prefix}{self.group}"


@dataclass(frozen=True)
class Consumer(Generic[U]):
    """What every subscription of a service shares."""

    service: ServiceName
    settings: Settings
    units: Units[U]
    metrics: ServiceMetrics


async def dispatch(
    handlers: Mapping[type, Handler[U]], unit: U, events: Sequence[object]
) -> Handled:
    """Consecutive events of one type go to its handler together; topic order is kept."""
    applied: list[CloudEvent] = []
    counts: Counter[str] = Counter()
    for kind, run in groupby(events, key=type):
        handler = handlers.get(kind)
        if handler is None:
            raise UnhandledEvent(f"no handler for {kind.__name__}")
        handled = await handler(unit, list(run))
        applied += handled.applied
        counts.update(handled.counts)
    return Handled(applied, dict(counts))


async def apply_batch(
    consumer: Consumer[U], sub: Subscription[U], records: Sequence[KafkaRecord]
) -> dict[str, int]:
    """Parse, apply and dead-letter the unparseable in one unit of work; returns counts."""
    dlq_topic = consumer.settings.topic(dlq(sub.topic))
    events, dead = split_valid(records, sub.parse, dlq_topic, consumer.service)
    async with consumer.units() as unit:
        handled = await dispatch(sub.handlers, unit, events)
        for message in dead:
            unit.forward(message)
    applied = len(handled.applied)
    consumer.metrics.applied(
        sub.topic, applied, len(events) - applied, len(dead), [e.time for e in handled.applied]
    )
    return {
        "received": len(records),
        "applied": applied,
        "duplicates": len(events) - applied,
        "dead_lettered": len(dead),
        **handled.counts,
    }


async def consume(
    consumer: Consumer[U],
    sub: Subscription[U],
    records: Sequence[KafkaRecord],
    backoff: Backoff,
) -> dict[str, int]:
    """One batch, end to end; raises only for a transient failure (redelivery wanted)."""
    with structlog.contextvars.bound_contextvars(**batch_context(records)):
        try:
            summary = await apply_batch(consumer, sub, records)
        except Exception as exc:
            consumer.metrics.failures.labels(consumer.service, sub.topic).inc()
            if is_transient(exc):
                await backoff.failed(sub.topic, exc)
                raise
            log.warning("batch_failed_isolating_records", exc_info=exc)
            summary = await _isolate(consumer, sub, records)
        backoff.succeeded()
        log.info("batch_applied", **summary)
        return summary


async def _isolate(
    consumer: Consumer[U], sub: Subscription[U], records: Sequence[KafkaRecord]
) -> dict[str, int]:
    """Apply each record alone; dead-letter those that still fail. Transient errors re-raise."""
    totals: Counter[str] = Counter()
    for record in records:
        with structlog.contextvars.bound_contextvars(**record_context(record)):
            try:
                totals.update(await apply_batch(consumer, sub, (record,)))
            except Exception as exc:
                if is_transient(exc):
                    raise
                await _bury(consumer, sub, record, exc)
                totals["dead_lettered_alone"] += 1
    totals["received"] = len(records)
    return dict(totals)


async def _bury(
    consumer: Consumer[U], sub: Subscription[U], record: KafkaRecord, error: BaseException
) -> None:
    reason = repr(error)
    dlq_topic = consumer.settings.topic(dlq(sub.topic))
    async with consumer.units() as unit:
        unit.forward(dead_letter(record, dlq_topic, consumer.service, reason))
    consumer.metrics.dead_letters.labels(consumer.service, sub.topic).inc()
    if isinstance(error, ConflictingEvent):
        consumer.metrics.conflicts.labels(consumer.service, sub.topic).inc()
        log.warning(
            "conflicting_event_dead_lettered",
            partition=record.partition,
            offset=record.offset,
            reason=str(error),
        )
        return
    log.error(
        "record_dead_lettered",
        partition=record.partition,
        offset=record.offset,
        exc_info=error,
    )


def subscribe(router: KafkaRouter, consumer: Consumer[U], sub: Subscription[U]) -> None:
    """Register `sub` on the router: batches, manual acks, static membership."""
    settings = consumer.settings
    backoff = Backoff()

    @router.subscriber(
        settings.topic(sub.topic),
        batch=True,
        max_records=settings.consumer_max_records or sub.max_records,
        group_id=sub.group_id(settings),
        auto_offset_reset="earliest",
        decoder=raw_bodies,
        # Only transient failures raise out of `consume`: the batch must then be
        # redelivered, not committed. Poison is dead-lettered and acknowledged.
        ack_policy=AckPolicy.NACK_ON_ERROR,
        # Static membership: a restarted instance gets its partitions back without a
        # group-wide rebalance.
        group_instance_id=settings.instance_id(consumer.service) + sub.instance_suffix,
        # Keeps the partitions this process owns, for the lag it reports.
        listener=consumer.metrics.owners.listener(
            sub.group_id(settings), settings.topic(sub.topic)
        ),
    )
    async def handle(body: list[bytes], message: KafkaMessage) -> None:
        await consume(consumer, sub, batch_records(message.raw_message), backoff)


def router_for(consumer: Consumer[U], subs: Sequence[Subscription[U]]) -> KafkaRouter:
    """A FastStream router with every subscription of a service on it."""
    router = KafkaRouter()
    for sub in subs:
        subscribe(router, consumer, sub)
    return router
