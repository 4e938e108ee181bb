"""The demo's year after adoption: two plans adopted with four eyes, a school year replayed.

Everything goes through the public APIs, as people would use them: the
working group enters the measured indicator's baseline and target and the
planner submits (reporting's review API), the MED director approves with the
adoption record, and monitoring's `POST /progress` receives the year's reports
(demo_reports.py). Monitoring runs on a demo date (`DEMO_TODAY`, the end of the
school year) so the whole year is in the past. A second run finds the plans
adopted and every report already accepted: nothing is counted twice.
"""

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import httpx

from dmap.demo_reports import (
    MEASURE,
    Story,
    med_reports,
    partner_reports,
    school_reports,
)
from dmap.demo_tokens import demo_token
from dmap.stack import StackError
from services.runtime.auth.roles import Role
from services.runtime.settings import Settings

DEMO_TODAY = "2027-07-10"  # monitoring's clock in the demo: the school year 2026-2027 is over
STORIES = {
    "ferizaj": Story(on_track=True, late=((0, "2027-01"),)),
    "gjilan": Story(
        on_track=False, missing=((1, "2027-03"), (1, "2027-04")), late_quarters=("Q3",)
    ),
}
ADOPTION = {
    "decision_date": "2026-11-27",
    "signatories": ["MED director", "Chair of the municipal working group"],
    "adopted_by": "Municipal Education Directorate",
}


def _client(url: str, token: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=url, timeout=30, headers={"authorization": f"Bearer {token}"})


async def _settled(api: httpx.AsyncClient, sent: httpx.Response, timeout_s: float = 60) -> str:
    """Planning's outcome of a request reporting accepted with 202 (applied or refused)."""
    if sent.status_code != 202:
        raise StackError(f"{sent.request.url.path}: HTTP {sent.status_code} {sent.text[:300]}")
    path, deadline = sent.json()["outcome"], time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        resp = await api.get(path)
        outcome = resp.json() if resp.status_code == 200 else {"outcome": "pending"}
        if outcome["outcome"] != "pending":
            if outcome["outcome"] != "applied":
                raise StackError(f"{path}: {outcome}")
            return str(outcome["outcome"])
        await asyncio.sleep(0.3)
    raise StackError(f"{path}: no outcome from planning in {timeout_s:.0f}s")


async def _detail(api: httpx.AsyncClient, municipality: str) -> dict[str, Any]:
    resp = await api.get(f"/plans/{municipality}")
    if resp.status_code != 200:
        raise StackError(f"/plans/{municipality}: HTTP {resp.status_code}")
    detail: dict[str, Any] = resp.json()
    return detail


def _actions(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for p in plan["priorities"] for a in p["actions"]]


def _measurable(action: dict[str, Any]) -> bool:
    """A baseline and a target in percent: what the demo's MED reports measure (an
    action whose output starts at 0 counts things, and has no such target)."""
    indicator = action["indicator"]
    return (
        indicator.get("baseline_value") is not None
        and indicator.get("target_value") is not None
        and indicator.get("target_unit") == MEASURE["target_unit"]
    )


async def adopt(
    reporting_url: str, planner: str, director: str, municipality: str, number: str
) -> dict[str, Any]:
    """The municipality's plan adopted (the planner submits, the director approves); its
    first action's indicator given the baseline and target monitoring measures it by."""
    async with _client(reporting_url, planner) as arta, _client(reporting_url, director) as drita:
        detail = await _detail(arta, municipality)
        if detail["status"] in ("draft", "changes_requested"):
            draft = detail["draft"]
            first = _actions(draft["plan"])[0]
            if not _measurable(first):
                body = {
                    "version": draft["version"],
                    "revision": draft["revision"],
                    "change": {
                        "kind": "edit_action",
                        "action_id": first["action_id"],
                        "fields": MEASURE,
                    },
                    "reason": "Baseline from the EWS in September; the target agreed by the "
                    "working group.",
                }
                await _settled(
                    arta, await arta.post(f"/plans/{municipality}/amendments", json=body)
                )
                draft = (await _detail(arta, municipality))["draft"]
            body = {
                "decision": "submit_for_review",
                "version": draft["version"],
                "revision": draft["revision"],
            }
            await _settled(arta, await arta.post(f"/plans/{municipality}/reviews", json=body))
            detail = await _detail(arta, municipality)
        if detail["status"] == "in_review":
            body = {
                "decision": "approve",
                "version": detail["plan"]["version"],
                "adoption": {**ADOPTION, "decision_number": number},
            }
            await _settled(drita, await drita.post(f"/plans/{municipality}/reviews", json=body))
            detail = await _detail(arta, municipality)
        if detail["status"] != "approved":
            raise StackError(f"{municipality}'s plan is {detail['status']}, not adopted")
        return detail


async def tracked(
    monitoring_url: str, token: str, municipality: str, timeout_s: float = 60
) -> dict[str, Any]:
    """Monitoring's tracked actions of the adopted plan, once it follows it."""
    deadline = time.monotonic() + timeout_s
    async with _client(monitoring_url, token) as api:
        while time.monotonic() < deadline:
            resp = await api.get(f"/plans/{municipality}/tracking")
            if resp.status_code == 200 and resp.json()["actions"]:
                found: dict[str, Any] = resp.json()
                return found
            await asyncio.sleep(0.3)
    raise StackError(f"monitoring does not follow {municipality}'s plan after {timeout_s:.0f}s")


def year_of_reports(
    plan: dict[str, Any], actions: list[dict[str, Any]], story: Story, seed: int
) -> list[dict[str, Any]]:
    """Every report of the plan's school year, oldest period first."""
    pid, m, cycle = plan["plan_id"], plan["municipality"], plan["cycle"]
    measured = next((a["action_id"] for a in actions if _measurable(a)), actions[0]["action_id"])
    schools = list((plan.get("situation") or {}).get("schools") or ())
    return [
        *school_reports(pid, m, schools, actions, story, seed),
        *med_reports(pid, m, cycle, actions, measured, story),
        *partner_reports(pid, m, cycle, seed),
    ]


def reporter_of(report: dict[str, Any]) -> str:
    """Who sends a report: `school:<name>` (its school team), `med` or the partner (`csw`)."""
    if report["kind"] == "school_monthly":
        return f"school:{report['school']}"
    return "med" if report["kind"] == "med_quarterly" else str(report["partner"])


async def send_reports(
    monitoring_url: str, tokens: dict[str, str], reports: list[dict[str, Any]]
) -> Counter[str]:
    """POST each report (8 at a time) with its reporter's token and an Idempotency-Key;
    counts by outcome."""
    outcomes: Counter[str] = Counter()
    gate = asyncio.Semaphore(8)
    async with httpx.AsyncClient(base_url=monitoring_url, timeout=30) as api:

        async def one(report: dict[str, Any]) -> None:
            async with gate:
                headers = {
                    "idempotency-key": f"demo-{report['report_id']}",
                    "authorization": f"Bearer {tokens[reporter_of(report)]}",
                }
                resp = await api.post("/progress", json=report, headers=headers)
            if resp.status_code in (200, 201):
                outcomes[resp.json()["status"]] += 1
            else:
                outcomes[f"HTTP {resp.status_code}"] += 1
                raise StackError(f"report {report['report_id']} refused: {resp.text[:400]}")

        await asyncio.gather(*(one(r) for r in reports))
    return outcomes


Reporters = Callable[[str, Sequence[str]], Awaitable[dict[str, str]]]
"""The tokens a municipality's reports go with, by `reporter_of`: each school's team
(scoped to its school), the MED focal officer, the Centre for Social Work (a partner)."""


async def replay_year(
    reporting_url: str,
    monitoring_url: str,
    planner: str,
    director: str,
    reporters: Reporters,
    stories: dict[str, Story] = STORIES,
    seed: int = 2026,
) -> dict[str, Counter[str]]:
    """Adopt each municipality's plan and replay its year; the outcomes per municipality."""
    out: dict[str, Counter[str]] = {}
    for n, (municipality, story) in enumerate(sorted(stories.items()), start=1):
        detail = await adopt(reporting_url, planner, director, municipality, f"01-016/2026-{n:03d}")
        tracking = await tracked(monitoring_url, planner, municipality)
        reports = year_of_reports(detail["plan"], tracking["actions"], story, seed)
        schools = sorted({r["school"] for r in reports if r["kind"] == "school_monthly"})
        tokens = await reporters(municipality, schools)
        out[municipality] = await send_reports(monitoring_url, tokens, reports)
    return out


async def alerts_of(
    monitoring_url: str, token: str, municipality: str, timeout_s: float = 30
) -> list[dict[str, Any]]:
    """The alerts in force once monitoring's alert pass has seen every report: the same
    answer twice, a second apart (the pass runs after each batch it applies)."""
    deadline, last = time.monotonic() + timeout_s, None
    async with _client(monitoring_url, token) as api:
        while True:
            resp = await api.get(f"/plans/{municipality}/alerts")
            alerts: list[dict[str, Any]] = resp.json()["alerts"]
            if (alerts and alerts == last) or time.monotonic() > deadline:
                return alerts
            last = alerts
            await asyncio.sleep(1.0)


def demo_reporters(settings: Settings) -> Reporters:
    """The demo's reporters: their tokens stored and reused like the demo's others."""

    async def tokens(municipality: str, schools: Sequence[str]) -> dict[str, str]:
        out = {
            f"school:{s}": await demo_token(
                settings, Role.SCHOOL_TEAM, f"demo school team, {s}", municipality, school=s
            )
            for s in schools
        }
        out["med"] = await demo_token(
            settings, Role.MED_FOCAL, f"demo MED focal officer, {municipality}", municipality
        )
        out["csw"] = await demo_token(
            settings, Role.PARTNER, f"demo CSW, {municipality}", municipality, organisation="csw"
        )
        return out

    return tokens
