"""Transactional outbox: rows written with the state change, published by a relay.

Each service that emits events owns a `<schema>.outbox` table (see its
migrations). The relay takes a transaction-scoped advisory lock (one active relay per
outbox, so rows of a key leave in order even with several instances), claims
unsent rows in id order, publishes them with the idempotent producer
(`acks=all`), and marks them sent in the same transaction: a crash before the
commit republishes (at-least-once) and consumers dedupe by event id.
"""

import asyncio
import contextlib
from dataclasses import dataclass, field

import asyncpg
import structlog
from aiokafka import AIOKafkaProducer

from services.runtime.connections import Connection

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    topic: str
    key: str
    value: bytes
    headers: dict[str, str] = field(default_factory=dict)


async def enqueue(conn: Connection, schema: str, messages: list[OutboxMessage]) -> None:
    """Add messages to the outbox inside the caller's transaction."""
    await conn.executemany(
        f"INSERT INTO {schema}.outbox (topic, key, value, headers) VALUES ($1, $2, $3, $4)",
        [(m.topic, m.key, m.value, m.headers) for m in messages],
    )


_CLAIM = """
SELECT id, topic, key, value, headers FROM {schema}.outbox
WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
"""
_LEAD = "SELECT pg_try_advisory_xact_lock(hashtext($1))"
_MARK = "UPDATE {schema}.outbox SET published_at = now() WHERE id = any($1::bigint[])"


class OutboxRelay:
    """Publishes a service's outbox to Kafka until stopped."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        producer: AIOKafkaProducer,
        schema: str,
        *,
        batch_size: int = 200,
        poll_interval_s: float = 0.5,
        acquire_timeout_s: float = 10.0,
    ) -> None:
        self._pool = pool
        self._producer = producer
        self._schema = schema
        self._batch_size = batch_size
        self._poll_interval_s = poll_interval_s
        self._acquire_timeout_s = acquire_timeout_s
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def notify(self) -> None:
        """Called after a commit that wrote outbox rows: publish without waiting."""
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"outbox-relay-{self._schema}")

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._task:
            await self._task

    async def publish_pending(self) -> int:
        """Publish one batch; returns how many rows were sent."""
        async with self._pool.acquire(timeout=self._acquire_timeout_s) as conn, conn.transaction():
            # One relay per outbox at a time: with several instances, SKIP LOCKED alone
            # would let a second relay publish a later row of a key before an earlier one.
            if not await conn.fetchval(_LEAD, f"outbox:{self._schema}"):
                return 0
            rows = await conn.fetch(_CLAIM.format(schema=self._schema), self._batch_size)
            if not rows:
                return 0
            sends = [
                await self._producer.send(
                    r["topic"],
                    r["value"],
                    key=r["key"].encode(),
                    headers=[(k, v.encode()) for k, v in r["headers"].items()],
                )
                for r in rows
            ]
            await asyncio.gather(*sends)
            await conn.execute(_MARK.format(schema=self._schema), [r["id"] for r in rows])
        log.debug("outbox_published", schema=self._schema, count=len(rows))
        return len(rows)

    async def _run(self) -> None:
        backoff = self._poll_interval_s
        while True:
            try:
                sent = await self.publish_pending()
                backoff = self._poll_interval_s
            except Exception as exc:  # database or broker down: rows stay, retry with backoff
                log.warning("outbox_relay_retry", schema=self._schema, error=repr(exc))
                sent, backoff = 0, min(backoff * 2, 10.0)
            if sent:
                continue  # drain the backlog before sleeping
            if self._stopping:
                return
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=backoff)
