"""Kafka clients with safe defaults: acks=all, idempotence, earliest offsets."""

import asyncio
import contextlib
import logging
import ssl
from typing import Any

import structlog
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError, TopicAlreadyExistsError
from faststream.kafka import KafkaBroker
from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512

from schemas.topics import TOPICS, TopicSpec
from services.runtime.outbox_sizes import COMPRESSION, batch_limit
from services.runtime.settings import Settings

log = structlog.get_logger(__name__)


def client_args(settings: Settings) -> dict[str, Any]:
    """Connection and security arguments every aiokafka client of DMAP takes."""
    settings = settings.with_kafka_account()
    args: dict[str, Any] = {
        "bootstrap_servers": settings.bootstrap_servers,
        "security_protocol": settings.kafka_security_protocol,
    }
    if settings.kafka_security_protocol.startswith("SASL"):
        if not settings.kafka_sasl_username or settings.kafka_sasl_password is None:
            raise ValueError("SASL needs DMAP_KAFKA_SASL_USERNAME and DMAP_KAFKA_SASL_PASSWORD")
        args |= {
            "sasl_mechanism": settings.kafka_sasl_mechanism,
            "sasl_plain_username": settings.kafka_sasl_username,
            "sasl_plain_password": settings.kafka_sasl_password.get_secret_value(),
        }
    if settings.kafka_security_protocol.endswith("SSL"):
        args["ssl_context"] = ssl.create_default_context(
            cafile=str(settings.kafka_ssl_cafile) if settings.kafka_ssl_cafile else None
        )
    return args


def broker_security(settings: Settings) -> BaseSecurity | None:
    """The same settings in FastStream's terms."""
    settings = settings.with_kafka_account()
    protocol = settings.kafka_security_protocol
    if protocol == "PLAINTEXT":
        return None
    args = client_args(settings)
    use_ssl = protocol.endswith("SSL")
    if protocol == "SSL":
        return BaseSecurity(ssl_context=args["ssl_context"], use_ssl=True)
    kind = {"SCRAM-SHA-512": SASLScram512, "SCRAM-SHA-256": SASLScram256, "PLAIN": SASLPlaintext}[
        settings.kafka_sasl_mechanism
    ]
    return kind(
        username=args["sasl_plain_username"],
        password=args["sasl_plain_password"],
        ssl_context=args.get("ssl_context"),
        use_ssl=use_ssl,
    )


MAX_REQUEST_BYTES = 8 * 1024 * 1024


def build_producer(settings: Settings, client_id: str) -> AIOKafkaProducer:
    # aiokafka defaults to acks=1 without idempotence: an acknowledged write
    # could be lost or duplicated on a leader change.
    return AIOKafkaProducer(
        **client_args(settings),
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        # zstd, not gzip: aiokafka gzips at level 9 in the event loop, which was the
        # planning relay's bottleneck under load; zstd compresses plan JSON as well (~11x)
        # about 17 times faster (docs/performance.md). aiokafka checks the size before
        # compression: a plan event of a municipality with thousands of consultations
        # passes 1 MB raw, ~10x less compressed, which is what the broker's
        # message.max.bytes (1 MB) applies to.
        compression_type=COMPRESSION,
        # aiokafka's default batch is 16 KB per partition and send() waits while the
        # partition's batch is full: every plan message (tens of KB) then cost the relay
        # one broker round trip of its own. 512 KB lets a relay pass share batches and
        # stays under the broker's 1 MB per batch even if nothing compressed. aiokafka
        # fills a batch by uncompressed size, so one under the broker's limit less the
        # batch's overhead never exceeds it, however its rows compress; a row larger
        # than that goes in a batch of its own, which the relay's size guard measures.
        max_batch_size=min(512 * 1024, batch_limit(settings.kafka_max_message_bytes)),
        max_request_size=MAX_REQUEST_BYTES,
    )


def build_broker(settings: Settings, client_id: str) -> KafkaBroker:
    """A consumer-side FastStream broker; publishing goes through the outbox."""
    return KafkaBroker(
        settings.bootstrap_servers,
        security=broker_security(settings),
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        graceful_timeout=15.0,
        allow_auto_create_topics=False,
        logger=logging.getLogger("dmap.faststream"),  # rendered by our structlog formatter
    )


def topic_configs(settings: Settings, spec: TopicSpec) -> dict[str, str]:
    """The spec's own configs plus the deployment's policy (replicas, retention)."""
    configs = dict(spec.configs)
    if settings.topic_min_insync is not None:
        configs["min.insync.replicas"] = str(settings.topic_min_insync)
    retention = settings.retention_ms(spec.name)
    if retention is not None:
        # Explicit, so a managed broker's default (often 7 days) never applies to a
        # topic that rebuild reads from offset zero.
        configs["retention.ms"] = str(retention)
    return configs


def new_topic(settings: Settings, spec: TopicSpec) -> NewTopic:
    return NewTopic(
        settings.topic(spec.name),
        spec.partitions,
        settings.topic_replication,
        topic_configs=topic_configs(settings, spec),
    )


async def ensure_topics(settings: Settings, timeout_s: float = 60.0) -> list[str]:
    """Create every DMAP topic that is missing; returns the names created.

    Existing topics are left as they are: a changed policy applies to new topics
    only (docs/scaling.md says how to change a live one).
    """
    admin = AIOKafkaAdminClient(**client_args(settings))
    await _start_with_retry(admin, timeout_s)
    try:
        existing = set(await admin.list_topics())
        wanted = [new_topic(settings, t) for t in TOPICS if settings.topic(t.name) not in existing]
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
    admin = AIOKafkaAdminClient(**client_args(settings))
    await _start_with_retry(admin, 10.0)
    try:
        return dict(await admin.describe_cluster())
    finally:
        await admin.close()


async def delete_topics(settings: Settings, names: list[str]) -> None:
    admin = AIOKafkaAdminClient(**client_args(settings))
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
