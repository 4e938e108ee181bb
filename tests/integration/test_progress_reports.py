"""The reports after adoption on the real stack: a plan adopted through the workspace API
is followed by monitoring, its snapshot projected by reporting (plan-tracking.v1), and
reporting serves the quarterly progress report (Markdown, DOCX and PDF read back), the
agenda, the public summary, the semester report and the MESTI dashboard (JSON, XLSX)."""

import asyncio
import io
import time

import docx
import httpx
import openpyxl
import pypdf

from services.runtime.settings import Settings
from tests.e2e.working_group import ADOPTION, client, consult, decide, detail_when, people

M = "fushe-kosove"


async def _when_ready(api: httpx.AsyncClient, path: str, timeout_s: float = 60) -> httpx.Response:
    deadline, last = time.monotonic() + timeout_s, None
    while time.monotonic() < deadline:
        last = await api.get(path)
        if last.status_code == 200:
            return last
        await asyncio.sleep(0.5)
    raise AssertionError(f"{path}: not ready in {timeout_s}s; last: {last and last.text}")


async def test_the_reports_of_an_adopted_plan_are_served_in_every_format(
    settings: Settings, intake: httpx.AsyncClient
) -> None:
    who = await people(settings, M)
    for group in ("teacher", "parent", "student"):
        issue = {
            "category": "poverty",
            "description": "Familjet nuk kanë para për libra.",
            "severity": "high",
            "affected_students": 9,
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
        ids = [a["action_id"] for p in plan["priorities"] for a in p["actions"]]

        # Monitoring's clock (2027-09-15) is after the school year: Q4 by default, read
        # at its end (31 August), when actions that ended before are overdue.
        md = (await _when_ready(arta, f"/plans/{M}/progress-report.md?lang=en")).text
        assert md.startswith(
            "# Quarterly progress report Q4 — Fushë Kosovë / Kosovo Polje, school year 2026-2027"
        )
        for action_id in ids:
            assert action_id in md
        assert md.count("● ") == len(ids)  # a light per action
        assert "● red · overdue" in md

        resp = await arta.get(f"/plans/{M}/progress-report.docx?quarter=Q4&lang=sq")
        assert resp.status_code == 200, resp.text
        words = docx.Document(io.BytesIO(resp.content))
        body = "\n".join(p.text for p in words.paragraphs)
        assert "Raporti tremujor i progresit T4 — Fushë Kosovë / Kosovo Polje" in body
        assert "Veprimet me afat të kaluar" in body
        resp = await arta.get(f"/plans/{M}/progress-report.pdf?quarter=Q4&lang=sr-Cyrl")
        assert resp.status_code == 200, resp.text
        assert resp.headers["content-type"] == "application/pdf"
        pdf = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(resp.content)).pages)
        assert "Тромесечни извештај о напретку" in " ".join(pdf.split())

        html = await arta.get(f"/plans/{M}/progress-report.html?lang=sr")
        assert html.status_code == 200
        assert "Tromesečni izveštaj o napretku" in html.text
        agenda = await arta.get(f"/plans/{M}/agenda.md?lang=en")
        assert agenda.status_code == 200
        assert (
            "The director of the Municipal Education Directorate, Fushë Kosovë / Kosovo Polje"
            in agenda.text
        )
        summary = await arta.get(f"/plans/{M}/public-summary.pdf?lang=sq")
        pages = pypdf.PdfReader(io.BytesIO(summary.content)).pages
        assert len(pages) == 1, "\n".join(p.extract_text() for p in pages)
        semester = await arta.get("/reports/semester.md?cycle=2026-2027&semester=S2&lang=en")
        assert semester.status_code == 200
        assert "| Fushë Kosovë / Kosovo Polje |" in semester.text

        # Turkish and Bosnian are report languages too.
        tr = await arta.get(f"/plans/{M}/progress-report.md?lang=tr")
        assert tr.status_code == 200
        assert "Üç aylık ilerleme raporu" in tr.text
        bs = await arta.get(f"/plans/{M}/agenda.md?lang=bs")
        assert bs.status_code == 200
        assert "Dnevni red općinske radne grupe" in bs.text
        # Bad parameters are refused naming the field.
        unknown = await arta.get(f"/plans/{M}/progress-report.md?lang=xx")
        assert unknown.status_code == 422
        assert unknown.json()["errors"][0]["field"].endswith("lang")
        bad = await arta.get(f"/plans/{M}/progress-report.md?quarter=Q5")
        assert bad.status_code == 422
        assert (await arta.get("/plans/atlantis/progress-report.md")).status_code == 404
        assert (await arta.get(f"/plans/{M}/progress-report.odt")).status_code in (404, 422)

        # The dashboard, on monitoring's date (after every end month): a row per followed
        # plan, drilling down to its follow-up page.
        rows = (await arta.get("/dashboard")).json()
        [row] = [r for r in rows if r["municipality"] == M]
        assert row["follow_up"] == f"/ui/plans/{M}/follow-up"
        assert row["actions"] == len(ids)
        assert row["overdue"] == len(ids)
        book = await arta.get("/dashboard.xlsx?lang=en")
        sheet = openpyxl.load_workbook(io.BytesIO(book.content))["implementation"]
        table = list(sheet.iter_rows(values_only=True))
        [mine] = [r for r in table[1:] if r[0] == M]
        assert dict(zip(table[0], mine, strict=True))["Overdue"] == len(ids)
