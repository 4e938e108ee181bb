"""Poison messages: keep the original bytes, add the reason, never block the partition."""

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import asyncpg
import structlog
from aiokafka import ConsumerRecord
from faststream import StreamMessage
from pydantic import ValidationError

from services.runtime.outbox import OutboxMessage, OutboxRelay, enqueue

log = structlog.get_logger(__name__)

T = TypeVar("T")


# Failures that say nothing about the message: the database or broker is away.
TRANSIENT = (
    OSError,
    TimeoutError,
    asyncpg.InterfaceError,
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.InsufficientResourcesError,
)


def is_transient(exc: BaseException) -> bool:
    return isinstance(exc, TRANSIENT)


def dead_letter(record: ConsumerRecord, dlq_topic: str, service: str, error: str) -> OutboxMessage:
    """The original bytes, key and headers, plus why and where it failed."""
    original = {k: v.decode(errors="replace") for k, v in (record.headers or ())}
    return OutboxMessage(
        topic=dlq_topic,
        key=(record.key or b"").decode(errors="replace"),
        value=record.value or b"",
        headers={
            **original,
            "dlq_error": error[:2000],
            "dlq_service": service,
            "dlq_time": datetime.now(UTC).isoformat(),
            "dlq_origin": f"{record.topic}/{record.partition}/{record.offset}",
        },
    )


def split_valid(
    records: Sequence[ConsumerRecord],
    parse: Callable[[bytes], T],
    dlq_topic: str,
    service: str,
) -> tuple[list[T], list[OutboxMessage]]:
    """Parsed events, and DLQ messages (to enqueue in the same transaction) for the rest."""
    good: list[T] = []
    dead: list[OutboxMessage] = []
    for rec in records:
        try:
            good.append(parse(rec.value or b""))
        except ValidationError as exc:
            dead.append(dead_letter(rec, dlq_topic, service, str(exc)))
    return good, dead


def burier(
    pool: asyncpg.Pool,
    relay: OutboxRelay,
    schema: str,
    dlq_topic: str,
    service: str,
    acquire_timeout_s: float,
) -> Callable[[ConsumerRecord, BaseException], Awaitable[None]]:
    """Dead-letters one record in its own transaction (through the service's outbox)."""

    async def bury(record: ConsumerRecord, error: BaseException) -> None:
        message = dead_letter(record, dlq_topic, service, repr(error))
        async with pool.acquire(timeout=acquire_timeout_s) as conn, conn.transaction():
            await enqueue(conn, schema, [message])
        relay.notify()
        log.error(
            "record_dead_lettered",
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            error=repr(error)[:300],
        )

    return bury


async def apply_isolating_poison(
    records: Sequence[ConsumerRecord],
    apply: Callable[[tuple[ConsumerRecord, ...]], Awaitable[object]],
    dead_letter_alone: Callable[[ConsumerRecord, BaseException], Awaitable[None]],
) -> int:
    """After a batch failed for a reason that is not transient, apply its records one by one.

    A record that fails again on its own is dead-lettered, so one bad record
    never blocks its partition; a transient error stops and the batch is
    redelivered (what was applied is recognised then and skipped).
    Returns the number of records dead-lettered.
    """
    dead = 0
    for record in records:
        try:
            await apply((record,))
        except Exception as exc:
            if is_transient(exc):
                raise
            await dead_letter_alone(record, exc)
            dead += 1
    return dead


async def raw_bodies(message: StreamMessage[Any]) -> Any:
    """Subscriber decoder that leaves bodies as bytes: each is validated once, by us."""
    return message.body


def batch_context(records: Sequence[ConsumerRecord]) -> dict[str, object]:
    """What to bind into the log context for a batch: where it came from."""
    return {
        "topic": records[0].topic if records else None,
        "positions": sorted({f"{r.partition}:{r.offset}" for r in (records[0], records[-1])})
        if records
        else [],
        "batch_size": len(records),
    }


def batch_records(raw: object) -> tuple[ConsumerRecord, ...]:
    """FastStream hands a batch's raw records as a tuple (one record when not batched)."""
    return raw if isinstance(raw, tuple) else (raw,)  # type: ignore[return-value]
