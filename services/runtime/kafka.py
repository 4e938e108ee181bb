"""Kafka clients with safe defaults: acks=all, idempotence, earliest offsets."""

import asyncio
import contextlib
import logging

import structlog
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError, TopicAlreadyExistsError
from faststream.kafka import KafkaBroker

from schemas.topics import TOPICS
from services.runtime.settings import Settings

log = structlog.get_logger(__name__)


def build_producer(settings: Settings, client_id: str) -> AIOKafkaProducer:
    # aiokafka defaults to acks=1 without idempotence: an acknowledged write
    # could be lost or duplicated on a leader change.
    return AIOKafkaProducer(
        bootstrap_servers=settings.bootstrap_servers,
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        compression_type="gzip",
    )


def build_broker(settings: Settings, client_id: str) -> KafkaBroker:
    """A consumer-side FastStream broker; publishing goes through the outbox."""
    return KafkaBroker(
        settings.bootstrap_servers,
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        graceful_timeout=15.0,
        allow_auto_create_topics=False,
        logger=logging.getLogger("dmap.faststream"),  # rendered by our structlog formatter
    )


async def ensure_topics(settings: Settings, timeout_s: float = 60.0) -> list[str]:
    """Create every DMAP topic that is missing; returns the names created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
    await _start_with_retry(admin, timeout_s)
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(settings.topic(t.name), t.partitions, 1, topic_configs=dict(t.configs))
            for t in TOPICS
            if settings.topic(t.name) not in existing
        ]
        if not wanted:
            return []
        with contextlib.suppress(TopicAlreadyExistsError):  # a concurrent `up` won the race
            await admin.create_topics(wanted)
        names = [t.name for t in wanted]
        log.info("topics_created", topics=names)
        return names
    finally:
        await admin.close()


async def describe_cluster(settings: Settings) -> dict[str, object]:
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
    await _start_with_retry(admin, 10.0)
    try:
        return dict(await admin.describe_cluster())
    finally:
        await admin.close()


async def delete_topics(settings: Settings, names: list[str]) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
    await _start_with_retry(admin, 10.0)
    try:
        await admin.delete_topics(names)
    finally:
        await admin.close()


async def _start_with_retry(admin: AIOKafkaAdminClient, timeout_s: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while True:
        try:
            await admin.start()
            return
        except KafkaConnectionError:
            if loop.time() > deadline:
                raise
            await asyncio.sleep(0.5)
