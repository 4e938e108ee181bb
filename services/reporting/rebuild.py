"""Rebuilding reporting's read models from the topics, from offset zero.

Reads every partition of the projected topics up to its current end, then,
in one unit of work, empties the read models and applies every event again
through the same handlers as the live subscribers. A running reporting
service blocks on the table locks meanwhile and then finds each event it
receives already applied, so it can keep running.
"""

from dataclasses import dataclass

import asyncpg
import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from services.reporting.projector import SUBSCRIPTIONS
from services.reporting.unit import ReportingUnit
from services.runtime.dead_letters import KafkaRecord
from services.runtime.kafka import client_args
from services.runtime.settings import Settings
from services.runtime.subscriber import dispatch
from services.runtime.unit_of_work import Transactions

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class RebuildReport:
    read: int
    applied: int
    skipped_invalid: int


async def partitions_of(settings: Settings, topic: str) -> list[TopicPartition]:
    admin = AIOKafkaAdminClient(**client_args(settings))
    await admin.start()
    try:
        [described] = await admin.describe_topics([topic])
    finally:
        await admin.close()
    return sorted(TopicPartition(topic, p["partition"]) for p in described["partitions"])


async def read_all(settings: Settings, topic: str) -> list[KafkaRecord]:
    """Every record of `topic` up to the end offsets seen at the start, in partition order."""
    partitions = await partitions_of(settings, topic)
    consumer = AIOKafkaConsumer(
        **client_args(settings),
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        out: list[KafkaRecord] = []
        for tp in partitions:
            while await consumer.position(tp) < ends[tp]:
                batch = await consumer.getmany(tp, timeout_ms=1000)
                out += [r for r in batch.get(tp, []) if r.offset < ends[tp]]
        return out
    finally:
        await consumer.stop()


async def rebuild(settings: Settings, pool: asyncpg.Pool) -> RebuildReport:
    read = applied = skipped = 0
    topics = [(sub, await read_all(settings, settings.topic(sub.topic))) for sub in SUBSCRIPTIONS]
    units = Transactions(settings, pool, None, "reporting", ReportingUnit)
    async with units() as unit:
        await unit.clear_read_models()
        for sub, records in topics:
            events = []
            for record in records:
                read += 1
                try:
                    events.append(sub.parse(record.value or b""))
                except ValueError:  # refused by the parser, as the live subscriber does
                    skipped += 1  # (so it is in the DLQ already)
            applied += len((await dispatch(sub.handlers, unit, events)).applied)
    log.info("reporting_rebuilt", read=read, applied=applied, skipped_invalid=skipped)
    return RebuildReport(read, applied, skipped)
