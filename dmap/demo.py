"""`dmap demo`: the main job, end to end on the real stack."""

import asyncio
import time
from collections import Counter
from typing import Any

import httpx

from dmap.demo_data import STATISTICS_SOURCE, STATISTICS_YEAR
from dmap.demo_data import consultations as generate
from dmap.demo_data import statistics as illustrative_statistics
from dmap.demo_tokens import demo_token
from dmap.demo_year import DEMO_TODAY, STORIES, alerts_of, demo_reporters, replay_year
from dmap.progress import Progress
from dmap.stack import StackError, local
from dmap.stack.services import ServiceProcesses
from schemas.vocabulary import CATEGORY_INFO, IssueCategory
from services.runtime.auth.roles import Role
from services.runtime.settings import Settings


async def submit(
    base_url: str, token: str, records: list[dict[str, Any]], progress: Progress | None = None
) -> Counter[int]:
    """POST every record (8 at a time); returns the count of each HTTP status."""
    statuses: Counter[int] = Counter()
    gate = asyncio.Semaphore(8)
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base_url, timeout=30, headers=headers) as client:

        async def one(record: dict[str, Any]) -> None:
            async with gate:
                try:
                    response = await client.post("/consultations", json=record)
                except httpx.HTTPError:
                    statuses[0] += 1  # no answer: reported as "HTTP 0"
                    return
                statuses[response.status_code] += 1
                if progress:
                    progress.update(statuses.total(), "consultations submitted")

        await asyncio.gather(*(one(r) for r in records))
    return statuses


async def record_statistics(base_url: str, token: str, sets: list[dict[str, Any]]) -> Counter[int]:
    """POST each municipality's statistics; a re-run gets 200 (already accepted)."""
    statuses: Counter[int] = Counter()
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base_url, timeout=30, headers=headers) as client:
        for body in sets:
            response = await client.post("/statistics", json=body)
            statuses[response.status_code] += 1
    return statuses


async def wait_for_plans(
    base_url: str,
    token: str,
    expected: dict[str, int],
    timeout_s: float,
    progress: Progress | None = None,
) -> list[dict[str, Any]]:
    """Poll reporting until each municipality's plan counts all its consultations."""
    deadline = time.monotonic() + timeout_s
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base_url, timeout=10, headers=headers) as client:
        while True:
            plans = (await client.get("/plans", params={"limit": 100})).json()["plans"]
            seen = {p["municipality"]: p["consultation_count"] for p in plans}
            missing = {m: n for m, n in expected.items() if seen.get(m, 0) < n}
            if progress:
                counted = sum(min(seen.get(m, 0), n) for m, n in expected.items())
                progress.update(
                    len(expected) - len(missing),
                    f"plans complete, {counted}/{sum(expected.values())} consultations counted",
                )
            if not missing:
                return [p for p in plans if p["municipality"] in expected]
            if time.monotonic() > deadline:
                raise StackError(f"plans incomplete after {timeout_s:.0f}s: waiting for {missing}")
            await asyncio.sleep(0.5)


def summary_table(plans: list[dict[str, Any]]) -> str:
    header = (
        f"{'municipality':<19} {'consult.':>8} {'ver':>4} {'rev':>4} {'status':<9} {'gaps':>4}  "
        "top priorities"
    )
    lines = [header, "-" * 110]
    for p in sorted(plans, key=lambda p: p["municipality_name"]):
        top = ", ".join(CATEGORY_INFO[IssueCategory(c)].label_en for c in p["top_categories"])
        lines.append(
            f"{p['municipality_name']:<19} {p['consultation_count']:>8} {p['version']:>4} "
            f"{p['revision']:>4} {p['status']:<9} {p['coverage_gaps']:>4}  {top}"
        )
    return "\n".join(lines)


def _year_summary(
    outcomes: dict[str, Counter[str]], alerts: dict[str, list[dict[str, Any]]]
) -> str:
    lines = []
    for m, counts in outcomes.items():
        sent = ", ".join(f"{k} x{n}" for k, n in sorted(counts.items()))
        kinds = Counter(a["kind"] for a in alerts[m])
        raised = ", ".join(f"{k} x{n}" for k, n in sorted(kinds.items())) or "none"
        lines.append(f"  {m}: reports {sent}; alerts in force: {raised}")
    return "\n".join(lines)


def run_demo(settings: Settings, consultations: int = 360, seed: int = 2026) -> int:
    started = time.monotonic()
    if not settings.monitoring_today:  # the year replayed must lie in monitoring's past
        settings = settings.model_copy(update={"monitoring_today": DEMO_TODAY})
    for line in local.up(settings):
        print(f"stack: {line}")
    print("services: starting consultations, planning, reporting, monitoring ...", flush=True)
    ServiceProcesses(settings).up()
    print("services: consultations, planning, reporting, monitoring are healthy")
    print(
        f"monitoring runs on the demo date {settings.monitoring_today} (DMAP_MONITORING_TODAY), "
        "not today's: the replayed school year is over by then"
    )
    records = generate(consultations, seed)
    planner = asyncio.run(demo_token(settings, Role.PLANNER, "demo planner"))
    # Before the consultations, so the first drafts already have their baselines.
    sets = illustrative_statistics(seed)
    recorded = asyncio.run(record_statistics(settings.service_url("consultations"), planner, sets))
    print(
        f"recorded illustrative municipal statistics ({STATISTICS_SOURCE}, {STATISTICS_YEAR}; "
        f"invented for the demo, aggregates only) for {len(sets)} municipalities: "
        + ", ".join(f"HTTP {code} x{n}" for code, n in sorted(recorded.items()))
    )
    if recorded[201] + recorded[200] != len(sets):
        raise StackError(f"statistics refused: {dict(recorded)}")
    token = asyncio.run(demo_token(settings, Role.CONSULTANT, "demo consultant"))
    sending = Progress("submitting", len(records))
    statuses = asyncio.run(submit(settings.service_url("consultations"), token, records, sending))
    sending.close()
    print(
        f"submitted {len(records)} consultations: "
        + ", ".join(f"HTTP {code} x{n}" for code, n in sorted(statuses.items()))
    )
    accepted = statuses[201] + statuses[200]
    if accepted != len(records):
        raise StackError(f"only {accepted} of {len(records)} consultations were accepted")
    expected = Counter(r["municipality"] for r in records)
    waiting = Progress("planning", len(expected))
    plans = asyncio.run(
        wait_for_plans(settings.service_url("reporting"), planner, expected, 180, waiting)
    )
    waiting.close()
    print()
    print(summary_table(plans))
    print()
    print(f"{len(plans)} draft plans ready in {time.monotonic() - started:.1f}s.")
    director = asyncio.run(demo_token(settings, Role.APPROVER, "demo MED director"))
    print(
        f"A school year followed: adopting {', '.join(sorted(STORIES))} (planner submits, "
        f"MED director approves) and replaying their reports up to {settings.monitoring_today} ..."
    )
    reporting_url, monitoring_url = (
        settings.service_url("reporting"),
        settings.service_url("monitoring"),
    )
    replaying = time.monotonic()
    outcomes = asyncio.run(
        replay_year(reporting_url, monitoring_url, planner, director, demo_reporters(settings))
    )
    alerts = {m: asyncio.run(alerts_of(monitoring_url, planner, m)) for m in outcomes}
    print(_year_summary(outcomes, alerts))
    print(f"The year replayed in {time.monotonic() - replaying:.1f}s.")
    reporting = settings.service_url("reporting")
    for m in outcomes:
        print(
            f"  {m}: follow-up {reporting}/ui/plans/{m}/follow-up, quarterly report "
            f"{reporting}/plans/{m}/progress-report.pdf?quarter=Q3"
        )
    print(f"Review them in the workspace: {settings.service_url('reporting')}/ui")
    print(f"Sign in with this planner token: {planner}")
    print(f"...and as the MED director (approves) with: {director}")
    print("Stop everything with: dmap stack down")
    return 0
