"""Steps of a municipal working group's story, shared by the e2e tests of co-authoring."""

import asyncio
import time
from typing import Any

import httpx

from dmap.tokens import create_token
from services.runtime.auth.roles import Role
from services.runtime.settings import Settings
from tests.factories import submission

ADOPTION = {
    "decision_number": "01-016/2026-118",
    "decision_date": "2026-11-20",
    "signatories": ["Drejtori i DKA-së", "Kryesuesi i grupit punues komunal"],
    "adopted_by": "Municipal Education Directorate",
}


def client(settings: Settings, token: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=settings.service_url("reporting"),
        timeout=30,
        headers={"authorization": f"Bearer {token}"},
    )


async def people(settings: Settings, municipality: str) -> dict[str, str]:
    """A working group's tokens: two planners and the director of this municipality's MED,
    a MESTI reviewer, and a planner of another municipality."""
    made = {
        "planner": ("Arta, DKA planner", Role.PLANNER, [municipality]),
        "planner_2": ("Besnik, DKA planner", Role.PLANNER, [municipality]),
        "director": ("Drita, DKA director", Role.APPROVER, [municipality]),
        "mesti": ("MASHTI reviewer", Role.REVIEWER, None),
        "elsewhere": ("DKA Junik planner", Role.PLANNER, ["junik"]),
    }
    out = {}
    for key, (name, role, scope) in made.items():
        _, out[key] = await create_token(settings, name, role, municipalities=scope)
    return out


async def consult(
    intake: httpx.AsyncClient, municipality: str, issues: list[dict[str, Any]], **kw: Any
) -> str:
    body = submission(municipality=municipality, raised_issues=issues, **kw)
    resp = await intake.post("/consultations", json=body)
    assert resp.status_code == 201, resp.text
    return str(body["consultation_id"])


async def detail_when(
    api: httpx.AsyncClient, municipality: str, ready: Any, timeout_s: float = 45
) -> dict[str, Any]:
    deadline, last = time.monotonic() + timeout_s, {}
    while time.monotonic() < deadline:
        resp = await api.get(f"/plans/{municipality}")
        if resp.status_code == 200:
            last = resp.json()
            if ready(last):
                return last
        await asyncio.sleep(0.3)
    raise AssertionError(f"{municipality}: not ready in {timeout_s}s; last: {last}")


def _stale(sent: httpx.Response) -> bool:
    """Reporting refused the request because the draft moved on meanwhile (a stray revision)."""
    if sent.status_code != 409:
        return False
    return any(e.get("field") == "revision" for e in sent.json().get("errors", []))


async def settled(api: httpx.AsyncClient, sent: httpx.Response, timeout_s: float = 45) -> dict:
    """What planning made of a request sent with 202: applied or refused, with the reason.
    A request reporting refused as stale comes back as outcome `stale`, to be sent again."""
    if _stale(sent):
        return {"outcome": "stale", "errors": sent.json()["errors"]}
    assert sent.status_code == 202, sent.text
    path = sent.json()["outcome"]
    deadline, last = time.monotonic() + timeout_s, {}
    while time.monotonic() < deadline:
        resp = await api.get(path)
        if resp.status_code == 200:
            last = resp.json()
            if last["outcome"] != "pending":
                return last
        await asyncio.sleep(0.3)
    raise AssertionError(f"{path} still pending after {timeout_s}s: {last}")


async def amend(
    api: httpx.AsyncClient, municipality: str, change: dict[str, Any], reason: str, **kw: Any
) -> dict:
    for _ in range(5):  # a revision that lands between the read and the post makes it stale
        draft = (await api.get(f"/plans/{municipality}")).json()["draft"]
        body = {
            "version": draft["version"],
            "revision": draft["revision"],
            "change": change,
            "reason": reason,
            **kw,
        }
        out = await settled(api, await api.post(f"/plans/{municipality}/amendments", json=body))
        if out["outcome"] != "stale":
            return out
        await asyncio.sleep(0.5)
    return out


async def decide(
    api: httpx.AsyncClient, municipality: str, decision: str, version: int, **kw: Any
) -> dict:
    body = {"decision": decision, "version": version, **kw}
    return await settled(api, await api.post(f"/plans/{municipality}/reviews", json=body))


def actions(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["action_id"]: a for p in plan["priorities"] for a in p["actions"]}


async def adopt(
    intake: httpx.AsyncClient,
    planner: httpx.AsyncClient,
    director: httpx.AsyncClient,
    municipality: str,
    changes: tuple[dict[str, Any], ...] = (),
) -> dict[str, Any]:
    """Three consultations, `changes` amended, the draft submitted by the planner and
    adopted by the director; the adopted plan. Retries the submission when a stray
    revision makes it stale."""
    issues = [
        {
            "category": "poverty",
            "description": "Familjet nuk kanë para për libra.",
            "severity": "high",
            "affected_students": 12,
        },
        {
            "category": "absenteeism",
            "description": "Mungesat e shpeshta pa arsye.",
            "severity": "high",
            "affected_students": 7,
        },
    ]
    for group in ("teacher", "parent", "student"):
        await consult(intake, municipality, issues, stakeholder_group=group)
    await detail_when(planner, municipality, lambda d: d["plan"]["consultation_count"] >= 3)
    for change in changes:
        done = await amend(planner, municipality, change, "Agreed by the working group.")
        assert done["outcome"] == "applied", done
    for _ in range(5):
        d = await detail_when(planner, municipality, lambda d: True)
        out = await decide(
            planner, municipality, "submit_for_review", 1, revision=d["draft"]["revision"]
        )
        if out["outcome"] == "applied":
            break
        await asyncio.sleep(1)
    assert out["outcome"] == "applied", out
    await detail_when(planner, municipality, lambda d: d["status"] == "in_review")
    out = await decide(director, municipality, "approve", 1, adoption=ADOPTION)
    assert out["outcome"] == "applied", out
    adopted = await detail_when(planner, municipality, lambda d: d["status"] == "approved")
    plan: dict[str, Any] = adopted["plan"]
    return plan
