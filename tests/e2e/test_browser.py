"""A planner in headless Chromium: sign in, overview, plan page, approve, status changes.

Screenshots of the overview and of a plan page are saved under artifacts/screenshots/.
"""

import asyncio
import shutil
from pathlib import Path

import httpx
from playwright.async_api import async_playwright, expect

from dmap.stack.services import ServiceProcesses
from tests.factories import submission

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = Path(CHROMIUM).exists()
SHOTS = Path(__file__).parents[2] / "artifacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


async def test_planner_signs_in_reviews_and_sees_the_status_change(
    running_services: ServiceProcesses,
    intake: httpx.AsyncClient,
    reporting: httpx.AsyncClient,
    tokens: dict[str, str],
) -> None:
    assert HAVE_CHROMIUM, "install Debian's chromium (deploy/install-browser.sh)"
    for group in ("teacher", "student", "parent"):
        body = submission(municipality="gjilan", stakeholder_group=group)
        assert (await intake.post("/consultations", json=body)).status_code == 201
    for _ in range(120):
        plan = await reporting.get("/plans/gjilan")
        if plan.status_code == 200 and plan.json()["consultation_count"] == 3:
            break
        await asyncio.sleep(0.25)
    version = plan.json()["version"]
    base = running_services.settings.service_url("reporting")
    await asyncio.to_thread(SHOTS.mkdir, parents=True, exist_ok=True)

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        blocked: list[str] = []  # what the Content-Security-Policy refused, if anything
        page.on(
            "console", lambda m: blocked.append(m.text) if "Security Policy" in m.text else None
        )
        await page.goto(f"{base}/ui")
        await expect(page).to_have_url(f"{base}/signin?next=/ui")
        await page.get_by_label("Planner token").fill(tokens["planner"])
        await page.get_by_role("button", name="Sign in").click()
        await expect(page.get_by_role("heading", name="Overview")).to_be_visible()
        cookies = await page.context.cookies()
        assert not any(c["value"] == tokens["planner"] for c in cookies)
        session = next(c for c in cookies if c["name"] == "dmap_session")
        assert session["httpOnly"]
        assert session["sameSite"] == "Strict"
        row = page.get_by_role("row").filter(has_text="Gjilan")
        await expect(row).to_contain_text("draft")
        await page.screenshot(path=str(SHOTS / "overview.png"), full_page=True)

        await page.get_by_role("link", name="Gjilan").click()
        await expect(page.get_by_role("heading", level=1)).to_contain_text("Gjilan / Gnjilane")
        await expect(page.locator("#plan-status")).to_have_attribute("data-status", "draft")
        await page.screenshot(path=str(SHOTS / "plan.png"), full_page=True)

        await page.get_by_label("Approve").check()
        await page.get_by_label("Comment").fill("Adopted by the municipal working group.")
        await page.get_by_role("button", name="Send decision").click()
        # The page polls until planning has applied the decision, then shows it.
        await expect(page.locator("#plan-status")).to_have_attribute(
            "data-status", "approved", timeout=30_000
        )
        await expect(page.get_by_text("Adopted by the municipal working group.")).to_be_visible()
        await page.screenshot(path=str(SHOTS / "plan-approved.png"), full_page=True)

        await page.get_by_role("link", name="Shqip").click()
        await expect(page.locator("#plan-status")).to_have_text("miratuar")
        await page.get_by_role("link", name="Radha e shqyrtimit").click()
        await expect(page.get_by_role("heading", name="Radha e shqyrtimit")).to_be_visible()
        await page.get_by_role("button", name="Dilni").click()  # sign out
        await expect(page).to_have_url(f"{base}/signin")
        await page.goto(f"{base}/ui")
        await expect(page).to_have_url(f"{base}/signin?next=/ui")
        await browser.close()
    assert blocked == []

    final = (await reporting.get("/plans/gjilan")).json()
    assert final["status"] == "approved"
    assert final["version"] == version
    assert (await asyncio.to_thread((SHOTS / "overview.png").stat)).st_size > 10_000
