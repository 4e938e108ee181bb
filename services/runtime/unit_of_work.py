"""The unit of work: one transaction, the service's repositories, and the events it emits.

Every state change of a service runs in one: the handler or route changes
state through the repositories and calls `emit`; on a clean exit the outbox
rows are written in the same transaction, it commits, and then the relay is
woken. An exception rolls everything back, events included, so an event is
published if and only if its state committed.

Services subclass `UnitOfWork` to add their repositories (built from the
connection) and hand the subclass to `Transactions`. Tests use the same
subclass shape over in-memory repositories, and `MemoryOutbox` in place of
the relay (see tests/fakes).
"""

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime
from typing import Any, ClassVar, Generic, Protocol, Self, TypeVar
from uuid import UUID

import asyncpg

from schemas.envelope import STRUCTURED_CONTENT_TYPE, schema_url
from services.runtime.connections import Connection
from services.runtime.outbox import OutboxMessage, OutboxRelay, enqueue
from services.runtime.settings import Settings


class CloudEvent(Protocol):
    """What the runtime needs of an event model (every `schemas` event is one)."""

    DATA_SCHEMA: ClassVar[str]

    @property
    def id(self) -> UUID: ...
    @property
    def type(self) -> str: ...
    @property
    def time(self) -> datetime: ...

    def model_dump_json(self) -> str: ...
    def model_copy(
        self, *, update: Mapping[str, Any] | None = None, deep: bool = False
    ) -> Self: ...


def cloud_event_message(
    topic: str, key: str, event: CloudEvent, schemas_url: str = ""
) -> OutboxMessage:
    """The Kafka binding's structured mode: the whole CloudEvent as the value, said so by
    `content-type`, and no `ce_` header (those would mean binary mode).

    `dataschema` is set to where this deployment serves the data's schema.
    """
    if schemas_url:
        event = event.model_copy(update={"dataschema": schema_url(event.DATA_SCHEMA, schemas_url)})
    headers = {"content-type": STRUCTURED_CONTENT_TYPE}
    return OutboxMessage(topic, key, event.model_dump_json().encode(), headers)


class UnitOfWork:
    """Collects what a transaction publishes; subclasses add the repositories."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.outgoing: list[OutboxMessage] = []

    def emit(self, topic: str, key: str, event: CloudEvent) -> None:
        """Publish `event` on `topic` (logical name, prefixed here) if the unit commits."""
        message = cloud_event_message(
            self.settings.topic(topic), key, event, self.settings.schemas_url
        )
        self.outgoing.append(message)

    def emit_record(
        self, topic: str, key: str, value: bytes, headers: dict[str, str] | None = None
    ) -> None:
        """A JSON message that is not a CloudEvent (a compacted snapshot)."""
        headers = {"content-type": "application/json", **(headers or {})}
        self.outgoing.append(OutboxMessage(self.settings.topic(topic), key, value, headers))

    def forward(self, message: OutboxMessage) -> None:
        """A message built elsewhere, topic already final (a dead letter)."""
        self.outgoing.append(message)


U = TypeVar("U", bound=UnitOfWork)
Units = Callable[[], AbstractAsyncContextManager[U]]
"""Opens a unit of work: what handlers and routes receive, real or in memory."""


class Transactions(Generic[U]):
    """Units of work over PostgreSQL for one service: pool, schema, outbox, relay.

    Without a relay (a one-off command such as a rebuild) a unit may not emit.
    """

    def __init__(
        self,
        settings: Settings,
        pool: asyncpg.Pool,
        relay: OutboxRelay | None,
        schema: str,
        bind: Callable[[Connection, Settings], U],
    ) -> None:
        self.settings = settings
        self.pool = pool
        self.relay = relay
        self.schema = schema
        self._bind = bind

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[U]:
        """A transaction; its emitted events are written to the outbox before it commits."""
        timeout = self.settings.acquire_timeout_s
        async with self.pool.acquire(timeout=timeout) as conn, conn.transaction():
            unit = self._bind(conn, self.settings)
            yield unit
            if unit.outgoing:
                if self.relay is None:
                    raise RuntimeError("events emitted where nothing publishes the outbox")
                # Another instance's relay leads: wake it through PostgreSQL.
                await enqueue(conn, self.schema, unit.outgoing, notify=not self.relay.leads)
        if unit.outgoing and self.relay is not None:
            self.relay.notify()

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[U]:
        """A read-only transaction, for queries: one consistent snapshot; writes fail."""
        timeout = self.settings.acquire_timeout_s
        async with (
            self.pool.acquire(timeout=timeout) as conn,
            conn.transaction(isolation="repeatable_read", readonly=True),
        ):
            unit = self._bind(conn, self.settings)
            yield unit
            if unit.outgoing:
                raise RuntimeError("events emitted in a read-only unit of work")
