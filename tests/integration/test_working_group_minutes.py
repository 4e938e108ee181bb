"""The working group's decisions and minutes on the real stack: the MED director of
Parteš records a meeting at monitoring (POST /meetings), a resend is the same meeting,
other content under its id a conflict, other roles and bad dates are refused naming the
field; the decision cancels an action, and reporting's agenda prints the meeting."""

import asyncio
import time
import uuid
from typing import Any

import httpx

from dmap.tokens import create_token
from services.runtime.auth.roles import Role
from services.runtime.settings import Settings
from tests.e2e.working_group import ADOPTION, client, consult, decide, detail_when, people

M = "partesh"  # no other test adopts Parteš's plan
PLAN_ID = f"{M}:2026-2027"


def _monitoring(settings: Settings, token: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=settings.service_url("monitoring"),
        timeout=30,
        headers={"authorization": f"Bearer {token}"},
    )


def _meeting(action_id: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "meeting_id": str(uuid.uuid4()),
        "plan_id": PLAN_ID,
        "municipality": M,
        "cycle": "2026-2027",
        "quarter": "Q2",
        "held_on": "2027-03-09",
        "attendees": ["MED", "CSW", "school directors"],
        "decisions": [
            {
                "text": "Stop the action; the CSW takes the cases over",
                "action_id": action_id,
                "responsible": "csw",
                "due_month": "2027-04",
                "sets_status": "cancelled",
                "reason": "No budget left after the winter",
            },
            {"text": "Invite the parents' council to the next review"},
        ],
        "minutes": "The group reviewed the overdue actions. Drita Krasniqi, tel. 044 123 456.",
    }
    return body | overrides


async def _until(api: httpx.AsyncClient, path: str, ready: Any, timeout_s: float = 60) -> Any:
    deadline, last = time.monotonic() + timeout_s, None
    while time.monotonic() < deadline:
        last = await api.get(path)
        if last.status_code == 200 and ready(last):
            return last
        await asyncio.sleep(0.5)
    raise AssertionError(f"{path}: not ready in {timeout_s}s; last: {last and last.text}")


async def test_the_med_director_records_a_meeting_and_the_agenda_prints_it(
    settings: Settings, intake: httpx.AsyncClient
) -> None:
    who = await people(settings, M)
    for group in ("teacher", "parent", "med"):
        issue = {
            "category": "poverty",
            "description": "Familjet nuk kanë para për libra dhe transport.",
            "severity": "high",
            "affected_students": 7,
        }
        await consult(intake, M, [issue], stakeholder_group=group)
    async with client(settings, who["planner"]) as arta, client(settings, who["director"]) as med:
        await detail_when(arta, M, lambda d: d["plan"]["consultation_count"] >= 3)
        for _ in range(5):  # a revision that lands meanwhile makes a submission stale
            d = await detail_when(arta, M, lambda d: True)
            out = await decide(arta, M, "submit_for_review", 1, revision=d["draft"]["revision"])
            if out["outcome"] == "applied":
                break
            await asyncio.sleep(1)
        assert out["outcome"] == "applied", out
        await detail_when(arta, M, lambda d: d["status"] == "in_review")
        out = await decide(med, M, "approve", 1, adoption=ADOPTION)
        assert out["outcome"] == "applied", out
        plan = (await detail_when(arta, M, lambda d: d["status"] == "approved"))["plan"]
        action_id = plan["priorities"][0]["actions"][0]["action_id"]

        _, focal = await create_token(
            settings, "MED focal Parteš", Role.MED_FOCAL, municipalities=[M]
        )
        _, other = await create_token(
            settings, "DKA Viti director", Role.APPROVER, municipalities=["viti"]
        )
        async with (
            _monitoring(settings, who["director"]) as director,
            _monitoring(settings, focal) as officer,
            _monitoring(settings, other) as elsewhere,
        ):
            await _until(director, f"/plans/{M}/tracking", lambda r: True)
            body = _meeting(action_id)
            first = await director.post("/meetings", json=body)
            assert first.status_code == 201, first.text
            assert first.json()["status"] == "recorded"
            assert first.json()["redactions"] == {"name": 1, "phone": 1}
            again = await director.post("/meetings", json=body)
            assert again.status_code == 200, again.text
            assert again.json()["status"] == "already_recorded"
            changed = await director.post("/meetings", json=body | {"minutes": "Other words"})
            assert changed.status_code == 409, changed.text
            assert changed.json()["errors"][0]["field"] == "meeting_id"

            # Who may not, and what may not be recorded: each named.
            refused = await officer.post("/meetings", json=_meeting(action_id))
            assert refused.status_code == 403, refused.text
            assert "may not record the working group's decisions" in refused.text
            foreign = await elsewhere.post("/meetings", json=_meeting(action_id))
            assert foreign.status_code == 403, foreign.text
            assert "not partesh" in foreign.text
            future = await director.post(
                "/meetings", json=_meeting(action_id, held_on="2027-09-30", decisions=[])
            )
            assert future.status_code == 422, future.text
            assert future.json()["errors"] == [
                {"field": "held_on", "reason": "2027-09-30 is in the future (today is 2027-09-15)"}
            ]
            unknown = _meeting(action_id)
            unknown["decisions"][0]["action_id"] = "ZZ-9"
            bad = await director.post("/meetings", json=unknown)
            assert bad.status_code == 422, bad.text
            assert bad.json()["errors"][0]["field"] == "decisions[0].action_id"
            why = _meeting(action_id)
            why["decisions"][0]["reason"] = ""
            assert (await director.post("/meetings", json=why)).status_code == 422

            # Applied by monitoring's consumer: the action is cancelled, with the reason.
            outcome = await _until(
                director,
                f"/meetings/{body['meeting_id']}",
                lambda r: r.json()["outcome"] == "applied",
            )
            assert outcome.json()["quarter"] == "Q2"
            tracked = (await director.get(f"/plans/{M}/tracking")).json()["actions"]
            [cancelled] = [a for a in tracked if a["action_id"] == action_id]
            assert cancelled["status"] == "cancelled"
            assert cancelled["history"][-1]["evidence"] == "No budget left after the winter"
            # A second meeting of the same quarter, under its own id.
            extra = _meeting(action_id, held_on="2027-03-20", decisions=[], minutes="")
            assert (await director.post("/meetings", json=extra)).status_code == 201

        # Reporting's agenda (from the projected snapshot) prints both, oldest first.
        agenda = await _until(
            arta,
            f"/plans/{M}/agenda.md?quarter=Q2&lang=en",
            lambda r: "Meeting of 20 Mar 2027" in r.text,
        )
        text = " ".join(agenda.text.replace("**", "").split())
        assert text.index("Meeting of 9 Mar 2027, review of Q2") < text.index(
            "Meeting of 20 Mar 2027, review of Q2"
        )
        assert "Present: MED, CSW, school directors" in text
        assert f"action {action_id}" in text
        assert "status set to cancelled: No budget left after the winter" in text
        assert "Drita" not in text
        assert "044 123 456" not in text
        sq = await arta.get(f"/plans/{M}/agenda.md?quarter=Q2&lang=sq")
        assert "Takimi i 9 mars 2027, shqyrtimi i T2" in sq.text.replace("**", "")
