"""Which outbox rows the broker would refuse after compression (they are dead-lettered
before the producer sees them)."""

import os

from services.runtime.outbox import broker_refusal

LIMIT = 1_048_588  # Kafka's default message.max.bytes


def test_a_row_under_the_limit_is_not_even_compressed_to_check() -> None:
    assert broker_refusal(b"x" * 1000, LIMIT) is None


def test_a_large_row_that_compresses_under_the_limit_is_sent() -> None:
    assert broker_refusal(b'{"a": 1}' * 500_000, LIMIT) is None  # 4 MB of repetitive JSON


def test_a_large_row_that_does_not_compress_is_refused_with_the_reason() -> None:
    reason = broker_refusal(os.urandom(2 * 1024 * 1024), LIMIT)
    assert reason is not None
    assert "after zstd compression, over the broker's message.max.bytes (1048588)" in reason


def test_the_limit_is_the_deployment_s() -> None:
    assert broker_refusal(os.urandom(2 * 1024 * 1024), 4 * 1024 * 1024) is None
