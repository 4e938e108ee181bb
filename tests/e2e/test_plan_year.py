"""One municipality's plan from adoption to the next year's draft, on the real stack.

Zvečan's working group adopts its 2025-2026 plan (the planner submits, the MED
director approves); the school team and the MED report through monitoring's API;
with monitoring's clock after the year (2027-09-15, tests/integration/conftest.py) the
unfinished child-labour action is overdue; the quarterly progress report read back
from DOCX and PDF says so; and when the 2026-2027 consultations come in, planning's
draft of the next school year carries that action over, with its reason.
"""

import asyncio
import io
import time
import uuid
from collections.abc import Callable
from typing import Any

import docx
import httpx
import pypdf

from dmap.tokens import create_token
from services.runtime.auth.roles import Role
from services.runtime.settings import Settings
from tests.e2e.working_group import client, consult, decide, detail_when, people

M = "zvecan"
PLAN_ID = f"{M}:2025-2026"
SCHOOL = "OŠ Vuk Karadžić"
# The child-labour action left unfinished: CL-1S, the variant for a school under the
# Serbian curriculum (Zvečan's), which has no MESTI prevention team.
LATE = "CL-1S"
ADOPTED = {
    "decision_number": "01-016/2025-077",
    "decision_date": "2025-11-24",
    "signatories": ["Direktor opštinske direkcije za obrazovanje"],
    "adopted_by": "Municipal Education Directorate",
}


def _issue(category: str, text: str) -> dict[str, Any]:
    return {"category": category, "description": text, "severity": "high", "affected_students": 11}


async def _until(
    get: Callable[[], Any], ready: Callable[[Any], bool], what: str, timeout_s: float = 60
) -> Any:
    deadline, last = time.monotonic() + timeout_s, None
    while time.monotonic() < deadline:
        last = await get()
        if ready(last):
            return last
        await asyncio.sleep(0.5)
    raise AssertionError(f"{what}: not so after {timeout_s}s; last: {last}")


def _monitoring(settings: Settings, token: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=settings.service_url("monitoring"),
        timeout=30,
        headers={"authorization": f"Bearer {token}"},
    )


async def _report(api: httpx.AsyncClient, body: dict[str, Any]) -> None:
    body = {"report_id": str(uuid.uuid4()), "plan_id": PLAN_ID, "municipality": M, **body}
    resp = await api.post("/progress", json=body, headers={"idempotency-key": body["report_id"]})
    assert resp.status_code == 201, resp.text


async def test_adoption_reports_alert_quarterly_report_and_the_next_years_draft(
    settings: Settings, intake: httpx.AsyncClient
) -> None:
    who = await people(settings, M)
    _, school_token = await create_token(
        settings, "Tim za prevenciju", Role.SCHOOL_TEAM, municipalities=[M], school=SCHOOL
    )
    for group in ("teacher", "parent", "school_manager"):
        await consult(
            intake,
            M,
            [
                _issue("child_labour", "Deca rade na pijaci umesto da idu u školu."),
                _issue("absenteeism", "Česti izostanci tokom zime."),
            ],
            stakeholder_group=group,
            consultation_date="2025-10-14",
            language="sr",
            school={"name": SCHOOL, "level": "primary"},
        )
    async with (
        client(settings, who["planner"]) as arta,
        client(settings, who["director"]) as drita,
        _monitoring(settings, who["planner"]) as med,
        _monitoring(settings, school_token) as school,
    ):
        # Adoption, four eyes.
        d = await detail_when(arta, M, lambda d: d["plan"]["consultation_count"] >= 3)
        assert d["plan"]["cycle"] == "2025-2026"
        out = await decide(arta, M, "submit_for_review", 1, revision=d["draft"]["revision"])
        assert out["outcome"] == "applied", out
        await detail_when(arta, M, lambda d: d["status"] == "in_review")
        out = await decide(drita, M, "approve", 1, adoption=ADOPTED)
        assert out["outcome"] == "applied", out
        plan = (await detail_when(arta, M, lambda d: d["status"] == "approved"))["plan"]
        ids = {a["action_id"] for p in plan["priorities"] for a in p["actions"]}
        assert LATE in ids

        # Reports: the school's November, the MED's third quarter (child labour behind).
        tracked = await _until(
            lambda: med.get(f"/plans/{M}/tracking?cycle=2025-2026"),
            lambda r: r.status_code == 200,
            "tracking",
        )
        assert {a["action_id"] for a in tracked.json()["actions"]} == ids
        counts = {
            "ews_flagged": 7,
            "home_visits": 5,
            "csw_referrals": 1,
            "returns_to_school": 2,
            "dropouts": 0,
            "non_enrolled_identified": 1,
        }
        await _report(
            school,
            {
                "kind": "school_monthly",
                "reporter": "Tim za prevenciju, OŠ Vuk Karadžić",
                "submitted_at": "2025-12-03T09:00:00Z",
                "school": SCHOOL,
                "month": "2025-11",
                "counts": counts,
            },
        )
        statuses = [
            {"action_id": a, "status": "done", "evidence": "Completed as planned."}
            for a in sorted(ids - {LATE})
        ] + [{"action_id": LATE, "status": "delayed", "evidence": "Market visits stopped."}]
        await _report(
            med,
            {
                "kind": "med_quarterly",
                "reporter": "MED focal officer",
                "submitted_at": "2026-06-12T10:00:00Z",
                "cycle": "2025-2026",
                "quarter": "Q3",
                "actions": statuses,
            },
        )

        # Monitoring's date is after the year: once the report is applied, the unfinished
        # action is the one overdue.
        def _overdue(r: httpx.Response) -> set[str]:
            return {a["subject"] for a in r.json()["alerts"] if a["kind"] == "action_overdue"}

        alerts = await _until(
            lambda: med.get(f"/plans/{M}/alerts?cycle=2025-2026"),
            lambda r: _overdue(r) == {LATE},
            f"only {LATE} overdue",
        )
        [alert] = [a for a in alerts.json()["alerts"] if a["kind"] == "action_overdue"]
        assert alert["addressed_to"] == "med_director"
        assert "delayed" in alert["message"]

        # The quarterly progress report, read back from the DOCX and the PDF.
        path = f"/plans/{M}/progress-report.{{}}?cycle=2025-2026&quarter=Q4&lang=en"
        got = await _until(
            lambda: arta.get(path.format("docx")),
            lambda r: r.status_code == 200 and LATE in _docx_text(r.content),
            f"the progress report naming {LATE}",
        )
        words = _docx_text(got.content)
        assert "Quarterly progress report Q4" in words
        assert LATE in words
        assert "Overdue" in words or "overdue" in words
        pdf = await arta.get(path.format("pdf"))
        assert pdf.status_code == 200, pdf.text
        text = " ".join(
            " ".join(
                p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages
            ).split()
        )
        assert "Quarterly progress report Q4" in text
        assert LATE in text

        # The next school year: its consultations come in, the draft learns from the last.
        for group in ("teacher", "parent"):
            await consult(
                intake,
                M,
                [_issue("child_labour", "Deca i dalje rade na pijaci.")],
                stakeholder_group=group,
                consultation_date="2026-10-06",
                language="sr",
                school={"name": SCHOOL, "level": "primary"},
            )

        def _learned(d: dict[str, Any]) -> bool:
            previous = d["plan"].get("previous_cycle") or {}
            return d["plan"]["cycle"] == "2026-2027" and bool(previous.get("carried_over"))

        nxt = (await detail_when(arta, M, _learned, timeout_s=60))["plan"]
        previous = nxt["previous_cycle"]
        assert previous["plan_id"] == PLAN_ID
        [carried] = previous["carried_over"]
        assert (carried["action_id"], carried["status"], carried["placed"]) == (
            LATE,
            "delayed",
            True,
        )
        assert carried["evidence"] == "Market visits stopped."
        child_labour = next(p for p in nxt["priorities"] if p["category"] == "child_labour")
        assert [a["action_id"] for a in child_labour["actions"]].count(LATE) == 1
        md = await arta.get(f"/plans/{M}/export.md?lang=en")
        assert md.status_code == 200
        assert "The previous school year" in md.text
        assert "carried over from 2025-2026, unfinished" in md.text
        assert "Market visits stopped." in md.text
        # The workspace's plan page says it too, in the planner's language.
        page = await arta.get(f"/ui/plans/{M}", headers={"accept-language": "sq"})
        assert page.status_code == 200
        assert "Viti shkollor i kaluar" in page.text
        assert "Market visits stopped." in page.text


def _docx_text(content: bytes) -> str:
    d = docx.Document(io.BytesIO(content))
    cells = (c.text for t in d.tables for row in t.rows for c in row.cells)
    return "\n".join([*(p.text for p in d.paragraphs), *cells])
