"""A DMAP of its own on the shared local stack: own database, topic prefix and ports.

Used by the tests and by `make bench`. The stack itself (`dmap stack up`) must be
running; when it is not reachable `prepare` fails with that instruction rather
than letting a caller skip, so a green test run always means the real broker and
database ran.
"""

import asyncio
import random
import socket
import uuid

from dmap.stack.kafka_access import grant_services, revoke_services, upsert_service_accounts
from dmap.stack.postgres_node import drop_database, ensure_database
from dmap.stack.provision import local_secrets, provision
from schemas.topics import TOPICS
from services.runtime.kafka import delete_topics, describe_cluster, ensure_topics
from services.runtime.settings import Settings

NOT_RUNNING = "The local stack is not reachable: run `dmap stack up` (or `make test`) first."


def free_port() -> int:
    """A free port below the ephemeral range, so a restarted service can bind it again."""
    while True:
        port = random.randrange(20000, 32000)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


def isolated_settings(tag: str) -> Settings:
    suffix = uuid.uuid4().hex[:8]
    return Settings(
        database_name=f"dmap_{tag}_{suffix}",
        topic_prefix=f"{tag}-{suffix}.",
        consultations_port=free_port(),
        planning_port=free_port(),
        reporting_port=free_port(),
        monitoring_port=free_port(),
    )


async def prepare(settings: Settings) -> None:
    try:
        await asyncio.wait_for(describe_cluster(settings), 20)
        await ensure_database(settings)
    except Exception as exc:
        raise RuntimeError(f"{NOT_RUNNING} ({exc!r})") from exc
    await provision(settings, local_secrets(settings, create=True))
    await ensure_topics(settings)
    if not settings.kafka_bootstrap:  # the local broker: the services' ACLs, this prefix
        # A stack started before a service existed has no account for it yet.
        await asyncio.to_thread(upsert_service_accounts, settings)
        await asyncio.to_thread(grant_services, settings)


async def clean_up(settings: Settings) -> None:
    await drop_database(settings, settings.database_name)
    await delete_topics(settings, [settings.topic(t.name) for t in TOPICS])
    if not settings.kafka_bootstrap:
        await asyncio.to_thread(revoke_services, settings)
