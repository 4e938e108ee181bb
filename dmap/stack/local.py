"""`dmap stack up | down | status`: PostgreSQL, Kafka and the topics, in that order."""

import asyncio

from dmap.stack.kafka_node import KafkaNode
from dmap.stack.postgres_node import PostgresNode
from dmap.stack.provision import KAFKA_SASL_PASSWORD, KAFKA_SASL_USER, local_secrets, provision
from dmap.stack.services import ServiceProcesses
from services.runtime.kafka import ensure_topics
from services.runtime.settings import Settings


def up(settings: Settings) -> list[str]:
    lines = [PostgresNode(settings).up()]
    passwords = local_secrets(settings, create=True)
    asyncio.run(provision(settings, passwords))
    lines.append("database roles: dmap_consultations, dmap_planning, dmap_reporting")
    kafka = KafkaNode(settings)
    lines.append(kafka.up())
    if not settings.kafka_bootstrap:
        kafka.ensure_scram_user(KAFKA_SASL_USER, passwords[KAFKA_SASL_PASSWORD])
        lines.append(
            f"Kafka SASL/SCRAM listener on {settings.host}:{settings.kafka_sasl_port} "
            f"(user {KAFKA_SASL_USER})"
        )
    created = asyncio.run(ensure_topics(settings))
    lines.append(f"topics: {len(created)} created" if created else "topics: all present")
    return lines


def down(settings: Settings) -> list[str]:
    lines = [f"stopped {name}" for name in ServiceProcesses(settings).down()]
    if KafkaNode(settings).down():
        lines.append("stopped Kafka")
    if PostgresNode(settings).down():
        lines.append("stopped PostgreSQL")
    return lines or ["nothing was running"]


def status(settings: Settings) -> dict[str, str]:
    return {
        "postgres": PostgresNode(settings).status(),
        "kafka": KafkaNode(settings).status(),
        **ServiceProcesses(settings).status(),
    }
