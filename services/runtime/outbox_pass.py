"""One relay pass over claimed outbox rows: what was sent, what is buried, what waits.

A batch the broker refuses leaves aiokafka's idempotent producer out of step: the
producer numbered the refused records when it drained the batch and does not take the
numbers back, so the broker answers every later batch of that partition with
OutOfOrderSequenceNumber (aiokafka 0.14, `MessageAccumulator._pop_batch`; neither
error is retriable). The partition's rows after the refused one therefore fail too
and nothing after them lands out of order. The pass reports `failed` and the relay
replaces the producer (a new producer id numbers from zero) before the next pass.

Every row of a refused batch fails with the broker's reason. When only one row did,
the batch held that row alone, and it is buried with the reason; when several did,
they shared a batch that was too large together, so each is marked a suspect and
sent alone next time, which tells which of them the broker cannot take.
"""

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

import asyncpg
import structlog
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError, MessageSizeTooLargeError, RecordListTooLargeError

from services.runtime.outbox_sizes import broker_refusal

log = structlog.get_logger(__name__)

# What a broker answers for a batch over its message.max.bytes (or segment size).
TOO_LARGE = (MessageSizeTooLargeError, RecordListTooLargeError)
Row = asyncpg.Record


@dataclass(slots=True)
class PassOutcome:
    sent: list[int] = field(default_factory=list)
    dead: list[tuple[int, str]] = field(default_factory=list)  # (outbox id, reason)
    failed: bool = False  # a batch failed: the producer's sequence numbers are off
    error: Exception | None = None  # the first failure other than a refusal


def _bury(outcome: PassOutcome, schema: str, row: Row, reason: str) -> None:
    outcome.dead.append((row["id"], reason))
    log.error(
        "outbox_row_dead_lettered",
        schema=schema,
        outbox_id=row["id"],
        topic=row["topic"],
        key=row["key"],
        size=len(row["value"]),
        error=reason,
    )


async def _settle(
    pending: list[tuple[Row, "asyncio.Future[object]"]],
    outcome: PassOutcome,
    suspects: set[int],
    schema: str,
) -> None:
    """Wait for the sends in flight and sort their rows."""
    results = await asyncio.gather(*(f for _, f in pending), return_exceptions=True)
    refused: list[tuple[Row, BaseException]] = []
    for (row, _), result in zip(pending, results, strict=True):
        row_id: int = row["id"]
        if not isinstance(result, BaseException):
            outcome.sent.append(row_id)
            suspects.discard(row_id)
            continue
        outcome.failed = True
        if isinstance(result, TOO_LARGE):
            refused.append((row, result))
        else:  # left in the outbox: sent again, in order, by the next producer
            if outcome.error is None:
                outcome.error = result if isinstance(result, Exception) else KafkaError(result)
            log.warning("outbox_send_failed", schema=schema, outbox_id=row_id, error=repr(result))
    if len(refused) == 1:
        row, exc = refused[0]
        suspects.discard(row["id"])
        _bury(outcome, schema, row, f"refused by the broker: {exc}")
    elif refused:
        ids = [row["id"] for row, _ in refused]
        suspects.update(ids)
        log.warning("outbox_rows_refused_together", schema=schema, outbox_ids=ids)


async def send_rows(
    producer: AIOKafkaProducer,
    rows: Sequence[Row],
    *,
    schema: str,
    max_message_bytes: int,
    suspects: set[int],
) -> PassOutcome:
    """Send the rows in order; stop at the first failure the rest must not overtake."""
    outcome = PassOutcome()
    pending: list[tuple[Row, asyncio.Future[object]]] = []
    for row in rows:
        key: bytes = row["key"].encode()
        value: bytes = row["value"]
        headers = [(k, v.encode()) for k, v in row["headers"].items()]
        refused = broker_refusal(key, value, headers, max_message_bytes)
        if refused:  # named as the broker would name it: one word to look for
            _bury(outcome, schema, row, f"MessageSizeTooLargeError: {refused}")
            continue
        alone = row["id"] in suspects
        if alone:  # in a batch of its own: what was sent before it goes first
            await _settle(pending, outcome, suspects, schema)
            pending = []
            if outcome.failed:
                break
        try:
            future = await producer.send(row["topic"], value, key=key, headers=headers)
        except MessageSizeTooLargeError as exc:  # over the producer's own max_request_size
            _bury(outcome, schema, row, str(exc))
            continue
        except KafkaError as exc:  # no metadata in time, or the producer is dead
            outcome.error, outcome.failed = exc, True
            break
        pending.append((row, future))
        if alone:
            await _settle(pending, outcome, suspects, schema)
            pending = []
            if outcome.failed:
                break
    await _settle(pending, outcome, suspects, schema)
    return outcome
