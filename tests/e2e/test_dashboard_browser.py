"""The MESTI dashboard in a browser: a reviewer signs in, sees the adopted plan's row with
its implementation figures and the drill-down link to the follow-up page, switches to
Albanian; screenshots under artifacts/screenshots/ (dashboard.png, dashboard-sq.png)."""

import asyncio
import time

import httpx
from playwright.async_api import async_playwright, expect

from dmap.stack.services import ServiceProcesses
from tests.e2e.test_browser import ARGS, CHROMIUM, HAVE_CHROMIUM, SHOTS, sign_in
from tests.e2e.working_group import ADOPTION, client, consult, decide, detail_when, people

M = "gjakove"


async def _adopt(running_services: ServiceProcesses, intake: httpx.AsyncClient) -> str:
    """Gjakovë's plan adopted through the API; returns the MESTI reviewer's token."""
    settings = running_services.settings
    who = await people(settings, M)
    issue = {
        "category": "child_labour",
        "description": "Fëmijët punojnë në arë.",
        "severity": "high",
    }
    for group in ("teacher", "parent", "student"):
        await consult(intake, M, [issue], stakeholder_group=group)
    async with client(settings, who["planner"]) as arta, client(settings, who["director"]) as med:
        await detail_when(arta, M, lambda d: d["plan"]["consultation_count"] >= 3)
        for _ in range(5):
            d = await detail_when(arta, M, lambda d: True)
            out = await decide(arta, M, "submit_for_review", 1, revision=d["draft"]["revision"])
            if out["outcome"] == "applied":
                break
            await asyncio.sleep(1)
        assert out["outcome"] == "applied", out
        await detail_when(arta, M, lambda d: d["status"] == "in_review")
        assert (await decide(med, M, "approve", 1, adoption=ADOPTION))["outcome"] == "applied"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # until reporting has projected the snapshot
            rows = (await arta.get("/dashboard")).json()
            if any(r["municipality"] == M for r in rows):
                return who["mesti"]
            await asyncio.sleep(0.5)
    raise AssertionError("the adopted plan never reached the dashboard")


async def test_the_mesti_dashboard_lists_the_adopted_plan_with_its_drill_down(
    running_services: ServiceProcesses, intake: httpx.AsyncClient
) -> None:
    assert HAVE_CHROMIUM, "install Debian's chromium (deploy/install-browser.sh)"
    mesti = await _adopt(running_services, intake)
    base = running_services.settings.service_url("reporting")
    await asyncio.to_thread(SHOTS.mkdir, parents=True, exist_ok=True)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = await browser.new_page(viewport={"width": 1280, "height": 800})
        blocked: list[str] = []
        page.on(
            "console", lambda m: blocked.append(m.text) if "Security Policy" in m.text else None
        )
        await sign_in(page, base, mesti, "/ui/dashboard")
        await expect(
            page.get_by_role("heading", name="Implementation of the adopted plans")
        ).to_be_visible()
        row = page.locator(f'tr[data-municipality="{M}"]')
        await expect(row).to_contain_text("Gjakovë")
        link = row.get_by_role("link", name="Gjakovë / Đakovica")
        assert await link.get_attribute("href") == f"/ui/plans/{M}/follow-up"
        report = row.get_by_role("link", name="Quarterly progress report")
        assert await report.get_attribute("href") == f"/plans/{M}/progress-report.pdf?lang=en"
        await page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)
        await page.goto(f"{base}/ui/dashboard?lang=sq")
        await expect(
            page.get_by_role("heading", name="Zbatimi i planeve të miratuara")
        ).to_be_visible()
        await page.screenshot(path=str(SHOTS / "dashboard-sq.png"), full_page=True)
        async with page.expect_download() as download:
            await page.get_by_role("link", name="Shkarko si XLSX").click()
        assert (await download.value).suggested_filename == "dashboard.xlsx"
        await browser.close()
    assert blocked == []
