"""A row the relay's size guard lets through but the broker refuses (here a topic whose
own max.message.bytes is 64 KB, below the 1 MB the relay is configured for) is buried
with the broker's reason; the relay replaces its idempotent producer, which the refused
batch left out of step, and the rows after it arrive in order, each once."""

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest
from aiokafka import AIOKafkaProducer

from services.runtime.kafka import build_producer
from services.runtime.outbox import OutboxMessage, OutboxRelay, enqueue
from services.runtime.settings import Settings
from tests.integration.outbox_checks import own_outbox, published, settled, tear_down

TOPIC_LIMIT = 64 * 1024


@dataclass
class Outbox:
    pool: asyncpg.Pool
    schema: str
    topic: str
    relay: OutboxRelay

    async def put(self, *values: bytes) -> None:
        async with self.pool.acquire() as conn:
            await enqueue(conn, self.schema, [OutboxMessage(self.topic, "k", v) for v in values])

    async def reasons(self) -> list[str]:
        async with self.pool.acquire() as conn:
            rows = await conn.fetch(f"SELECT reason FROM {self.schema}.outbox_dead_letters")
        return [r["reason"] for r in rows]


@pytest.fixture
async def outbox(settings: Settings, tmp_path: Path) -> AsyncIterator[Outbox]:
    """An outbox of its own, relayed to a one-partition topic that takes at most 64 KB."""
    limit = {"max.message.bytes": str(TOPIC_LIMIT)}
    schema, topic, pool = await own_outbox(settings, tmp_path, "refused", limit)

    def new_producer() -> AIOKafkaProducer:
        return build_producer(settings, "relay-refused-test")

    producer = build_producer(settings, "relay-refused-test")
    await producer.start()
    # The relay believes the broker's 1 MB default: its guard cannot see the topic's limit.
    relay = OutboxRelay(pool, producer, schema, poll_interval_s=0.05, renew_producer=new_producer)
    relay.start()
    try:
        yield Outbox(pool, schema, topic, relay)
    finally:
        await tear_down(relay, producer, pool, schema)


async def test_a_row_the_broker_refuses_is_buried_and_the_partition_goes_on(
    settings: Settings, outbox: Outbox
) -> None:
    first = outbox.relay.producer
    # Over aiokafka's 512 KB batch, so in a batch of its own; incompressible, so over
    # the topic's 64 KB on the wire, and under the 1 MB the guard checks against.
    refused = os.urandom(600 * 1024)
    await outbox.put(b"before", refused, b"after-1", b"after-2", b"after-3")
    await settled(outbox.pool, outbox.schema, buried=1)

    # Asking for one more than expected: a row sent twice would show.
    assert await published(settings, outbox.topic, 5) == [
        b"before",
        b"after-1",
        b"after-2",
        b"after-3",
    ]
    [reason] = await outbox.reasons()
    assert reason.startswith("refused by the broker:")
    assert "MessageSizeTooLargeError" in reason
    assert outbox.relay.producer is not first  # replaced: the old one was out of step

    # The new producer keeps working.
    await outbox.put(b"later")
    await settled(outbox.pool, outbox.schema, buried=1)
    assert (await published(settings, outbox.topic, 6))[4:] == [b"later"]


async def test_rows_refused_together_are_sent_alone_to_find_the_one_too_large(
    settings: Settings, outbox: Outbox
) -> None:
    # Each of the first two fits the topic alone, but all five share one batch (512 KB
    # uncompressed), which the broker refuses whole: only the 100 KB row is at fault.
    fits_a, fits_b = os.urandom(40 * 1024), os.urandom(40 * 1024)
    too_large = os.urandom(100 * 1024)
    await outbox.put(b"small-1", fits_a, fits_b, too_large, b"small-2")
    await settled(outbox.pool, outbox.schema, buried=1)

    assert await published(settings, outbox.topic, 5) == [b"small-1", fits_a, fits_b, b"small-2"]
    async with outbox.pool.acquire() as conn:
        size = await conn.fetchval(
            f"SELECT octet_length(value) FROM {outbox.schema}.outbox_dead_letters"
        )
    assert size == len(too_large)
    [reason] = await outbox.reasons()
    assert "MessageSizeTooLargeError" in reason
