"""A fresh stack per scenario, load, and the oracle every scenario must satisfy."""

import asyncio
import random
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import httpx

from dmap.demo_data import consultations
from dmap.stack.services import ServiceProcesses
from dmap.tokens import create_token
from services.runtime.auth.roles import Role
from services.runtime.settings import Settings
from tests.isolated_stack import clean_up, isolated_settings, prepare


@dataclass
class Stack:
    settings: Settings
    procs: ServiceProcesses
    token: str
    accepted: set[str] = field(default_factory=set)
    sent: int = 0
    statuses: dict[int, int] = field(default_factory=dict)

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=self.settings.service_url("consultations"),
            timeout=60,
            headers={"authorization": f"Bearer {self.token}"},
        )


@asynccontextmanager
async def fresh_stack(tag: str) -> AsyncIterator[Stack]:
    settings = isolated_settings(tag)
    await prepare(settings)
    procs = ServiceProcesses(settings)
    await asyncio.to_thread(procs.up, 60)
    try:
        _, token = await create_token(settings, f"{tag} consultant", Role.CONSULTANT)
        yield Stack(settings, procs, token)
    finally:
        await asyncio.to_thread(procs.down)
        await clean_up(settings)


def records(n: int) -> list[dict[str, Any]]:
    return consultations(n, seed=random.randrange(10**9))


async def submit_batches(
    stack: Stack, items: list[dict[str, Any]], size: int = 500, pause_s: float = 0.0
) -> None:
    async with stack.client() as client:
        for i in range(0, len(items), size):
            await asyncio.sleep(pause_s)
            chunk = items[i : i + size]
            stack.sent += len(chunk)
            resp = await client.post("/consultations/batch", json=chunk)
            stack.statuses[resp.status_code] = stack.statuses.get(resp.status_code, 0) + 1
            assert resp.status_code == 200, resp.text[:300]
            stack.accepted |= {
                str(x["consultation_id"])
                for x in resp.json()["items"]
                if x["status"] in ("accepted", "already_accepted")
            }


async def submit_one_by_one(
    stack: Stack, items: list[dict[str, Any]], concurrency: int = 4, pause_s: float = 0.0
) -> None:
    """Single POSTs that retry on connection errors, as a consultant's app would."""
    gate = asyncio.Semaphore(concurrency)
    async with stack.client() as client:

        async def one(item: dict[str, Any]) -> None:
            async with gate:
                await asyncio.sleep(pause_s)
                stack.sent += 1
                for _ in range(20):
                    try:
                        resp = await client.post("/consultations", json=item)
                        break
                    except httpx.TransportError:
                        await asyncio.sleep(0.5)
                else:
                    raise AssertionError("intake unreachable")
                stack.statuses[resp.status_code] = stack.statuses.get(resp.status_code, 0) + 1
                if resp.status_code in (200, 201):
                    stack.accepted.add(resp.json()["consultation_id"])

        await asyncio.gather(*(one(i) for i in items))


async def planning_count(settings: Settings) -> int:
    conn = await asyncpg.connect(settings.dsn)
    try:
        return int(await conn.fetchval("SELECT count(*) FROM planning.consultations"))
    finally:
        await conn.close()


async def settle(stack: Stack, timeout_s: float = 180) -> None:
    """Wait until planning holds every accepted record and all outboxes are drained."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            state = await observe(stack.settings)
            if (
                state["planning_ids"] >= stack.accepted
                and state["unpublished"] == 0
                and state["reporting_behind"] == 0
            ):
                return
        except (OSError, asyncpg.PostgresError):
            pass  # the database may still be coming back
        if time.monotonic() > deadline:
            raise AssertionError(f"not settled after {timeout_s}s")
        await asyncio.sleep(1)


async def observe(settings: Settings) -> dict[str, Any]:
    conn = await asyncpg.connect(settings.dsn, timeout=5)
    try:
        ids = {
            str(r[0])
            for r in await conn.fetch("SELECT consultation_id FROM planning.consultations")
        }
        unpublished = sum(
            [
                await conn.fetchval(f"SELECT count(*) FROM {s}.outbox WHERE published_at IS NULL")
                for s in ("consultations", "planning", "reporting")
            ]
        )
        behind = await conn.fetchval(
            "SELECT count(*) FROM planning.plans p LEFT JOIN reporting.latest_plans r "
            "USING (plan_id) WHERE r.version IS DISTINCT FROM p.version"
        )
        return {"planning_ids": ids, "unpublished": unpublished, "reporting_behind": behind}
    finally:
        await conn.close()


async def check_oracle(stack: Stack) -> dict[str, int]:
    """Every accepted id counted exactly once; versions only increase; outboxes drained."""
    conn = await asyncpg.connect(stack.settings.dsn)
    try:
        ids = [
            str(r[0])
            for r in await conn.fetch("SELECT consultation_id FROM planning.consultations")
        ]
        assert len(ids) == len(set(ids))
        assert set(ids) == stack.accepted, (len(ids), len(stack.accepted))
        per_plan = await conn.fetch(
            "SELECT p.plan_id, (p.content->>'consultation_count')::int AS counted, "
            "(SELECT count(*) FROM planning.consultations c WHERE c.municipality = p.municipality"
            " AND c.cycle = p.cycle) AS stored FROM planning.plans p"
        )
        for row in per_plan:
            assert row["counted"] == row["stored"], dict(row)
        for schema in ("planning", "reporting"):
            gaps = await conn.fetchval(
                f"SELECT count(*) FROM (SELECT plan_id, array_agg(version ORDER BY version) v "
                f"FROM {schema}.plan_versions GROUP BY plan_id) x "
                f"WHERE v <> (SELECT array_agg(g ORDER BY g) FROM generate_series(1, "
                f"array_length(v, 1)) g)"
            )
            assert gaps == 0, f"{schema}: plan versions are not 1..n"
        reporting_total = await conn.fetchval(
            "SELECT coalesce(sum((content->>'consultation_count')::int), 0) "
            "FROM reporting.latest_plans"
        )
        assert reporting_total == len(stack.accepted)
        for schema in ("consultations", "planning", "reporting"):
            assert (
                await conn.fetchval(
                    f"SELECT count(*) FROM {schema}.outbox WHERE published_at IS NULL"
                )
                == 0
            )
        return {
            "sent": stack.sent,
            "accepted": len(stack.accepted),
            "in_planning": len(ids),
            "in_reporting_plans": int(reporting_total),
        }
    finally:
        await conn.close()
