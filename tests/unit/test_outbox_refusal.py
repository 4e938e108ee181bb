"""Which outbox rows the broker would refuse after compression (they are dead-lettered
before the producer sees them), and how close the estimate is to the real batch."""

import os
import random
import time

import pytest
from aiokafka.record.default_records import DefaultRecordBatchBuilder
from hypothesis import given, settings
from hypothesis import strategies as st

from services.runtime.outbox_sizes import (
    BATCH_OVERHEAD,
    MARGIN,
    batch_limit,
    broker_refusal,
    wire_size,
)

pytestmark = pytest.mark.unit

LIMIT = 1_048_588  # Kafka's default message.max.bytes
HEADERS = [("ce_id", b"6f1c2b9e-0d1a-4f0e-9a57-3b3c1d2e4f50"), ("ce_type", b"PlanRevised")]
ZSTD = 0x04  # the v2 batch attribute for zstd


def on_the_wire(key: bytes, value: bytes, headers: list[tuple[str, bytes]]) -> int:
    """What the broker measures: the batch aiokafka builds (as the idempotent producer
    does, with a producer id and sequence) plus the log's 12 bytes of offset and size."""
    builder = DefaultRecordBatchBuilder(2, ZSTD, 0, 4242, 0, 17, 512 * 1024)
    stamp = int(time.time() * 1000)
    assert builder.append(0, stamp, key=key, value=value, headers=headers) is not None
    return len(builder.build()) + 12


def test_a_row_under_the_limit_is_not_even_compressed_to_check() -> None:
    assert broker_refusal(b"k", b"x" * 1000, [], LIMIT) is None


def test_a_large_row_that_compresses_under_the_limit_is_sent() -> None:
    value = b'{"a": 1}' * 500_000  # 4 MB of repetitive JSON
    assert broker_refusal(b"k", value, HEADERS, LIMIT) is None


def test_a_large_row_that_does_not_compress_is_refused_with_the_reason() -> None:
    reason = broker_refusal(b"k", os.urandom(2 * 1024 * 1024), HEADERS, LIMIT)
    assert reason is not None
    assert "after zstd compression, over the broker's message.max.bytes (1048588)" in reason


def test_the_limit_is_the_deployment_s() -> None:
    assert broker_refusal(b"k", os.urandom(2 * 1024 * 1024), [], 4 * 1024 * 1024) is None


def _value(size: int, incompressible: float, seed: int) -> bytes:
    rnd = random.Random(seed)
    noise = rnd.randbytes(int(size * incompressible))
    return noise + b'{"priority": "child_labour", "actions": []}' * ((size - len(noise)) // 43 + 1)


@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(0, 300_000),
    incompressible=st.floats(0, 1),
    seed=st.integers(0, 2**32),
    headers=st.lists(
        st.tuples(st.text(min_size=1, max_size=20), st.binary(max_size=300)), max_size=5
    ),
)
def test_the_estimate_bounds_the_real_batch_within_its_margin(
    size: int, incompressible: float, seed: int, headers: list[tuple[str, bytes]]
) -> None:
    value = _value(size, incompressible, seed)
    real = on_the_wire(b"ferizaj", value, headers)
    estimate = wire_size(b"ferizaj", value, headers)
    # Never under what the broker will measure, and no more than the margin over it.
    assert real <= estimate <= real + MARGIN


def test_the_headers_count_in_the_estimate() -> None:
    # Incompressible, so the bytes the headers add count in full: the value alone,
    # compressed, fits the 64 KB limit with 4 KB to spare (what a flat allowance for
    # "overhead" would have granted); with its 6 KB of headers the batch does not.
    limit = 64 * 1024
    headers = [("ce_id", os.urandom(6000))]
    value = os.urandom(limit - 4096 - 128)
    assert on_the_wire(b"k", value, []) + 4096 <= limit < on_the_wire(b"k", value, headers)
    reason = broker_refusal(b"k", value, headers, limit)
    assert reason is not None
    assert "(65536)" in reason


def test_a_row_within_the_margin_under_the_limit_is_refused_not_risked() -> None:
    value = os.urandom(50_000)
    real = on_the_wire(b"k", value, HEADERS)
    assert broker_refusal(b"k", value, HEADERS, real + MARGIN) is None
    assert broker_refusal(b"k", value, HEADERS, real + MARGIN // 2) is not None


def test_a_full_batch_of_incompressible_rows_stays_within_the_limit() -> None:
    limit = 64 * 1024
    builder = DefaultRecordBatchBuilder(2, ZSTD, 0, 4242, 0, 17, batch_limit(limit))
    stamp = int(time.time() * 1000)
    rows = 0
    while builder.append(rows, stamp, key=b"k", value=os.urandom(900), headers=HEADERS):
        rows += 1
    assert rows > 50
    assert len(builder.build()) + 12 <= limit - BATCH_OVERHEAD
