"""Poison messages: keep the original bytes, add the reason, never block the partition."""

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

import asyncpg
from aiokafka import ConsumerRecord
from faststream import StreamMessage

from services.runtime.outbox import OutboxMessage

T = TypeVar("T")
# What aiokafka hands DMAP: raw bytes, decoded and validated by DMAP itself.
KafkaRecord = ConsumerRecord[bytes, bytes]


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


def dead_letter(record: KafkaRecord, dlq_topic: str, service: str, error: str) -> OutboxMessage:
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
    records: Sequence[KafkaRecord],
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
        except ValueError as exc:  # pydantic's ValidationError, or a rule a parser applies
            dead.append(dead_letter(rec, dlq_topic, service, str(exc)))
    return good, dead


async def raw_bodies(message: StreamMessage[Any]) -> Any:
    """Subscriber decoder that leaves bodies as bytes: each is validated once, by us."""
    return message.body


def batch_context(records: Sequence[KafkaRecord]) -> dict[str, object]:
    """What to bind into the log context for a batch: where it came from, and the event
    id (of a batch of one) or the first and last ones; isolated records bind their own."""
    context: dict[str, object] = {
        "topic": records[0].topic if records else None,
        "positions": sorted({f"{r.partition}:{r.offset}" for r in (records[0], records[-1])})
        if records
        else [],
        "batch_size": len(records),
    }
    if len(records) == 1:
        context["event_id"] = event_id(records[0])
    elif records:
        context["first_event_id"] = event_id(records[0])
        context["last_event_id"] = event_id(records[-1])
    return context


def record_context(record: KafkaRecord) -> dict[str, object]:
    """The log context of one record handled on its own."""
    return {"event_id": event_id(record), "position": f"{record.partition}:{record.offset}"}


def event_id(record: KafkaRecord) -> str | None:
    """The CloudEvent id of a record: its `ce_id` header, else the `id` of its JSON body;
    None for a body that is no event (it is dead-lettered, and its position logged)."""
    for key, value in record.headers or ():
        if key == "ce_id":
            return value.decode(errors="replace")
    try:
        body = json.loads(record.value or b"")
    except ValueError:
        return None
    found = body.get("id") if isinstance(body, dict) else None
    return str(found) if found is not None else None


def batch_records(raw: object) -> tuple[KafkaRecord, ...]:
    """A batch's raw records as a tuple: aiokafka hands a tuple, FastStream's test broker a
    list, and a non-batch subscriber one record."""
    if isinstance(raw, tuple | list):
        return tuple(raw)
    return (cast(KafkaRecord, raw),)
