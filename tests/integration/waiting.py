"""Waiting for the asynchronous pipeline to reach a state, with a clear failure."""

import asyncio
import time
from collections.abc import Callable
from typing import Any

import httpx


async def plan_when(
    reporting: httpx.AsyncClient,
    municipality: str,
    ready: Callable[[dict[str, Any]], bool],
    timeout_s: float = 30,
) -> dict[str, Any]:
    """The reporting API's plan of `municipality` once `ready(plan)` holds."""
    deadline = time.monotonic() + timeout_s
    last: dict[str, Any] = {}
    while time.monotonic() < deadline:
        resp = await reporting.get(f"/plans/{municipality}")
        if resp.status_code == 200:
            last = resp.json()
            if ready(last):
                return last
        await asyncio.sleep(0.3)
    raise AssertionError(f"plan for {municipality} not ready in {timeout_s}s; last: {last}")
