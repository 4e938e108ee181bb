"""The working group's story, on the real broker and database (issue 11's "done when").

draft → exclude a misclassified issue → edit an action's cost and focal unit → add a
local action → submit (version 1) → MESTI comments → changes requested with two
checklist items → amend and reply → resubmit (version 2) → another person approves →
new consultations → the adopted version 2 is what every export serves, and the
proposed revision beside it has the new evidence and every amendment.
"""

import json

import httpx

from services.runtime.settings import Settings
from tests.e2e.working_group import (
    ADOPTION,
    actions,
    amend,
    client,
    consult,
    decide,
    detail_when,
    people,
)

M = "mitrovice-jugut"
CSW_TEXT = "Qendra për Punë Sociale ka vetëm dy punonjës socialë dhe nuk i viziton familjet."


def issue(category: str | None, text: str, **kw: object) -> dict[str, object]:
    return {"category": category, "description": text, "severity": "high", **kw}


async def test_a_working_group_amends_submits_and_adopts_a_plan_that_stays_frozen(
    settings: Settings, intake: httpx.AsyncClient
) -> None:
    who = await people(settings, M)
    # The consultant filed the CSW's staffing under child labour ("punë", "punonjës").
    misread = await consult(intake, M, [issue("child_labour", CSW_TEXT)], stakeholder_group="med")
    for group in ("teacher", "parent", "student"):
        await consult(
            intake,
            M,
            [
                issue("poverty", "Familjet nuk kanë para për libra.", affected_students=20),
                issue("absenteeism", "Mungesat e shpeshta pa arsye.", affected_students=9),
            ],
            stakeholder_group=group,
        )
    async with (
        client(settings, who["planner"]) as arta,
        client(settings, who["planner_2"]) as besnik,
        client(settings, who["director"]) as director,
        client(settings, who["mesti"]) as mesti,
        client(settings, who["elsewhere"]) as elsewhere,
    ):
        d = await detail_when(arta, M, lambda d: d["plan"]["consultation_count"] == 4)
        assert d["status"] == "draft"
        assert d["of_record"] == "draft"
        assert d["history"] == []
        plan = d["plan"]
        # The working group takes the misfiled issue out of the evidence.
        holding = [p for p in plan["priorities"] if misread in p["consultation_ids"]]
        holding += [f for f in plan["other_findings"] if misread in f["consultation_ids"]]
        assert [h["category"] for h in holding] == ["child_labour"]
        wrong = holding[0]["category"]
        out = await amend(
            arta,
            M,
            {"kind": "exclude_issue", "consultation_id": misread, "issue_index": 0},
            "The Centre for Social Work's name, not children working.",
        )
        assert out["outcome"] == "applied", out
        top = plan["priorities"][0]
        first = top["actions"][0]["action_id"]
        out = await amend(
            arta,
            M,
            {
                "kind": "edit_action",
                "action_id": first,
                "fields": {
                    "cost_eur": 4800,
                    "focal_point": "Zyrtarja për arsim gjithëpërfshirës, DKA",
                    "funding_source": "Buxheti komunal",
                    "budget_line": "Arsimi 31100",
                    "start_month": "2027-01",
                    "end_month": "2027-06",
                    "target_value": 25,
                    "target_unit": "%",
                    "target_date": "2027-06-30",
                },
            },
            "Costed at the December workshop.",
        )
        assert out["outcome"] == "applied", out
        out = await amend(
            besnik,
            M,
            {
                "kind": "add_action",
                "category": top["category"],
                "fields": {
                    "label": "Fondi komunal për libra dhe veshmbathje për 120 nxënës",
                    "responsible": "municipality",
                    "cost_eur": 6000,
                    "funding_source": "Buxheti komunal",
                    "start_month": "2026-12",
                    "end_month": "2027-03",
                },
            },
            "Agreed by the working group; not in the catalogue.",
        )
        assert out["outcome"] == "applied", out
        d = await detail_when(arta, M, lambda d: len(d["draft"]["plan"]["amendments"]) == 3)
        draft = d["draft"]["plan"]
        assert not any(
            misread in p["consultation_ids"]
            for p in [*draft["priorities"], *draft["other_findings"]]
            if p["category"] == wrong
        )
        edited = actions(draft)[first]
        assert edited["cost_eur"] == 4800
        assert edited["focal_point"].startswith("Zyrtarja")
        assert edited["start"] == "Q2"
        assert edited["indicator"]["target_unit"] == "%"
        local = [a for a in actions(draft).values() if a["origin"] == "local"]
        assert len(local) == 1
        assert local[0]["action_id"].startswith("LOC-")

        # A planner of another municipality may not touch it; nobody approves a draft.
        refused = await elsewhere.post(
            f"/plans/{M}/amendments",
            json={
                "version": 1,
                "revision": d["draft"]["revision"],
                "change": {"kind": "edit_narrative", "text": "x"},
                "reason": "x",
            },
        )
        assert refused.status_code == 403, refused.text
        early = await director.post(
            f"/plans/{M}/reviews", json={"decision": "approve", "version": 1, "adoption": ADOPTION}
        )
        assert early.status_code == 409
        assert early.json()["errors"][0]["field"] == "decision"

        out = await decide(arta, M, "submit_for_review", 1, revision=d["draft"]["revision"])
        assert out["outcome"] == "applied", out
        # Issuing v1 and opening the draft of v2 are two events: wait for both.
        d = await detail_when(
            arta, M, lambda d: d["status"] == "in_review" and d["draft"]["version"] == 2
        )
        assert d["version"] == 1
        assert d["of_record"] == "in_review"
        assert d["draft"]["version"] == 2
        assert d["decisions"] == ["approve", "request_changes", "comment"]

        out = await decide(
            mesti,
            M,
            "comment",
            1,
            comment="Link the poverty actions to the CSW referral data.",
            items=[{"target": "plan", "text": "Add the number of non-enrolled children."}],
        )
        assert out["outcome"] == "pending" or out["outcome"] == "applied"
        items = [
            {"target": f"action:{first}", "text": "Name the budget line of the second year."},
            {"target": f"priority:{top['category']}", "text": "Give a target per community."},
        ]
        out = await decide(director, M, "request_changes", 1, comment="Two points.", items=items)
        assert out["outcome"] == "applied", out
        d = await detail_when(arta, M, lambda d: len(d["checklist"]) == 2)
        assert d["status"] == "changes_requested"
        assert all(i["state"] == "open" for i in d["checklist"])
        one, two = (i["item_id"] for i in d["checklist"])
        blocked = await arta.post(
            f"/plans/{M}/reviews", json={"decision": "submit_for_review", "version": 2}
        )
        assert blocked.status_code == 409
        assert blocked.json()["errors"][0]["field"] == "checklist"

        out = await amend(
            arta,
            M,
            {"kind": "edit_action", "action_id": first, "fields": {"budget_line": "31100/2027"}},
            "Second-year budget line named.",
            closes=[one],
        )
        assert out["outcome"] == "applied", out
        out = await amend(
            arta,
            M,
            {"kind": "reply", "item_id": two, "text": "EMIS gives no community breakdown yet."},
            "Answered in the working group.",
        )
        assert out["outcome"] == "applied", out
        d = await detail_when(
            arta, M, lambda d: all(i["state"] == "closed" for i in d["checklist"])
        )
        out = await decide(arta, M, "submit_for_review", 2, revision=d["draft"]["revision"])
        assert out["outcome"] == "applied", out
        d = await detail_when(arta, M, lambda d: d["status"] == "in_review" and d["version"] == 2)
        diff = d["history"][-1]["diff"]
        assert len(diff["amendments_added"]) == 2  # the budget line and the reply

        # Four-eyes: a second person (the director) approves; the adoption is recorded.
        out = await decide(director, M, "approve", 2, adoption=ADOPTION)
        assert out["outcome"] == "applied", out
        d = await detail_when(arta, M, lambda d: d["status"] == "approved")
        assert d["adopted_version"] == 2
        assert d["plan"]["adoption"]["decision_number"]

        # New evidence after adoption: a proposed revision beside the frozen version 2.
        await consult(
            intake,
            M,
            [issue("discrimination_bullying", "Ngacmime të përsëritura ndaj vajzave.")],
            stakeholder_group="school_manager",
        )
        d = await detail_when(arta, M, lambda d: d["draft"]["plan"]["consultation_count"] == 5)
        assert d["version"] == 2
        assert d["plan"]["consultation_count"] == 4
        assert d["proposed_revision"] is True
        proposed = d["draft"]["plan"]
        assert proposed["version"] == 3
        kept = {a["amendment_id"] for a in proposed["amendments"] if a["in_force"]}
        assert kept == {a["amendment_id"] for a in d["plan"]["amendments"] if a["in_force"]}
        assert actions(proposed)[first]["cost_eur"] == 4800

        exported = await arta.get(f"/plans/{M}/export.json")
        assert json.loads(exported.content)["version"] == 2
        md = (await arta.get(f"/plans/{M}/export.md")).text
        assert ADOPTION["decision_number"] in md
        for fmt in ("html", "docx", "pdf", "csv"):
            got = await arta.get(f"/plans/{M}/export.{fmt}")
            assert got.status_code == 200, (fmt, got.text[:200])
            assert "v2" in got.headers.get("content-disposition", "v2"), fmt
        frozen = await arta.get(f"/plans/{M}/versions/2/export.json")
        assert json.loads(frozen.content)["consultation_count"] == 4
        draft_md = await arta.get(f"/plans/{M}/draft/export.json")
        assert json.loads(draft_md.content)["consultation_count"] == 5

        # Amending the adopted version is refused: amend the proposed revision.
        stale = await arta.post(
            f"/plans/{M}/amendments",
            json={
                "version": 2,
                "revision": d["draft"]["revision"],
                "change": {"kind": "edit_narrative", "text": "x"},
                "reason": "x",
            },
        )
        assert stale.status_code == 409, stale.text
        assert (
            "proposed revision" in stale.json()["errors"][0]["reason"]
            or "frozen" in (stale.json()["errors"][0]["reason"])
        )
