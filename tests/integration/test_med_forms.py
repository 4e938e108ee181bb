"""The MED's workspace forms on the real stack: the focal officer's quarterly report
(Hani i Elezit) and the director's record of a working-group meeting (Leposaviq), each
checked in reporting, sent on to monitoring with the person's session, refusals back on
their fields, a resend recorded once, and what was recorded in the tracking snapshot."""

import asyncio
import re
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx

from dmap.tokens import create_token
from services.runtime.auth.roles import Role
from services.runtime.settings import Settings
from tests.e2e.working_group import adopt, client, people

INDICATOR = {
    "baseline_value": 40.0,
    "baseline_date": "2026-09-30",
    "target_value": 90.0,
    "target_unit": "%",
    "target_date": "2027-06-30",
}


async def _tracking_when(
    api: httpx.AsyncClient, m: str, ready: Callable[[dict[str, Any]], bool], timeout_s: float = 45
) -> dict[str, Any]:
    deadline, last = time.monotonic() + timeout_s, {}
    while time.monotonic() < deadline:
        resp = await api.get(f"/plans/{m}/tracking")
        if resp.status_code == 200:
            last = resp.json()
            if ready(last):
                return last
        await asyncio.sleep(0.3)
    raise AssertionError(f"tracking of {m} not ready in {timeout_s}s; last: {last}")


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert found, "the form has no CSRF field"
    return found.group(1)


@asynccontextmanager
async def _signed_in(settings: Settings, token: str) -> AsyncIterator[httpx.AsyncClient]:
    """A browser signed in to the workspace with `token` (it holds the session cookie)."""
    async with httpx.AsyncClient(base_url=settings.service_url("reporting"), timeout=30) as b:
        signed_in = await b.post("/signin", data={"token": token, "next": "/ui"})
        assert signed_in.status_code == 303, signed_in.text
        yield b


async def _adopted(
    settings: Settings, intake: httpx.AsyncClient, m: str, *, measured: bool = True
) -> dict[str, str]:
    """The plan of `m` adopted; `measured`: with AB-1's indicator given numbers first
    (AB-1 must then be in the draft: no stray consultation may crowd absenteeism out)."""
    who = await people(settings, m)
    edits = ({"kind": "edit_action", "action_id": "AB-1", "fields": INDICATOR},) if measured else ()
    async with client(settings, who["planner"]) as arta, client(settings, who["director"]) as d:
        await adopt(intake, arta, d, m, edits)
        await _tracking_when(d, m, lambda t: bool(t["actions"]))
    return who


async def test_the_med_focal_officer_reports_a_quarter_from_the_workspace(
    settings: Settings, intake: httpx.AsyncClient
) -> None:
    m = "hani-i-elezit"  # no other test adopts this plan
    who = await _adopted(settings, intake, m)
    _, focal = await create_token(settings, "MED focal officer", Role.MED_FOCAL, municipalities=[m])
    _, school = await create_token(
        settings, "School team", Role.SCHOOL_TEAM, municipalities=[m], school="SHFMU Hani"
    )
    path = f"/ui/plans/{m}/quarterly-report"
    async with (
        _signed_in(settings, focal) as browser,
        _signed_in(settings, school) as team,
        client(settings, who["director"]) as director,
    ):
        follow_up = await browser.get(f"/ui/plans/{m}/follow-up")
        assert 'id="quarterly-report-link"' in follow_up.text
        assert 'id="meeting-link"' not in follow_up.text
        assert (await team.get(path)).status_code == 403
        form = await browser.get(path)
        assert form.status_code == 200, form.text
        csrf = _csrf(form.text)
        base = {
            "csrf": csrf,
            "report_id": str(uuid.uuid4()),
            "quarter": "Q1",
            "status-AB-1": "on_track",
            "evidence-AB-1": "Forty home visits in November.",
            "spent-AB-1": "120.50",
            "m-AB-1-value": "45",
            "m-AB-1-period": "2026-11",
            "m-AB-1-unit": "%",
            "m-AB-1-entered": "MED focal officer",
            "m-AB-1-verified": "MED statistics officer",
            "m-AB-1-source": "EWS",
        }
        # Checked here: a status without evidence; nothing is sent.
        bare = await browser.post(path, data=base | {"evidence-AB-1": ""})
        assert bare.status_code == 422
        assert 'id="error-evidence-AB-1"' in bare.text
        # Refused by monitoring (the indicator is in %): back on the unit's field.
        units = await browser.post(path, data=base | {"m-AB-1-unit": "pupils"})
        assert units.status_code == 422, units.text
        assert 'id="error-m-AB-1-unit"' in units.text
        assert "measured in %, not pupils" in units.text
        # EMIS values need their semester.
        emis = {"emis-0-indicator": "dropout_rate", "emis-0-community": "all"}
        emis |= {"emis-0-gender": "all", "emis-0-value": "3.5"}
        no_semester = await browser.post(path, data=base | emis)
        assert no_semester.status_code == 422
        assert 'id="error-semester"' in no_semester.text
        good = await browser.post(path, data=base | emis | {"semester": "S1"})
        assert good.status_code == 303, good.text
        assert good.headers["location"].startswith(f"/ui/plans/{m}/follow-up?reported=")
        again = await browser.post(path, data=base | emis | {"semester": "S1"})
        assert again.status_code == 303
        assert again.headers["location"].endswith("&repeated=1")

        after = await _tracking_when(director, m, lambda t: bool(t["reports"]))
        [received] = after["reports"]
        assert (received["kind"], received["period"]) == ("med_quarterly", "2026-2027:Q1")
        [ab1] = [a for a in after["actions"] if a["action_id"] == "AB-1"]
        assert ab1["history"][-1]["evidence"] == "Forty home visits in November."
        assert ab1["spent_eur"] == 120.5
        [indicator] = [i for i in after["indicators"] if i["action_id"] == "AB-1"]
        assert [(p["period"], p["value"]) for p in indicator["points"]] == [("2026-11", 45.0)]

    # The next quarter's statuses from a spreadsheet, one row per action.
    other = next(a["action_id"] for a in after["actions"] if a["action_id"] != "AB-1")
    quarter = {"municipality": m, "cycle": "2026-2027", "quarter": "Q2", "reporter": "MED"}
    lines = ["municipality,cycle,quarter,reporter,action_id,status,evidence,spent_eur"]
    for action_id, status, evidence, spent in (
        ("AB-1", "delayed", "Winter closed two schools", "80"),
        (other, "on_track", "Parents' meetings held", ""),
        ("ZZ-9", "on_track", "No such action", ""),
        ("AB-1S", "done", "", ""),
        ("AB-1", "late", "Twice", ""),
    ):
        cells = (*quarter.values(), action_id, status, evidence, spent)
        lines.append(",".join(cells))
    files = {"file": ("med-q2.csv", "\n".join(lines).encode(), "text/csv")}
    monitoring = settings.service_url("monitoring")
    headers = {"authorization": f"Bearer {focal}"}
    async with httpx.AsyncClient(base_url=monitoring, headers=headers, timeout=30) as api:
        imported = (await api.post("/progress/import/med-quarterly", files=files)).json()
        assert (imported["rows"], imported["accepted"], imported["rejected"]) == (5, 2, 3)
        assert [(e["row"], e["column"]) for e in imported["errors"]] == [
            (4, "action_id"),  # ZZ-9 is no action of the plan: left out, the rest recorded
            (5, "evidence"),
            (6, "status"),
        ]
        assert [r["row"] for r in imported["results"]] == [2, 3]
        again = (await api.post("/progress/import/med-quarterly", files=files)).json()
        assert (again["accepted"], again["already_accepted"]) == (0, 2)
    async with client(settings, who["director"]) as director:
        q2 = await _tracking_when(director, m, lambda t: len(t["reports"]) == 2)
    [ab1] = [a for a in q2["actions"] if a["action_id"] == "AB-1"]
    assert ab1["status"] == "delayed"
    assert ab1["history"][-1]["period"].endswith("Q2")


async def test_the_med_director_records_a_meeting_from_the_workspace(
    settings: Settings, intake: httpx.AsyncClient
) -> None:
    m = "leposaviq"  # no other test adopts this plan
    who = await _adopted(settings, intake, m)
    _, focal = await create_token(settings, "MED focal officer", Role.MED_FOCAL, municipalities=[m])
    path = f"/ui/plans/{m}/meeting"
    async with (
        _signed_in(settings, who["director"]) as browser,
        _signed_in(settings, focal) as officer,
        client(settings, who["director"]) as director,
    ):
        follow_up = await browser.get(f"/ui/plans/{m}/follow-up")
        assert 'id="meeting-link"' in follow_up.text
        assert (await officer.get(path)).status_code == 403
        form = await browser.get(f"{path}?quarter=Q2")
        assert form.status_code == 200, form.text
        assert '<option value="Q2" selected>' in form.text
        csrf = _csrf(form.text)
        base = {
            "csrf": csrf,
            "meeting_id": str(uuid.uuid4()),
            "quarter": "Q2",
            "held_on": "2027-03-09",
            "attendees": "MED\nCSW\nschool directors",
            "decision-0-text": "Stop the action; the CSW takes the cases over",
            "decision-0-action": "AB-1",
            "decision-0-responsible": "csw",
            "decision-0-due": "2027-04",
            "decision-0-status": "cancelled",
            "decision-0-reason": "No budget left after the winter",
            "decision-2-text": "Invite the parents' council to the next review",
            "minutes": "The group reviewed the overdue actions.",
        }
        # Checked here: a status without its reason; nothing is sent.
        why = await browser.post(path, data=base | {"decision-0-reason": ""})
        assert why.status_code == 422
        assert 'id="error-decision-0-reason"' in why.text
        # Refused by monitoring (its clock says 2027-09-15): back on the date's field.
        future = await browser.post(path, data=base | {"held_on": "2027-09-30"})
        assert future.status_code == 422, future.text
        assert 'id="error-held_on"' in future.text
        assert "is in the future" in future.text
        good = await browser.post(path, data=base)
        assert good.status_code == 303, good.text
        assert good.headers["location"].startswith(f"/ui/plans/{m}/follow-up?recorded=")
        again = await browser.post(path, data=base)
        assert again.status_code == 303
        assert again.headers["location"].endswith("&repeated=1")
        shown = await browser.get(good.headers["location"])
        assert 'id="recorded-note"' in shown.text

        after = await _tracking_when(director, m, lambda t: bool(t["minutes"]))
        [meeting] = after["minutes"]
        assert meeting["attendees"] == ["MED", "CSW", "school directors"]
        assert [d["text"] for d in meeting["decisions"]] == [
            "Stop the action; the CSW takes the cases over",
            "Invite the parents' council to the next review",
        ]
        [ab1] = [a for a in after["actions"] if a["action_id"] == "AB-1"]
        assert ab1["status"] == "cancelled"
        agenda = await director.get(f"/plans/{m}/agenda.md?quarter=Q2&lang=en")
        assert agenda.status_code == 200
        text = " ".join(agenda.text.replace("**", "").split())
        assert "Present: MED, CSW, school directors" in text
        assert f"/ui/plans/{m}/meeting?quarter=Q2" in agenda.text.replace("\\", "")
