"""Following an adopted plan on the real stack (issue 14's first slice).

A plan adopted through the workspace API is tracked by monitoring; a school
team's monthly report is accepted once (a retry is answered the same, a reused
key with another body refused); with monitoring's clock after the actions' end
months (tests/integration/conftest.py), `action_overdue` alerts are in force and
published on plan-alerts.v1.
"""

import asyncio
import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from dmap.tokens import create_token
from schemas.topics import PLAN_ALERTS, PLAN_PROGRESS
from services.runtime.auth.roles import Role
from services.runtime.settings import Settings
from tests.e2e.working_group import ADOPTION, actions, client, consult, decide, detail_when, people
from tests.integration.topics import read_until

M = "kllokot"
PLAN_ID = f"{M}:2026-2027"
SCHOOL = "SHFMU Kllokot"


def _monitoring(settings: Settings, token: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=settings.service_url("monitoring"),
        timeout=30,
        headers={"authorization": f"Bearer {token}"},
    )


async def _get_when(
    api: httpx.AsyncClient,
    path: str,
    ready: Callable[[dict[str, Any]], bool],
    timeout_s: float = 45,
) -> dict[str, Any]:
    deadline, last = time.monotonic() + timeout_s, {}
    while time.monotonic() < deadline:
        resp = await api.get(path)
        if resp.status_code == 200:
            last = resp.json()
            if ready(last):
                return last
        await asyncio.sleep(0.3)
    raise AssertionError(f"{path}: not ready in {timeout_s}s; last: {last}")


def _issue(category: str, text: str, **kw: object) -> dict[str, object]:
    return {"category": category, "description": text, "severity": "high", **kw}


def _report(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "school_monthly",
        "report_id": str(uuid.uuid4()),
        "plan_id": PLAN_ID,
        "municipality": M,
        "reporter": "Kllokot dropout-prevention team",
        "submitted_at": "2026-12-03T10:00:00Z",
        "school": SCHOOL,
        "month": "2026-11",
        "counts": {
            "ews_flagged": 6,
            "home_visits": 4,
            "csw_referrals": 1,
            "returns_to_school": 2,
            "dropouts": 0,
            "non_enrolled_identified": 1,
        },
    }
    return body | overrides


async def test_an_adopted_plan_is_tracked_reported_on_and_raises_overdue_alerts(
    settings: Settings, intake: httpx.AsyncClient
) -> None:
    who = await people(settings, M)
    _, school_token = await create_token(
        settings, "Kllokot school team", Role.SCHOOL_TEAM, municipalities=[M], school=SCHOOL
    )
    for group in ("teacher", "parent", "student"):
        await consult(
            intake,
            M,
            [
                _issue("poverty", "Familjet nuk kanë para për libra.", affected_students=12),
                _issue("absenteeism", "Mungesat e shpeshta pa arsye.", affected_students=7),
            ],
            stakeholder_group=group,
        )
    async with (
        client(settings, who["planner"]) as arta,
        client(settings, who["director"]) as director,
        _monitoring(settings, who["director"]) as med,
        _monitoring(settings, school_token) as school,
        _monitoring(settings, who["elsewhere"]) as elsewhere,
    ):
        # At least ours: the API fuzz of this tier may have filed some for any municipality.
        await detail_when(arta, M, lambda d: d["plan"]["consultation_count"] >= 3)
        for _ in range(5):  # a revision that lands meanwhile makes a submission stale
            d = await detail_when(arta, M, lambda d: True)
            out = await decide(arta, M, "submit_for_review", 1, revision=d["draft"]["revision"])
            if out["outcome"] == "applied":
                break
            await asyncio.sleep(1)
        assert out["outcome"] == "applied", out
        await detail_when(arta, M, lambda d: d["status"] == "in_review")
        # Before adoption nothing is followed.
        assert (await med.get(f"/plans/{M}/tracking")).status_code == 404
        out = await decide(director, M, "approve", 1, adoption=ADOPTION)
        assert out["outcome"] == "applied", out
        adopted = (await detail_when(arta, M, lambda d: d["status"] == "approved"))["plan"]

        # The adopted version's actions are tracked, none started.
        tracking = await _get_when(med, f"/plans/{M}/tracking", lambda t: bool(t["actions"]))
        assert tracking["plan_id"] == PLAN_ID
        assert tracking["version"] == 1
        assert tracking["adopted_on"] == ADOPTION["decision_date"]
        assert {a["action_id"] for a in tracking["actions"]} == set(actions(adopted))
        assert {a["status"] for a in tracking["actions"]} == {"not_started"}
        # Another municipality's token reads nothing of it.
        assert (await elsewhere.get(f"/plans/{M}/tracking")).status_code == 403

        # The school team reports November, with the status of an action it leads if any.
        led = [a for a in tracking["actions"] if a["responsible"] in ("school_team", "school")]
        statuses = [
            {"action_id": a["action_id"], "status": "on_track", "evidence": "Visits done."}
            for a in led[:1]
        ]
        report = _report(actions=statuses)
        key = {"idempotency-key": f"kllokot-{report['report_id']}"}
        first = await school.post("/progress", json=report, headers=key)
        assert first.status_code == 201, first.text
        assert first.json() == {
            "report_id": report["report_id"],
            "status": "accepted",
            "redactions": {},
        }
        retry = await school.post("/progress", json=report, headers=key)
        assert retry.status_code == 200, retry.text
        assert retry.json() == {
            "report_id": report["report_id"],
            "status": "already_accepted",
            "redactions": {},
        }
        reused = await school.post("/progress", json=_report(month="2026-12"), headers=key)
        assert reused.status_code == 409, reused.text
        assert reused.json()["errors"][0]["field"] == "Idempotency-Key"
        # The same month again under another id is the same report, not a second one.
        again = await school.post("/progress", json=_report())
        assert again.status_code == 200, again.text
        assert again.json() == {
            "report_id": report["report_id"],
            "status": "already_accepted",
            "redactions": {},
        }
        # Refusals name the field and the reason.
        other_school = await school.post("/progress", json=_report(school="SHFMU Tjetër"))
        assert other_school.status_code == 403, other_school.text
        assert other_school.json()["errors"][0]["field"] == "school"
        not_begun = await school.post("/progress", json=_report(month="2027-10"))
        assert not_begun.status_code == 422, not_begun.text
        assert not_begun.json()["errors"][0]["field"] == "month"

        # Published once on plan-progress.v1 and applied to the tracked actions.
        def _reported(records: list[Any]) -> list[dict[str, Any]]:
            bodies = [json.loads(r.value) for r in records]
            reports = [b["data"]["report"] for b in bodies if "report" in b["data"]]  # not meetings
            return [r for r in reports if r["report_id"] == report["report_id"]]

        published = await read_until(settings, PLAN_PROGRESS, lambda rs: bool(_reported(rs)))
        assert len(_reported(published)) == 1
        if led:
            first_led = led[0]["action_id"]

            def _updated(t: dict[str, Any]) -> bool:
                return any(a["action_id"] == first_led and a["history"] for a in t["actions"])

            tracking = await _get_when(med, f"/plans/{M}/tracking", _updated)
            [action] = [a for a in tracking["actions"] if a["action_id"] == first_led]
            assert action["status"] == "on_track"
            assert action["history"][-1]["report_id"] == report["report_id"]
            assert action["history"][-1]["period"] == "2026-11"

        # Monitoring's clock is after every action's end month: unfinished actions are overdue.
        def _overdue(a: dict[str, Any]) -> set[str]:
            return {x["subject"] for x in a["alerts"] if x["kind"] == "action_overdue"}

        in_force = await _get_when(med, f"/plans/{M}/alerts", lambda a: bool(_overdue(a)))
        assert _overdue(in_force) == set(actions(adopted))
        assert all(x["plan_id"] == PLAN_ID for x in in_force["alerts"])
        # Each alert in every workspace language; the API answers in the reader's.
        assert in_force["lang"] == "en"
        for x in in_force["alerts"]:
            assert set(x["messages"]) == {"en", "sq", "sr", "sr-Cyrl", "tr", "bs"}
            assert x["text"] == x["messages"]["en"]
        in_albanian = (await med.get(f"/plans/{M}/alerts?lang=sq")).json()
        assert in_albanian["lang"] == "sq"
        overdue_sq = [x for x in in_albanian["alerts"] if x["kind"] == "action_overdue"]
        assert all("duhej përfunduar deri më" in x["text"] for x in overdue_sq)
        assert all("was due by the end of" in x["message"] for x in overdue_sq)  # still English
        in_cyrillic = await med.get(f"/plans/{M}/alerts", headers={"Accept-Language": "sr"})
        assert in_cyrillic.json()["lang"] == "sr-Cyrl"
        overdue_cyrl = [x for x in in_cyrillic.json()["alerts"] if x["kind"] == "action_overdue"]
        assert all("је требало да буде завршена" in x["text"] for x in overdue_cyrl)
        in_turkish = (await med.get(f"/plans/{M}/alerts?lang=tr")).json()
        assert in_turkish["lang"] == "tr"
        overdue_tr = [x for x in in_turkish["alerts"] if x["kind"] == "action_overdue"]
        assert all("tamamlanması gerekiyordu" in x["text"] for x in overdue_tr)
        in_bosnian = await med.get(f"/plans/{M}/alerts", headers={"Accept-Language": "bs-BA"})
        assert in_bosnian.json()["lang"] == "bs"
        assert (await med.get(f"/plans/{M}/alerts?lang=xx")).status_code == 422

        def _raised(records: list[Any]) -> set[str]:
            bodies = [json.loads(r.value) for r in records if r.key == PLAN_ID.encode()]
            return {
                b["data"]["alert"]["subject"]
                for b in bodies
                if b["type"] == "org.dmap.alert.raised.v1"
                and b["data"]["alert"]["kind"] == "action_overdue"
            }

        records = await read_until(
            settings, PLAN_ALERTS, lambda rs: _raised(rs) == set(actions(adopted))
        )
        assert _raised(records) == set(actions(adopted))
        on_topic = [
            json.loads(r.value)["data"]["alert"] for r in records if r.key == PLAN_ID.encode()
        ]
        assert all(
            set(a["messages"]) == {"en", "sq", "sr", "sr-Cyrl", "tr", "bs"} for a in on_topic
        )
