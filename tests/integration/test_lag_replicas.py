"""Two planning replicas split the partitions of a group, and each reports the lag of its
own only: the series are disjoint and together cover every partition once, so a sum over
replicas is the group's lag (before, each replica reported the whole group's)."""

import asyncio
import re
from collections.abc import AsyncIterator

import httpx
import pytest

from dmap.stack.isolated import clean_up, free_port, isolated_settings, prepare
from dmap.stack.services import ServiceProcesses
from schemas.topics import CONSULTATIONS
from services.runtime.settings import Settings


@pytest.fixture
async def two_replicas() -> AsyncIterator[list[Settings]]:
    first = isolated_settings("lag")
    await prepare(first)
    replicas = [first, first.model_copy(update={"planning_port": free_port()})]
    procs = [ServiceProcesses(s) for s in replicas]
    try:
        for p in procs:
            p.start("planning")
        for p in procs:
            await asyncio.to_thread(p.wait_healthy, "planning", 90)
        yield replicas
    finally:
        for p in procs:
            p.down()
        await clean_up(first)


async def _owned(settings: Settings, topic: str) -> tuple[int, set[str]]:
    async with httpx.AsyncClient(base_url=settings.service_url("planning")) as client:
        text = (await client.get("/metrics", timeout=30)).text
    owned = 0
    partitions = set()
    for line in text.splitlines():
        if f'topic="{topic}"' not in line:
            continue
        if line.startswith("dmap_consumer_partitions_owned{"):
            owned = int(float(line.rsplit(" ", 1)[1]))
        elif line.startswith("dmap_consumer_lag{"):
            partitions |= set(re.findall(r'partition="(\d+)"', line))
    return owned, partitions


async def test_each_partition_is_reported_by_one_replica(two_replicas: list[Settings]) -> None:
    topic = two_replicas[0].topic(CONSULTATIONS)
    seen: list[tuple[int, set[str]]] = []
    for _ in range(120):  # the group rebalances once the second replica joins
        seen = [await _owned(s, topic) for s in two_replicas]
        if all(owned for owned, _ in seen) and sum(owned for owned, _ in seen) == 6:
            break
        await asyncio.sleep(0.5)
    (owned_a, lag_a), (owned_b, lag_b) = seen
    assert owned_a > 0, seen
    assert owned_b > 0, seen
    assert owned_a + owned_b == 6
    assert lag_a.isdisjoint(lag_b)
    assert lag_a | lag_b == {str(p) for p in range(6)}
    assert (len(lag_a), len(lag_b)) == (owned_a, owned_b)
