"""The oracle every fault scenario must satisfy, and load that retries as a client would.

Starting a fresh stack and batch load live in `dmap.stack.load` (the bench uses them too).
"""

import asyncio
from typing import Any

import asyncpg
import httpx

from dmap.stack.load import Stack
from services.runtime.settings import Settings


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
