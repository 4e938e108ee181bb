"""The baseline: raw aiokafka producing and consuming the very messages DMAP would carry.

Same values, keys, headers and partition count as consultations.v1, and the
producer of DMAP's own (`acks=all`, idempotence, linger, zstd).
"""

import asyncio
import time
import uuid

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from schemas.topics import CONSULTATIONS, TOPICS
from services.runtime.kafka import MAX_REQUEST_BYTES, build_producer, client_args, delete_topics
from services.runtime.outbox import OutboxMessage
from services.runtime.settings import Settings

PARTITIONS = next(t.partitions for t in TOPICS if t.name == CONSULTATIONS)


def producer(settings: Settings) -> AIOKafkaProducer:
    """DMAP's own producer (acks, idempotence, linger, compression): the same client work."""
    return build_producer(settings, "dmap-bench-raw")


async def produce(settings: Settings, topic: str, messages: list[OutboxMessage]) -> float:
    """Send every message, wait for every acknowledgement; returns the seconds taken."""
    started = time.perf_counter()
    p = producer(settings)
    await p.start()
    try:
        sends = [
            await p.send(
                topic,
                m.value,
                key=m.key.encode(),
                headers=[(k, v.encode()) for k, v in m.headers.items()],
            )
            for m in messages
        ]
        await asyncio.gather(*sends)
    finally:
        await p.stop()
    return time.perf_counter() - started


async def consume(settings: Settings, topic: str, count: int) -> float:
    """Read `count` records from the start of `topic` in a new group; the seconds taken."""
    started = time.perf_counter()
    consumer = AIOKafkaConsumer(
        topic,
        **client_args(settings),
        group_id=f"bench-{uuid.uuid4()}",
        auto_offset_reset="earliest",
        max_partition_fetch_bytes=MAX_REQUEST_BYTES,
    )
    await consumer.start()
    try:
        got = 0
        while got < count:
            batch = await consumer.getmany(timeout_ms=1000, max_records=5000)
            got += sum(len(v) for v in batch.values())
    finally:
        await consumer.stop()
    return time.perf_counter() - started


async def round_trip(settings: Settings, messages: list[OutboxMessage]) -> dict[str, float]:
    """Produce then consume on a scratch topic of the consultations topic's shape."""
    topic = f"{settings.topic_prefix}bench-raw-{uuid.uuid4().hex[:6]}"
    admin = AIOKafkaAdminClient(**client_args(settings))
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, PARTITIONS, settings.topic_replication)])
    finally:
        await admin.close()
    try:
        produced = await produce(settings, topic, messages)
        consumed = await consume(settings, topic, len(messages))
    finally:
        await delete_topics(settings, [topic])
    n = len(messages)
    return {
        "records": n,
        "produce_s": produced,
        "consume_s": consumed,
        "seconds": produced + consumed,
        "produce_per_s": n / produced,
        "consume_per_s": n / consumed,
        "per_s": n / (produced + consumed),
    }
