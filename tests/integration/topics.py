"""Producing to and reading from the stack's topics as an outsider would."""

import asyncio
import time
import uuid
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer, ConsumerRecord

from services.runtime.kafka import build_producer, client_args
from services.runtime.settings import Settings

Records = list[ConsumerRecord[bytes, bytes]]


async def produce(settings: Settings, topic: str, key: str, *values: bytes) -> None:
    """Write straight to a topic (logical name), bypassing every DMAP service."""
    producer = build_producer(settings, "outsider")
    await producer.start()
    try:
        for value in values:
            await producer.send_and_wait(settings.topic(topic), value, key=key.encode())
    finally:
        await producer.stop()


async def read_until(
    settings: Settings, topic: str, done: Callable[[Records], bool], timeout_s: float = 30
) -> Records:
    """Every record of a topic from the start, once `done(records)` holds (or fail)."""
    consumer = AIOKafkaConsumer(
        settings.topic(topic),
        **client_args(settings),
        group_id=f"test-{uuid.uuid4()}",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    seen: Records = []
    deadline = time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            seen += [r for records in batch.values() for r in records]
            if done(seen):
                return seen
            await asyncio.sleep(0.1)
    finally:
        await consumer.stop()
    raise AssertionError(f"{topic}: condition not met in {timeout_s}s; {len(seen)} records")
