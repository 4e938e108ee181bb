"""The review workspace on the real stack: exports read back, rebuild, authorization."""

import asyncio
import io
from typing import Any

import httpx
import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from services.reporting.rebuild import rebuild
from services.runtime.database import create_pool
from services.runtime.settings import Settings
from tests.factories import submission
from tests.integration.conftest import bearer
from tests.integration.read_models import quiet, reporting_caught_up, snapshot, topic_ends
from tests.integration.waiting import plan_when


async def _plan_for(
    intake: httpx.AsyncClient, reporting: httpx.AsyncClient, municipality: str, n: int
) -> dict[str, Any]:
    for i in range(n):
        body = submission(
            municipality=municipality,
            stakeholder_group=["teacher", "student", "parent", "med"][i % 4],
            raised_issues=[
                {
                    "category": "poverty",
                    "description": "Familjet nuk kanë para për libra dhe ushqim.",
                    "severity": "high",
                    "affected_students": 10,
                    "affected_groups": ["low_income"],
                },
                {"description": "Fëmijët punojnë në arë gjatë vjeshtës.", "severity": "medium"},
            ],
        )
        assert (await intake.post("/consultations", json=body)).status_code == 201
    for _ in range(120):
        resp = await reporting.get(f"/plans/{municipality}")
        if resp.status_code == 200 and resp.json()["consultation_count"] == n:
            return resp.json()
        await asyncio.sleep(0.25)
    raise AssertionError(f"no plan for {municipality}")


async def test_exports_open_in_real_readers(
    intake: httpx.AsyncClient, reporting: httpx.AsyncClient
) -> None:
    detail = await _plan_for(intake, reporting, "istog", 4)
    assert [p["category"] for p in detail["plan"]["priorities"]] == ["poverty", "child_labour"]

    docx = await reporting.get("/plans/istog/export.docx", params={"lang": "sq"})
    doc = Document(io.BytesIO(docx.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "ndaj braktisjes dhe mosregjistrimit — Istog / Istok" in text
    assert "1. Varfëria dhe kostoja e shkollimit" in text
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert "PV-3" in cells  # tailored to the low-income group the consultations reported

    pdf = await reporting.get("/plans/istog/export.pdf", params={"lang": "en"})
    assert pdf.headers["content-type"] == "application/pdf"
    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Istog" in pdf_text
    assert "Poverty and cost of schooling" in " ".join(pdf_text.split())

    actions = (await reporting.get("/plans/istog/export.csv")).content.decode("utf-8-sig")
    lines = actions.strip().splitlines()
    assert lines[0].startswith("priority_rank,category,action_id")
    assert any(",PV-1," in line for line in lines)

    html = await reporting.get("/plans/istog/export.html", params={"lang": "en"})
    assert "dropout and non-enrolment — Istog" in html.text
    md = await reporting.get("/plans/istog/export.md", params={"lang": "en"})
    assert md.text.startswith("# Draft municipal action plan for the prevention")
    assert "non-enrolment — Istog / Istok" in md.text.splitlines()[0]
    # Without `lang`, a plan is printed in its municipality's majority language.
    md = await reporting.get("/plans/istog/export.md")
    assert md.text.startswith("# Projektplani komunal i veprimit për parandalimin")
    assert "mosregjistrimit — Istog / Istok" in md.text.splitlines()[0]
    assert "-sq.md" in md.headers["content-disposition"]
    md = await reporting.get("/plans/istog/export.md", params={"lang": "sr"})
    assert md.text.startswith("# Nacrt opštinskog akcionog plana za sprečavanje")
    assert "reagovanje na njih — Istok" in md.text.splitlines()[0]
    html = await reporting.get("/plans/istog/export.html", params={"lang": "sr-cyrl"})
    assert "реаговање на њих — Исток" in html.text
    assert '<html lang="sr-Cyrl">' in html.text
    for lang in ("tr", "bs"):
        assert (await reporting.get("/plans/istog/export.pdf", params={"lang": lang})).is_success
    assert (await reporting.get("/plans/istog/export.md", params={"lang": "xx"})).status_code == 422
    as_json = await reporting.get("/plans/istog/export.json")
    assert as_json.json()["plan_id"] == "istog:2026-2027"

    xlsx = await reporting.get("/matrix.xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    header = [c.value for c in book["scores"][1]]
    row = next(r for r in book["scores"].iter_rows(values_only=True) if r[0] == "istog")
    assert row[header.index("poverty")] == detail["plan"]["priorities"][0]["score"]
    matrix_csv = (await reporting.get("/matrix.csv")).content.decode("utf-8-sig")
    assert "istog,2026-2027,poverty," in matrix_csv

    # Reporting projects consultations.v1 in its own consumer group: the plan (plans.v1)
    # can be shown before every consultation behind it is.
    for _ in range(120):
        drill = (await reporting.get("/plans/istog/evidence/child_labour")).json()
        if len(drill["consultations"]) == 4:
            break
        await asyncio.sleep(0.25)
    assert len(drill["consultations"]) == 4
    assert drill["consultations"][0]["raised_issues"][1]["description"].startswith("Fëmijët")


async def test_consultants_and_integrators_cannot_review(
    intake: httpx.AsyncClient, reporting: httpx.AsyncClient, tokens: dict[str, str]
) -> None:
    detail = await _plan_for(intake, reporting, "suhareke", 1)
    review = {"decision": "submit_for_review", "version": detail["version"]}
    for role in ("consultant", "integrator"):
        resp = await reporting.post(
            "/plans/suhareke/reviews", json=review, headers=bearer(tokens[role])
        )
        assert resp.status_code == 403, role
    # Consultants do not even read plans; integrators do.
    assert (await reporting.get("/plans", headers=bearer(tokens["consultant"]))).status_code == 403
    assert (await reporting.get("/plans", headers=bearer(tokens["integrator"]))).status_code == 200
    assert (await reporting.get("/plans", headers={"authorization": ""})).status_code == 401
    page = await reporting.get("/ui/plans/suhareke", headers=bearer(tokens["integrator"]))
    assert page.status_code == 200
    assert 'id="form-' not in page.text  # no decision offered to a reader
    form = await reporting.post(
        "/ui/plans/suhareke/review",
        headers=bearer(tokens["integrator"]),
        data={"decision": "submit_for_review", "version": "1", "csrf": "x"},
    )
    assert form.status_code == 403
    # A planner submits; approving is the approver's (403 for a planner).
    approve = {"decision": "approve", "version": 1, "adoption": None}
    assert (await reporting.post("/plans/suhareke/reviews", json=approve)).status_code == 403
    ok = await reporting.post("/plans/suhareke/reviews", json=review)  # planner
    assert ok.status_code == 202


async def test_rebuild_from_the_topics_gives_the_same_state(
    settings: Settings, intake: httpx.AsyncClient, reporting: httpx.AsyncClient
) -> None:
    await _plan_for(intake, reporting, "shtime", 3)
    await reporting_caught_up(reporting)  # other tests' events may still be in flight
    pool = await create_pool(settings.dsn, 2)
    try:
        # Other tests' services keep publishing (monitoring's snapshots, say): an attempt
        # during which reporting's topics grew compares two different histories, so it
        # is tried again; with the topics unchanged, any difference fails.
        for _ in range(3):
            ends = await topic_ends(settings)
            before = await quiet(pool, reporting)
            assert before["latest_plans"], "nothing to compare"
            report = await rebuild(settings, pool)
            after = await snapshot(pool)
            if after == before or await topic_ends(settings) == ends:
                break
    finally:
        await pool.close()
    assert report.applied > 0
    assert after == before


@pytest.mark.parametrize("from_snapshots", [False, True], ids=["full", "from-snapshots"])
async def test_an_event_applied_while_the_rebuild_reads_is_kept(
    settings: Settings,
    intake: httpx.AsyncClient,
    reporting: httpx.AsyncClient,
    from_snapshots: bool,
) -> None:
    """The race the two reads close: an event the live subscriber applies after the
    rebuild's first read, before its TRUNCATE, is read again under the locks (from
    the snapshot topic too: the new draft's snapshot arrives in between)."""
    count = (await reporting.get("/plans/shtime")).json().get("consultation_count", 0)

    async def one_more_lands() -> None:
        body = submission(municipality="shtime")
        assert (await intake.post("/consultations", json=body)).status_code == 201
        await plan_when(reporting, "shtime", lambda p: p["consultation_count"] > count)

    pool = await create_pool(settings.dsn, 2)
    try:
        await rebuild(settings, pool, before_locking=one_more_lands, from_snapshots=from_snapshots)
    finally:
        await pool.close()
    rebuilt = await plan_when(reporting, "shtime", lambda p: True)
    assert rebuilt["consultation_count"] > count
