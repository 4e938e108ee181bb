"""Poison messages: keep the original bytes, add the reason, never block the partition."""

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from aiokafka import ConsumerRecord
from faststream import StreamMessage
from pydantic import ValidationError

from services.runtime.outbox import OutboxMessage

T = TypeVar("T")


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
            original = {k: v.decode(errors="replace") for k, v in (rec.headers or ())}
            dead.append(
                OutboxMessage(
                    topic=dlq_topic,
                    key=(rec.key or b"").decode(errors="replace"),
                    value=rec.value or b"",
                    headers={
                        **original,
                        "dlq_error": str(exc)[:2000],
                        "dlq_service": service,
                        "dlq_time": datetime.now(UTC).isoformat(),
                        "dlq_origin": f"{rec.topic}/{rec.partition}/{rec.offset}",
                    },
                )
            )
    return good, dead


async def raw_bodies(message: StreamMessage[Any]) -> Any:
    """Subscriber decoder that leaves bodies as bytes: each is validated once, by us."""
    return message.body


def batch_records(raw: object) -> tuple[ConsumerRecord, ...]:
    """FastStream hands a batch's raw records as a tuple (one record when not batched)."""
    return raw if isinstance(raw, tuple) else (raw,)  # type: ignore[return-value]
