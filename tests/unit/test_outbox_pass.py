"""How a relay pass sorts its rows when the broker refuses a batch (a fake producer
that batches as aiokafka does: one open batch per partition, failed whole)."""

import asyncio
from typing import Any, cast

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.errors import MessageSizeTooLargeError, OutOfOrderSequenceNumber

from services.runtime.outbox_pass import Row, send_rows

pytestmark = pytest.mark.unit

LIMIT = 1000  # the fake broker's, per batch; the relay's guard believes 1 MB


class FakeProducer:
    """Rows sent before a wait share a batch; a batch over LIMIT is refused, and every
    batch after a refused one fails out of sequence, as an idempotent producer's do."""

    def __init__(self) -> None:
        self.batch: list[tuple[bytes, asyncio.Future[object]]] = []
        self.delivered: list[bytes] = []
        self.out_of_step = False

    async def send(self, topic: str, value: bytes, **_: Any) -> asyncio.Future[object]:
        future: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        if not self.batch:
            asyncio.get_running_loop().call_soon(self._drain)
        self.batch.append((value, future))
        return future

    def _drain(self) -> None:
        batch, self.batch = self.batch, []
        if self.out_of_step:
            error: Exception | None = OutOfOrderSequenceNumber()
        elif sum(len(v) for v, _ in batch) > LIMIT:
            error, self.out_of_step = MessageSizeTooLargeError(), True
        else:
            error = None
        for value, future in batch:
            if error is None:
                self.delivered.append(value)
                future.set_result(None)
            else:
                future.set_exception(error)


def rows(*values: bytes) -> list[Row]:
    return [
        cast(Row, {"id": i, "topic": "t", "key": "k", "value": v, "headers": {}})
        for i, v in enumerate(values, 1)
    ]


async def _pass(producer: FakeProducer, batch: list[Row], suspects: set[int]) -> Any:
    return await send_rows(
        cast(AIOKafkaProducer, producer),
        batch,
        schema="s",
        max_message_bytes=1_048_588,
        suspects=suspects,
    )


async def test_a_row_refused_alone_is_buried_with_the_broker_s_reason() -> None:
    producer, suspects = FakeProducer(), set[int]()
    done = await _pass(producer, rows(b"x" * 2000), suspects)
    assert done.sent == []
    assert done.failed
    assert done.dead == [(1, "refused by the broker: [Error 10] MessageSizeTooLargeError")]
    assert suspects == set()


async def test_rows_refused_together_are_suspects_then_sent_alone() -> None:
    producer, suspects = FakeProducer(), set[int]()
    batch = rows(b"a" * 600, b"b" * 600, b"c" * 1200, b"d")
    done = await _pass(producer, batch, suspects)
    assert (done.sent, done.dead, done.failed) == ([], [], True)
    assert suspects == {1, 2, 3, 4}

    # Next pass, a fresh producer: each suspect in a batch of its own.
    producer = FakeProducer()
    done = await _pass(producer, batch, suspects)
    assert done.sent == [1, 2]
    assert [row_id for row_id, _ in done.dead] == [3]
    assert done.failed  # the producer is out of step again: the pass stopped there
    assert producer.delivered == [b"a" * 600, b"b" * 600]

    producer = FakeProducer()
    done = await _pass(producer, batch[3:], suspects)
    assert (done.sent, done.dead, done.failed) == ([4], [], False)
    assert suspects == set()


async def test_what_the_broker_took_before_a_refusal_is_sent_and_the_rest_waits() -> None:
    producer, suspects = FakeProducer(), set[int]()
    done = await _pass(producer, rows(b"before"), suspects)
    assert done.sent == [1]
    first = await _pass(producer, rows(b"big" * 400)[:1], suspects)
    assert [row_id for row_id, _ in first.dead] == [1]
    # Out of step now: nothing goes until the relay replaces the producer.
    after = await _pass(producer, rows(b"after"), suspects)
    assert (after.sent, after.dead, after.failed) == ([], [], True)
    assert isinstance(after.error, OutOfOrderSequenceNumber)
