"""Transactional outbox: rows written with the state change, published by a relay.

Each service that emits events owns a `<schema>.outbox` table (see its
migrations). The relay takes a transaction-scoped advisory lock (one active relay per
outbox, so rows of a key leave in order even with several instances), claims
unsent rows in id order, publishes them with the idempotent producer
(`acks=all`), and marks them sent in the same transaction: a crash before the
commit republishes (at-least-once) and consumers dedupe by event id. A row too
large for the broker (after compression) or the producer can never leave: it is
moved to the outbox's dead letters (services/runtime/outbox_dead_letters.py) and
the rows after it go on, whether the size guard (outbox_sizes.py) caught it or the
broker refused it; after a refusal the relay replaces its producer, whose sequence
numbers the refused batch put out of step (outbox_pass.py).

The relay publishes as soon as it learns of new rows: its own service wakes it
after a commit (`notify`), and it LISTENs for the PostgreSQL NOTIFY, delivered on
commit, that a transaction sends when its own process's relay does not lead the
outbox (another instance's does), so those rows leave at once too. A NOTIFY
serialises commits cluster-wide (a third to a half fewer commits/s with 8
writers, docs/performance.md), hence not on every commit. Polling every
`poll_interval_s` remains the safety net.
"""

import asyncio
import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import asyncpg
import structlog
from aiokafka import AIOKafkaProducer

from services.runtime.connections import Connection
from services.runtime.outbox_dead_letters import bury
from services.runtime.outbox_pass import send_rows

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    topic: str
    key: str
    value: bytes
    headers: dict[str, str] = field(default_factory=dict)


def channel(schema: str) -> str:
    """The NOTIFY channel of a service's outbox (per database, so per deployment)."""
    return f"dmap_outbox_{schema}"


# Headers travel as JSON text: any connection can enqueue, with or without json codecs.
_INSERT = """
INSERT INTO {schema}.outbox (topic, key, value, headers)
SELECT t, k, v, h::jsonb
FROM unnest($1::text[], $2::text[], $3::bytea[], $4::text[]) AS u(t, k, v, h)
"""


async def enqueue(
    conn: Connection, schema: str, messages: list[OutboxMessage], *, notify: bool = True
) -> None:
    """Add messages to the outbox inside the caller's transaction (one statement for all);
    with `notify`, the listening relays learn of them on commit."""
    if not messages:
        return
    await conn.execute(
        _INSERT.format(schema=schema),
        [m.topic for m in messages],
        [m.key for m in messages],
        [m.value for m in messages],
        [json.dumps(m.headers) for m in messages],
    )
    if notify:
        await conn.execute("SELECT pg_notify($1, '')", channel(schema))


_CLAIM = """
SELECT id, topic, key, value, headers FROM {schema}.outbox
WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
"""
_LEAD = "SELECT pg_try_advisory_xact_lock(hashtext($1))"
_MARK = "UPDATE {schema}.outbox SET published_at = now() WHERE id = any($1::bigint[])"


class OutboxRelay:
    """Publishes a service's outbox to Kafka until stopped.

    With `renew_producer`, the relay replaces a producer a failed batch left out of
    step: it stops the one it replaces, and on `stop` the last one it built (the
    caller stops the producer it passed in, which may then be stopped already).
    """

    def __init__(
        self,
        pool: asyncpg.Pool,
        producer: AIOKafkaProducer,
        schema: str,
        *,
        batch_size: int = 200,
        poll_interval_s: float = 0.5,
        acquire_timeout_s: float = 10.0,
        listen_dsn: str | None = None,
        max_message_bytes: int = 1_048_588,
        renew_producer: Callable[[], AIOKafkaProducer] | None = None,
    ) -> None:
        self._pool = pool
        self._producer = producer
        self._given = producer
        self._renew = renew_producer
        self._out_of_step = False  # the last pass had a batch fail: replace the producer
        self._suspects: set[int] = set()  # rows refused together: each goes alone next
        self._schema = schema
        self._batch_size = batch_size
        self._poll_interval_s = poll_interval_s
        self._acquire_timeout_s = acquire_timeout_s
        self._listen_dsn = listen_dsn
        self._max_message_bytes = max_message_bytes
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._listener: asyncio.Task[None] | None = None
        self._stopping = False
        self.listening = asyncio.Event()  # set while the LISTEN connection is up
        self.leads = False  # won the outbox's lead on its last pass: its wake-up suffices

    def notify(self) -> None:
        """Called after a commit that wrote outbox rows: publish without waiting."""
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"outbox-relay-{self._schema}")
        if self._listen_dsn:
            self._listener = asyncio.create_task(
                self._listen(self._listen_dsn), name=f"outbox-listen-{self._schema}"
            )

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._listener:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        if self._task:
            await self._task
        if self._producer is not self._given:
            await self._producer.stop()

    @property
    def producer(self) -> AIOKafkaProducer:
        """The producer the relay publishes with now."""
        return self._producer

    async def _replace_producer(self) -> None:
        """A new producer id numbers every partition from zero again: the broker takes
        its batches where the old producer's would fail with OutOfOrderSequenceNumber."""
        if self._renew is None:
            log.error("outbox_producer_out_of_step", schema=self._schema)
            return
        fresh = self._renew()
        await fresh.start()  # broker away: raises, and the next pass tries again
        old, self._producer, self._out_of_step = self._producer, fresh, False
        log.warning("outbox_producer_replaced", schema=self._schema)
        with contextlib.suppress(Exception):  # nothing in flight: it only closes sockets
            await asyncio.wait_for(old.stop(), timeout=10)

    def _notified(self, *_: object) -> None:
        self._wake.set()

    async def _listen(self, dsn: str) -> None:
        """Hold a LISTEN connection, reopening it (with backoff) whenever it is lost."""
        backoff = 1.0
        while True:
            try:
                conn = await asyncpg.connect(dsn, timeout=self._acquire_timeout_s)
            except Exception as exc:  # database away or refusing: the poll covers meanwhile
                log.warning("outbox_listen_retry", schema=self._schema, error=repr(exc))
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 10.0)
                continue
            lost = asyncio.Event()
            try:
                conn.add_termination_listener(lambda _, done=lost: done.set())
                await conn.add_listener(channel(self._schema), self._notified)
                backoff = 1.0
                self.listening.set()
                self._wake.set()  # rows committed while nobody listened
                await lost.wait()
            except Exception as exc:
                log.warning("outbox_listen_retry", schema=self._schema, error=repr(exc))
                await asyncio.sleep(backoff)
            finally:
                self.listening.clear()
                with contextlib.suppress(Exception):
                    await asyncio.shield(conn.close(timeout=2))

    async def publish_pending(self) -> int:
        """Publish one batch; returns how many rows were claimed (after a failure: how many
        were sent or buried)."""
        if self._out_of_step:
            await self._replace_producer()
        async with self._pool.acquire(timeout=self._acquire_timeout_s) as conn, conn.transaction():
            # One relay per outbox at a time: with several instances, SKIP LOCKED alone
            # would let a second relay publish a later row of a key before an earlier one.
            self.leads = bool(await conn.fetchval(_LEAD, f"outbox:{self._schema}"))
            if not self.leads:
                return 0
            rows = await conn.fetch(_CLAIM.format(schema=self._schema), self._batch_size)
            if not rows:
                return 0
            done = await send_rows(
                self._producer,
                rows,
                schema=self._schema,
                max_message_bytes=self._max_message_bytes,
                suspects=self._suspects,
            )
            # What the broker took is marked even when a later batch failed: sent once.
            await bury(conn, self._schema, done.dead)
            await conn.execute(_MARK.format(schema=self._schema), done.sent)
        self._out_of_step = self._out_of_step or done.failed
        log.debug(
            "outbox_published", schema=self._schema, count=len(done.sent), buried=len(done.dead)
        )
        if not done.failed:
            return len(rows)
        if done.error is not None and not (done.sent or done.dead):
            raise done.error  # no progress at all (broker away, say): back off
        return len(done.sent) + len(done.dead)

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
