"""Start-up and shutdown shared by the three services: pool, migrations, outbox relay."""

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import structlog
from aiokafka import AIOKafkaProducer

from services.runtime.auth.http import MIGRATIONS as AUTH_MIGRATIONS
from services.runtime.database import apply_migrations, create_pool
from services.runtime.kafka import build_producer
from services.runtime.logging import configure_logging
from services.runtime.outbox import OutboxRelay
from services.runtime.settings import ServiceName, Settings


@dataclass(frozen=True, slots=True)
class Resources:
    pool: asyncpg.Pool
    relay: OutboxRelay


@asynccontextmanager
async def service_resources(
    settings: Settings, service: ServiceName, migrations: Path
) -> AsyncIterator[Resources]:
    """Logging, a migrated pool and a running outbox relay for `service` (its schema too)."""
    configure_logging(settings.log_level, settings.log_format, service)
    structlog.contextvars.bind_contextvars(service=service)
    pool = await create_pool(settings.service_dsn(service), settings.pool_max_size)
    try:
        # With its own role a service may not create the shared auth schema: the
        # operator's provisioning (`dmap stack up`) has applied those migrations.
        with contextlib.suppress(asyncpg.InsufficientPrivilegeError):
            await apply_migrations(pool, "auth", AUTH_MIGRATIONS)
        await apply_migrations(pool, service, migrations, outbox=True)

        def new_producer() -> AIOKafkaProducer:
            return build_producer(settings, f"dmap-{service}")

        producer = new_producer()
        await producer.start()
        relay = OutboxRelay(
            pool,
            producer,
            service,
            batch_size=settings.outbox_batch_size,
            poll_interval_s=settings.outbox_poll_interval_s,
            acquire_timeout_s=settings.acquire_timeout_s,
            listen_dsn=settings.service_dsn(service),
            max_message_bytes=settings.kafka_max_message_bytes,
            renew_producer=new_producer,
        )
        relay.start()
        structlog.get_logger(__name__).info("service_started")
        try:
            yield Resources(pool, relay)
        finally:
            await relay.stop()  # drains what is pending; stops a producer it built
            await producer.stop()
    finally:
        await pool.close()
