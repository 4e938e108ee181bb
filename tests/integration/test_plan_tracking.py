"""The tracking snapshot on the real stack: monitoring publishes a plan's whole state on
plan-tracking.v1 after each change, reporting projects the newest one, the follow-up page
and the school team's form read and write through it, and a rebuild gives it back."""

import asyncio
import json
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

import asyncpg
import httpx

from dmap.tokens import create_token
from schemas.topics import PLAN_TRACKING
from services.reporting.rebuild import rebuild
from services.runtime.auth.http import COOKIE
from services.runtime.auth.roles import Role
from services.runtime.database import create_pool
from services.runtime.settings import Settings
from tests.e2e.working_group import adopt, client, people
from tests.integration.topics import read_until

M = "decan"
PLAN_ID = f"{M}:2026-2027"
SCHOOL = "SHFMU Lidhja e Pejës"
INDICATOR = {
    "baseline_value": 40.0,
    "baseline_date": "2026-09-30",
    "target_value": 90.0,
    "target_unit": "%",
    "target_date": "2027-06-30",
}


async def _tracking_when(
    api: httpx.AsyncClient, ready: Callable[[dict[str, Any]], bool], timeout_s: float = 45
) -> dict[str, Any]:
    deadline, last = time.monotonic() + timeout_s, {}
    while time.monotonic() < deadline:
        resp = await api.get(f"/plans/{M}/tracking")
        if resp.status_code == 200:
            last = resp.json()
            if ready(last):
                return last
        await asyncio.sleep(0.3)
    raise AssertionError(f"tracking of {M} not ready in {timeout_s}s; last: {last}")


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert found, "the form has no CSRF field"
    return found.group(1)


def _form(csrf: str, report_id: str, **fields: str) -> dict[str, str]:
    counts = ("ews_flagged", "home_visits", "csw_referrals", "returns_to_school", "dropouts")
    body = {"csrf": csrf, "report_id": report_id, "month": "2026-12"}
    body |= dict.fromkeys(counts, "3") | {"non_enrolled_identified": "1"}
    return body | {"status-AB-1": "on_track", "evidence-AB-1": "Twelve families visited."} | fields


async def test_the_snapshot_reaches_the_follow_up_page_and_survives_a_rebuild(
    settings: Settings, intake: httpx.AsyncClient
) -> None:
    who = await people(settings, M)
    _, school_token = await create_token(
        settings, "Deçan school team", Role.SCHOOL_TEAM, municipalities=[M], school=SCHOOL
    )
    monitoring_url = settings.service_url("monitoring")
    edit = {"kind": "edit_action", "action_id": "AB-1", "fields": INDICATOR}
    async with (
        client(settings, who["planner"]) as arta,
        client(settings, who["director"]) as director,
        client(settings, who["elsewhere"]) as elsewhere,
        httpx.AsyncClient(
            base_url=monitoring_url, headers={"authorization": f"Bearer {who['planner']}"}
        ) as med,
    ):
        assert (await director.get(f"/plans/{M}/tracking")).status_code == 404
        await adopt(intake, arta, director, M, (edit,))
        adopted = await _tracking_when(director, lambda t: bool(t["actions"]))
        assert adopted["plan_id"] == PLAN_ID
        assert adopted["version"] == 1
        assert adopted["reports"] == []
        assert any(a["action_id"] == "AB-1" for a in adopted["actions"])
        assert adopted["next_cycle"]["next_cycle"] == "2027-2028"
        assert (await elsewhere.get(f"/plans/{M}/tracking")).status_code == 403

        # The MED's quarter with a measurement of AB-1's indicator, through the API.
        q1 = {
            "kind": "med_quarterly",
            "report_id": str(uuid.uuid4()),
            "plan_id": PLAN_ID,
            "municipality": M,
            "reporter": "MED focal officer",
            "submitted_at": "2026-12-20T09:00:00Z",  # due by 15 December: late
            "cycle": "2026-2027",
            "quarter": "Q1",
            "actions": [{"action_id": "AB-1", "status": "on_track", "evidence": "Visits began."}],
            "measurements": [
                {
                    "indicator_ref": "AB-1",
                    "period": "2026-11",
                    "value": 45.0,
                    "unit": "%",
                    "entered_by": "MED focal officer",
                    "verified_by": "MED statistics officer",
                    "source": "EWS",
                }
            ],
        }
        sent = await med.post("/progress", json=q1)
        assert sent.status_code == 201, sent.text
        measured = await _tracking_when(director, lambda t: bool(t["reports"]))
        [received] = measured["reports"]
        assert (received["kind"], received["period"], received["late"]) == (
            "med_quarterly",
            "2026-2027:Q1",
            True,
        )
        [ab1] = [i for i in measured["indicators"] if i["action_id"] == "AB-1"]
        assert (ab1["baseline_value"], ab1["target_value"], ab1["unit"]) == (40.0, 90.0, "%")
        # 45 % at the end of November against about 53 % on the line: off by more than 5.
        assert [(p["period"], p["on_track"]) for p in ab1["points"]] == [("2026-11", False)]
        assert ab1["on_track"] is False

        # The school team signs in to the workspace and lands on the follow-up page.
        async with httpx.AsyncClient(base_url=settings.service_url("reporting")) as browser:
            signed_in = await browser.post("/signin", data={"token": school_token, "next": "/ui"})
            assert signed_in.status_code == 303
            assert signed_in.headers["location"] == f"/ui/plans/{M}/follow-up"
            # Monitoring takes the session only from the header the workspace sets, never
            # from the cookie (which reaches every port), and only on the forms' POSTs
            # (/progress, /meetings); intake takes neither.
            session = {"x-dmap-session": browser.cookies[COOKIE]}
            cookie = {COOKIE: browser.cookies[COOKIE]}
            path = f"/plans/{M}/tracking"
            meeting = {
                "meeting_id": str(uuid.uuid4()),
                "plan_id": PLAN_ID,
                "municipality": M,
                "cycle": "2026-2027",
                "quarter": "Q1",
                "held_on": "2026-12-10",
                "attendees": ["MED"],
            }
            async with httpx.AsyncClient(base_url=monitoring_url, cookies=cookie) as jar:
                assert (await jar.get(path)).status_code == 401
                assert (await jar.post("/progress", json={})).status_code == 401
                assert (await jar.post("/meetings", json=meeting)).status_code == 401
            async with httpx.AsyncClient(base_url=monitoring_url) as plain:
                assert (await plain.get(path, headers=session)).status_code == 401
                # Taken on /meetings: the school team is known, and its role refused.
                sent = await plain.post("/meetings", json=meeting, headers=session)
                assert sent.status_code == 403, sent.text
                assert "may not record the working group's decisions" in sent.text
            intake_url = settings.service_url("consultations")
            async with httpx.AsyncClient(base_url=intake_url) as other:
                assert (await other.get("/consultations", headers=session)).status_code == 401
            page = await browser.get(f"/ui/plans/{M}/follow-up")
            assert page.status_code == 200
            assert page.text.count("<svg") == len(measured["indicators"])
            assert 'data-on-track="off"' in page.text
            form = await browser.get(f"/ui/plans/{M}/report")
            assert form.status_code == 200
            csrf = _csrf(form.text)
            report_id = str(uuid.uuid4())

            # A bad count is named on its field; nothing is sent.
            bad = await browser.post(
                f"/ui/plans/{M}/report", data=_form(csrf, report_id, dropouts="-2")
            )
            assert bad.status_code == 422
            assert 'id="error-dropouts"' in bad.text
            outside = await browser.post(
                f"/ui/plans/{M}/report", data=_form(csrf, report_id, month="2027-10")
            )
            assert outside.status_code == 422, outside.text
            assert 'id="error-month"' in outside.text
            # A good month is recorded and shows on the follow-up page once applied.
            good = await browser.post(f"/ui/plans/{M}/report", data=_form(csrf, report_id))
            assert good.status_code == 303, good.text
            assert good.headers["location"].startswith(f"/ui/plans/{M}/follow-up?reported=")
            again = await browser.post(f"/ui/plans/{M}/report", data=_form(csrf, report_id))
            assert again.status_code == 303
            assert again.headers["location"].endswith("&repeated=1")
            after = await _tracking_when(director, lambda t: bool(t["school_months"]))
            [month] = after["school_months"]
            assert (month["school"], month["month"], month["counts"]["dropouts"]) == (
                SCHOOL,
                "2026-12",
                3,
            )
            [action] = [a for a in after["actions"] if a["action_id"] == "AB-1"]
            assert action["history"][-1]["evidence"] == "Twelve families visited."
            shown = await browser.get(f"/ui/plans/{M}/follow-up")
            assert "Twelve families visited." in shown.text
            assert f'data-school="{SCHOOL}"' in shown.text

    # One event per change on the compacted topic, keyed by plan id.
    def _ours(records: list[Any]) -> list[dict[str, Any]]:
        return [json.loads(r.value) for r in records if r.key == PLAN_ID.encode()]

    records = await read_until(
        settings, PLAN_TRACKING, lambda rs: any(e["data"]["school_months"] for e in _ours(rs))
    )
    assert {e["type"] for e in _ours(records)} == {"org.dmap.tracking.snapshot.v1"}

    # The rebuild gives the same projection back.
    conn = await asyncpg.connect(settings.dsn)
    try:
        query = "SELECT payload FROM reporting.plan_tracking WHERE plan_id = $1"
        before = json.loads(await conn.fetchval(query, PLAN_ID))
        pool = await create_pool(settings.dsn, 2)
        try:
            await rebuild(settings, pool)
        finally:
            await pool.close()
        rebuilt = await conn.fetchval(query, PLAN_ID)
        assert rebuilt is not None
        restored = json.loads(rebuilt)
        # A later snapshot may have landed meanwhile (a timer pass); never an older one.
        assert restored["as_of"] >= before["as_of"]
        assert restored["school_months"] == before["school_months"]
        assert restored["reports"] == before["reports"]
    finally:
        await conn.close()
