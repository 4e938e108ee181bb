"""Reporting's read models as rows, and waiting until they stop changing (the rebuild
tests compare them before and after)."""

import asyncio
from collections.abc import Collection, Mapping

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer

from services.reporting.projector import SUBSCRIPTIONS, TABLES
from services.reporting.rebuild import partitions_of
from services.runtime.kafka import client_args
from services.runtime.settings import Settings


async def topic_ends(settings: Settings, *extra: str) -> dict[str, int]:
    """How many records each of reporting's topics (and `extra`) holds (sum of its end
    offsets)."""
    consumer = AIOKafkaConsumer(**client_args(settings), enable_auto_commit=False)
    await consumer.start()
    try:
        out = {}
        for topic in [s.topic for s in SUBSCRIPTIONS] + list(extra):
            partitions = await partitions_of(settings, settings.topic(topic))
            out[topic] = sum((await consumer.end_offsets(partitions)).values())
        return out
    finally:
        await consumer.stop()


async def quiet(
    pool: asyncpg.Pool,
    reporting: httpx.AsyncClient,
    timeout_s: float = 60,
    omit: Mapping[str, Collection[str]] | None = None,
) -> dict[str, list[str]]:
    """The read models once they stop changing: lag 0 is not enough while other tests'
    plan events are still leaving planning's outbox (or partitions are changing hands)."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    last = await snapshot(pool, omit)
    while True:
        await asyncio.sleep(1.0)
        await reporting_caught_up(reporting)
        now = await snapshot(pool, omit)
        if now == last:
            return now
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("reporting's read models kept changing")
        last = now


async def reporting_caught_up(reporting: httpx.AsyncClient, timeout_s: float = 30) -> None:
    """Until reporting has applied and committed everything on its topics (lag 0)."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        text = (await reporting.get("/metrics")).text
        lags = [line for line in text.splitlines() if line.startswith("dmap_consumer_lag{")]
        if lags and all(line.endswith(" 0.0") for line in lags):
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"reporting still behind: {lags}")
        await asyncio.sleep(0.5)


async def snapshot(
    pool: asyncpg.Pool, omit: Mapping[str, Collection[str]] | None = None
) -> dict[str, list[str]]:
    """Every read model's rows (minus projection timestamps and the `omit` columns of
    each table), sorted."""
    out = {}
    async with pool.acquire() as conn:
        for table in TABLES:
            left_out = {"projected_at", "processed_at", *(omit or {}).get(table, ())}
            rows = await conn.fetch(f"SELECT * FROM reporting.{table}")
            out[table] = sorted(
                str(sorted((k, str(v)) for k, v in dict(r).items() if k not in left_out))
                for r in rows
            )
    return out
