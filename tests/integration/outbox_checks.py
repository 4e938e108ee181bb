"""Waiting for a relay to settle an outbox of a test's own, and reading what it sent."""

import asyncio
import uuid
from pathlib import Path

import asyncpg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from services.runtime.database import apply_migrations, create_pool
from services.runtime.kafka import client_args
from services.runtime.outbox import OutboxRelay
from services.runtime.settings import Settings


async def settled(pool: asyncpg.Pool, schema: str, buried: int) -> None:
    """Until nothing is left to publish and `buried` rows lie in the dead letters."""
    for _ in range(200):
        async with pool.acquire() as conn:
            left = await conn.fetchval(
                f"SELECT count(*) FROM {schema}.outbox WHERE published_at IS NULL"
            )
            dead = await conn.fetchval(f"SELECT count(*) FROM {schema}.outbox_dead_letters")
        if left == 0 and dead == buried:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"{left} rows unpublished, {dead} dead letters (wanted {buried})")


async def published(settings: Settings, topic: str, count: int) -> list[bytes]:
    """The topic's values from the start: `count` of them, or all that came before the
    topic stayed quiet for 5 s (so asking for one more than expected finds a double)."""
    consumer = AIOKafkaConsumer(
        topic,
        **client_args(settings),
        group_id=f"outbox-check-{uuid.uuid4()}",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        seen: list[bytes] = []
        while len(seen) < count:
            batch = await consumer.getmany(timeout_ms=5000)
            if not batch:
                break
            seen += [m.value or b"" for msgs in batch.values() for m in msgs]
        return seen
    finally:
        await consumer.stop()


async def tear_down(
    relay: OutboxRelay, producer: AIOKafkaProducer, pool: asyncpg.Pool, schema: str
) -> None:
    """Stops the test's relay and producer and drops its outbox schema."""
    await relay.stop()
    await producer.stop()
    async with pool.acquire() as conn:
        await conn.execute(f"DROP SCHEMA {schema} CASCADE")
    await pool.close()


async def own_outbox(
    settings: Settings, tmp_path: Path, tag: str, topic_configs: dict[str, str] | None = None
) -> tuple[str, str, asyncpg.Pool]:
    """An outbox schema of the test's own (no service's relay races it for the rows),
    migrated, and a one-partition topic for it: (schema, topic, pool)."""
    schema = f"{tag}_{uuid.uuid4().hex[:8]}"
    topic = f"{settings.topic_prefix}relay-{tag}-{uuid.uuid4().hex[:6]}"
    admin = AIOKafkaAdminClient(**client_args(settings))
    await admin.start()
    await admin.create_topics([NewTopic(topic, 1, 1, topic_configs=topic_configs or {})])
    await admin.close()
    pool = await create_pool(settings.dsn, 2)
    await apply_migrations(pool, schema, tmp_path, outbox=True)
    return schema, topic, pool
