"""Two relays on one outbox publish every row exactly once, in order per key; a relay
publishes rows another process committed as soon as PostgreSQL notifies it."""

import asyncio
import contextlib
import time
import uuid
from pathlib import Path

import asyncpg
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from services.runtime.database import create_pool
from services.runtime.kafka import build_producer, client_args
from services.runtime.outbox import OutboxMessage, OutboxRelay, enqueue
from services.runtime.settings import Settings
from tests.integration.outbox_checks import own_outbox

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


async def test_a_relay_publishes_another_writers_rows_when_notified_not_polled(
    settings: Settings, tmp_path: Path
) -> None:
    schema, topic, pool = await own_outbox(settings, tmp_path, "listen")
    producer = build_producer(settings, "relay-listen-test")
    await producer.start()
    # A minute between polls: only the notification can make it publish within seconds.
    relay = OutboxRelay(pool, producer, schema, poll_interval_s=60, listen_dsn=settings.dsn)
    relay.start()
    writer = await asyncpg.connect(settings.dsn)  # another process's connection
    try:
        await asyncio.wait_for(relay.listening.wait(), 15)
        await asyncio.sleep(0.2)  # the relay is back asleep after its start-up pass
        async with writer.transaction():
            await enqueue(writer, schema, [OutboxMessage(topic, "k", b"listen")])
        committed = time.monotonic()
        published = None
        while time.monotonic() - committed < 10:
            published = await writer.fetchval(
                f"SELECT published_at FROM {schema}.outbox WHERE key = 'k'"
            )
            if published is not None:
                break
            await asyncio.sleep(0.05)
        waited = time.monotonic() - committed
        assert published is not None, "not published within 10 s"
        assert waited < 5, f"published after {waited:.1f} s: polled, not notified"
        # A rolled-back write notifies nobody and leaves nothing behind.
        with contextlib.suppress(RuntimeError):
            async with writer.transaction():
                await enqueue(writer, schema, [OutboxMessage(topic, "gone", b"x")])
                raise RuntimeError("roll back")
        assert await writer.fetchval(f"SELECT count(*) FROM {schema}.outbox") == 1
    finally:
        await writer.close()
        await relay.stop()
        await producer.stop()
        async with pool.acquire() as conn:
            await conn.execute(f"DROP SCHEMA {schema} CASCADE")
        await pool.close()
