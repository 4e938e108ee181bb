"""Backoff for a consumer whose batch failed for a transient reason (database down).

The failed batch is not acknowledged, so Kafka redelivers it; waiting first
keeps a subscriber from spinning while PostgreSQL or the broker is away.
"""

import asyncio

import structlog

log = structlog.get_logger(__name__)


class Backoff:
    def __init__(self, first_s: float = 0.5, max_s: float = 15.0) -> None:
        self.first_s = first_s
        self.max_s = max_s
        self.failures = 0

    def succeeded(self) -> None:
        self.failures = 0

    async def failed(self, what: str, exc: BaseException) -> None:
        self.failures += 1
        delay = min(self.first_s * 2 ** (self.failures - 1), self.max_s)
        log.warning(
            "batch_failed_will_retry",
            what=what,
            error=repr(exc)[:300],
            attempt=self.failures,
            retry_in_s=delay,
        )
        await asyncio.sleep(delay)
