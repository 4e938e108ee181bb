"""`dmap stack up | down | status`: PostgreSQL, Kafka and the topics, in that order."""

import asyncio

from dmap.stack.kafka_access import set_up_local_broker
from dmap.stack.kafka_node import KafkaNode
from dmap.stack.kafka_tls import tls_files
from dmap.stack.postgres_node import PostgresNode
from dmap.stack.procs import port_in_use
from dmap.stack.provision import local_secrets, provision
from dmap.stack.services import ServiceProcesses
from services.runtime.kafka import ensure_topics
from services.runtime.settings import SERVICES, Settings


def up(settings: Settings) -> list[str]:
    lines = [PostgresNode(settings).up()]
    passwords = local_secrets(settings, create=True)
    asyncio.run(provision(settings, passwords))
    lines.append("database roles: " + ", ".join(f"dmap_{s}" for s in SERVICES))
    kafka = KafkaNode(settings)
    lines.append(kafka.up())
    if not settings.kafka_bootstrap:
        accounts = set_up_local_broker(settings)
        lines.append(
            f"Kafka accounts (SCRAM on {settings.host}:{settings.kafka_port}, ACLs per service): "
            + ", ".join(accounts)
        )
        if settings.kafka_tls_port:
            lines.append(_tls_line(settings))
        if settings.kafka_plaintext_port:
            lines.append(
                f"WARNING: unauthenticated listener on {settings.kafka_plaintext_port} "
                "(DMAP_KAFKA_PLAINTEXT_PORT): anyone reaching it may do anything"
            )
    created = asyncio.run(ensure_topics(settings))
    lines.append(f"topics: {len(created)} created" if created else "topics: all present")
    return lines


def _tls_line(settings: Settings) -> str:
    where = f"{settings.host}:{settings.kafka_tls_port}"
    ca = tls_files(settings).ca
    if (
        settings.kafka_tls_port
        and port_in_use(settings.host, settings.kafka_tls_port)
        and ca.exists()
    ):
        return f"Kafka TLS (SASL_SSL, SCRAM) on {where}, CA certificate {ca}"
    # A broker started before the listener existed keeps its old configuration.
    return (
        f"WARNING: the running broker has no TLS listener on {where} yet: restart it "
        "(`dmap stack down && dmap stack up`) to open it"
    )


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
