"""Two relays on one outbox publish every row exactly once, in order per key."""

import asyncio
import uuid

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from services.runtime.database import create_pool
from services.runtime.kafka import build_producer, client_args
from services.runtime.outbox import OutboxMessage, OutboxRelay, enqueue
from services.runtime.settings import Settings

ROWS, KEYS = 600, 6


async def test_concurrent_relays_do_not_double_publish_or_reorder(
    settings: Settings, running_services: object
) -> None:
    topic = f"{settings.topic_prefix}relay-test-{uuid.uuid4().hex[:6]}"
    admin = AIOKafkaAdminClient(**client_args(settings))
    await admin.start()
    await admin.create_topics([NewTopic(topic, 3, 1)])
    await admin.close()
    pool = await create_pool(settings.dsn, 4)
    producers = [build_producer(settings, f"relay-test-{i}") for i in range(2)]
    for p in producers:
        await p.start()
    relays = [
        OutboxRelay(pool, p, "consultations", batch_size=50, poll_interval_s=0.05)
        for p in producers
    ]
    try:
        async with pool.acquire() as conn:
            await enqueue(
                conn,
                "consultations",
                [OutboxMessage(topic, f"k{i % KEYS}", f"{i}".encode()) for i in range(ROWS)],
            )
        for relay in relays:
            relay.start()
        for _ in range(200):
            async with pool.acquire() as conn:
                left = await conn.fetchval(
                    "SELECT count(*) FROM consultations.outbox WHERE topic = $1 "
                    "AND published_at IS NULL",
                    topic,
                )
            if left == 0:
                break
            await asyncio.sleep(0.1)
        assert left == 0
    finally:
        for relay in relays:
            await relay.stop()
        for p in producers:
            await p.stop()
        await pool.close()

    consumer = AIOKafkaConsumer(
        topic,
        **client_args(settings),
        group_id=f"relay-check-{uuid.uuid4()}",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        seen: list[tuple[str, int]] = []
        while len(seen) < ROWS:
            batch = await consumer.getmany(timeout_ms=5000)
            if not batch:
                break
            seen += [(m.key.decode(), int(m.value)) for msgs in batch.values() for m in msgs]
    finally:
        await consumer.stop()
    assert sorted(v for _, v in seen) == list(range(ROWS))  # each row once, none missing
    for key in {k for k, _ in seen}:
        values = [v for k, v in seen if k == key]
        assert values == sorted(values), f"{key} out of order"
