"""`dmap demo` end to end, as a user runs it, on its own database and topics."""

import asyncio
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from dmap.demo_data import DEMO_MUNICIPALITIES, consultations
from dmap.stack.isolated import clean_up, isolated_settings, prepare
from services.runtime.settings import Settings

COUNT = 90


@pytest.fixture
async def demo_env() -> AsyncIterator[tuple[Settings, dict[str, str]]]:
    s = isolated_settings("e2e")
    await prepare(s)
    env = {
        **os.environ,
        "DMAP_DATABASE_NAME": s.database_name,
        "DMAP_TOPIC_PREFIX": s.topic_prefix,
        "DMAP_CONSULTATIONS_PORT": str(s.consultations_port),
        "DMAP_PLANNING_PORT": str(s.planning_port),
        "DMAP_REPORTING_PORT": str(s.reporting_port),
        "DMAP_MONITORING_PORT": str(s.monitoring_port),
    }
    yield s, env
    down = [sys.executable, "-m", "dmap.cli", "services", "down"]
    await asyncio.to_thread(subprocess.run, down, env=env, check=False)
    await clean_up(s)


def _demo(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dmap.cli", "demo", "--consultations", str(COUNT)],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


async def _measured_draft(
    settings: Settings, auth: dict[str, str], municipality: str
) -> dict[str, Any]:
    """The working draft once it carries the statistics (consumed on their own topic)."""
    async with httpx.AsyncClient(
        base_url=settings.service_url("reporting"), headers=auth
    ) as client:
        for _ in range(60):
            detail = (await client.get(f"/plans/{municipality}")).json()
            plan: dict[str, Any] = detail["draft"]["plan"]
            if plan.get("statistics"):
                return plan
            await asyncio.sleep(0.5)
    return plan


async def test_demo_drafts_a_plan_for_every_municipality(
    demo_env: tuple[Settings, dict[str, str]],
) -> None:
    settings, env = demo_env
    first = _demo(env)
    assert first.returncode == 0, first.stderr + first.stdout
    assert f"submitted {COUNT} consultations: HTTP 201 x{COUNT}" in first.stdout
    # Illustrative MED records for every municipality, so objectives have baselines.
    assert "(MED records, 2025-2026; invented for the demo" in first.stdout
    assert "for 15 municipalities: HTTP 201 x15" in first.stdout
    assert "15 draft plans ready" in first.stdout
    # Progress, as plain lines (no terminal here), on stderr: stdout stays the report.
    assert f"submitting: {COUNT}/{COUNT} (consultations submitted)" in first.stderr
    assert "planning: 15/15 (plans complete, " in first.stderr
    assert f"{settings.service_url('reporting')}/ui" in first.stdout
    # The year after adoption: monitoring on the demo date, two plans' reports accepted.
    assert "monitoring runs on the demo date 2027-07-10 (DMAP_MONITORING_TODAY)" in first.stdout
    sent = dict(re.findall(r"(ferizaj|gjilan): reports accepted x(\d+);", first.stdout))
    assert set(sent) == {"ferizaj", "gjilan"}, first.stdout
    assert re.search(r"gjilan: .*indicator_off_track x1", first.stdout), first.stdout
    token = re.search(r"planner token: (dmap_\S+)", first.stdout).group(1)  # type: ignore[union-attr]
    auth = {"authorization": f"Bearer {token}"}

    async with httpx.AsyncClient(
        base_url=settings.service_url("reporting"), headers=auth
    ) as client:
        plans = (await client.get("/plans", params={"limit": 100})).json()["plans"]
    expected = Counter(r["municipality"] for r in consultations(COUNT))
    assert {p["municipality"]: p["consultation_count"] for p in plans} == dict(expected)
    # The demo statistics reach the drafts: every result indicator has a measured baseline.
    drafted = await _measured_draft(settings, auth, "prizren")
    assert drafted["statistics"]["source"] == "MED records"
    outcomes = [p["outcome"] for p in drafted["priorities"] if p.get("outcome")]
    assert outcomes
    assert all(o["baseline_value"] is not None for o in outcomes), outcomes
    assert set(expected) == set(DEMO_MUNICIPALITIES)

    # Running it again replays the same records: accepted once, never counted twice.
    second = _demo(env)
    assert second.returncode == 0, second.stderr + second.stdout
    assert f"HTTP 200 x{COUNT}" in second.stdout
    assert "for 15 municipalities: HTTP 200 x15" in second.stdout  # the same sets, once
    for m, n in sent.items():  # the year again: every report recognised, none doubled
        assert f"{m}: reports already_accepted x{n};" in second.stdout, second.stdout
    async with httpx.AsyncClient(
        base_url=settings.service_url("reporting"), headers=auth
    ) as client:
        again = (await client.get("/plans", params={"limit": 100})).json()["plans"]
    assert {p["municipality"]: p["consultation_count"] for p in again} == dict(expected)
