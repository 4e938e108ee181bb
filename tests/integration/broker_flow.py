"""One consultation through isolated services on a broker connection of the test's choice."""

import asyncio

import httpx

from dmap.stack.isolated import clean_up, prepare
from dmap.stack.services import ServiceProcesses
from dmap.tokens import create_token
from services.runtime.auth.roles import Role
from services.runtime.settings import Settings
from tests.factories import submission


async def consultation_reaches_a_plan(settings: Settings, municipality: str) -> None:
    """Services on their own database and topics, connected as `settings` says: a
    consultation submitted to intake is in the plan reporting serves."""
    await prepare(settings)  # topics are created over that connection too
    procs = ServiceProcesses(settings)
    await asyncio.to_thread(procs.up, 60)
    try:
        _, consultant = await create_token(settings, "broker-flow consultant", Role.CONSULTANT)
        _, planner = await create_token(settings, "broker-flow planner", Role.PLANNER)
        body = submission(municipality=municipality)
        async with httpx.AsyncClient(headers={"authorization": f"Bearer {consultant}"}) as c:
            resp = await c.post(f"{settings.service_url('consultations')}/consultations", json=body)
            assert resp.status_code == 201
        async with httpx.AsyncClient(headers={"authorization": f"Bearer {planner}"}) as c:
            for _ in range(120):
                plan = await c.get(f"{settings.service_url('reporting')}/plans/{municipality}")
                if plan.status_code == 200:
                    break
                await asyncio.sleep(0.25)
        assert plan.json()["consultation_count"] == 1
        logs = (settings.home / "logs" / f"planning-{settings.planning_port}.log").read_text()
        assert "batch_applied" in logs
    finally:
        await asyncio.to_thread(procs.down)
        await clean_up(settings)
