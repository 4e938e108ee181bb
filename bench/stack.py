"""A bench's own DMAP on the running stack: database, topic prefix and ports of its own.

The services are started by the scenario (planning alone, cold, after the topic
was filled; or all four), and everything is dropped on the way out.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from dmap.stack.isolated import clean_up, isolated_settings, prepare
from dmap.stack.services import ServiceProcesses
from dmap.tokens import create_token
from services.runtime.auth.roles import Role
from services.runtime.settings import SERVICES, ServiceName, Settings


@dataclass
class Bench:
    settings: Settings
    procs: ServiceProcesses
    token: str = ""

    async def start(self, *names: ServiceName, timeout_s: float = 90) -> None:
        for name in names or SERVICES:
            self.procs.start(name)
        for name in names or SERVICES:
            await asyncio.to_thread(self.procs.wait_healthy, name, timeout_s)
        if "consultations" in (names or SERVICES) and not self.token:
            _, self.token = await create_token(self.settings, "bench consultant", Role.CONSULTANT)

    def client(self, connections: int = 100) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=self.settings.service_url("consultations"),
            timeout=120,
            headers={"authorization": f"Bearer {self.token}"},
            limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
        )


@asynccontextmanager
async def isolated(tag: str, **overrides: Any) -> AsyncIterator[Bench]:
    settings = isolated_settings(tag).model_copy(update=overrides)
    await prepare(settings)
    procs = ServiceProcesses(settings)
    try:
        yield Bench(settings, procs)
    finally:
        await asyncio.to_thread(procs.down)
        await clean_up(settings)
