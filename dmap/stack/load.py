"""Load on an isolated DMAP: start it fresh, submit consultations, wait until absorbed.

Shared by the fault scenarios (tests/faults) and `make bench`.
"""

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
from dmap.stack.isolated import clean_up, isolated_settings, prepare
from dmap.stack.services import ServiceProcesses
from dmap.tokens import create_token
from services.runtime.auth.roles import Role
from services.runtime.settings import SERVICES, Settings


class RefusedBatch(RuntimeError):
    """Intake answered a batch with something other than 200."""


@dataclass
class Stack:
    """A running isolated DMAP, a consultant's token, and what was sent to it."""

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
            if resp.status_code != 200:
                raise RefusedBatch(f"HTTP {resp.status_code}: {resp.text[:300]}")
            stack.accepted |= {
                str(x["consultation_id"])
                for x in resp.json()["items"]
                if x["status"] in ("accepted", "already_accepted")
            }


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
            raise TimeoutError(f"not settled after {timeout_s}s")
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
                for s in SERVICES
            ]
        )
        # The working draft changes by revision within a version: compare both.
        behind = await conn.fetchval(
            "SELECT count(*) FROM planning.plans p LEFT JOIN reporting.latest_plans r "
            "USING (plan_id) WHERE r.version IS DISTINCT FROM p.version "
            "OR r.revision IS DISTINCT FROM p.revision"
        )
        return {"planning_ids": ids, "unpublished": unpublished, "reporting_behind": behind}
    finally:
        await conn.close()
