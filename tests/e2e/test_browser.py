"""The working group in headless Chromium: a planner signs in, edits an action's cost and
focal point through the form and submits the draft; another person, the MED's director,
approves it with the adoption record; the page shows the adopted version.

Screenshots are saved under artifacts/screenshots/.
"""

import asyncio
import shutil
from pathlib import Path

import httpx
from playwright.async_api import Page, async_playwright, expect

from dmap.stack.services import ServiceProcesses
from dmap.tokens import create_token
from services.runtime.auth.roles import Role
from tests.e2e.working_group import actions, detail_when
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
M = "prishtine"
FOCAL = "Zyrtarja për arsim gjithëpërfshirës, DKA"


async def sign_in(page: Page, base: str, token: str, then: str) -> None:
    await page.goto(f"{base}{then}")
    await expect(page).to_have_url(f"{base}/signin?next={then}")
    await page.get_by_label("Planner token").fill(token)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page).to_have_url(f"{base}{then}")


async def test_a_planner_amends_and_submits_and_the_director_adopts(
    running_services: ServiceProcesses,
    intake: httpx.AsyncClient,
    reporting: httpx.AsyncClient,
) -> None:
    assert HAVE_CHROMIUM, "install Debian's chromium (deploy/install-browser.sh)"
    settings = running_services.settings
    _, planner = await create_token(settings, "Arta, DKA planner", Role.PLANNER, municipalities=[M])
    _, director = await create_token(
        settings, "Drita, DKA director", Role.APPROVER, municipalities=[M]
    )
    for group in ("teacher", "student", "parent"):
        body = submission(municipality=M, stakeholder_group=group)
        assert (await intake.post("/consultations", json=body)).status_code == 201
    d = await detail_when(reporting, M, lambda d: d["consultation_count"] == 3)
    first = next(iter(actions(d["draft"]["plan"])))
    base = settings.service_url("reporting")
    await asyncio.to_thread(SHOTS.mkdir, parents=True, exist_ok=True)

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        blocked: list[str] = []  # what the Content-Security-Policy refused, if anything
        page.on(
            "console", lambda m: blocked.append(m.text) if "Security Policy" in m.text else None
        )
        await sign_in(page, base, planner, "/ui")
        await expect(page.get_by_role("heading", name="Overview")).to_be_visible()
        cookies = await page.context.cookies()
        assert not any(c["value"] == planner for c in cookies)
        session = next(c for c in cookies if c["name"] == "dmap_session")
        assert session["httpOnly"]
        assert session["sameSite"] == "Strict"
        await expect(page.get_by_role("row").filter(has_text="Prishtinë")).to_contain_text("draft")
        await page.screenshot(path=str(SHOTS / "overview.png"), full_page=True)

        await page.get_by_role("link", name="Prishtinë").click()
        await expect(page.get_by_role("heading", level=1)).to_contain_text("Prishtinë / Priština")
        await expect(page.locator("#plan-status")).to_have_attribute("data-status", "draft")
        await page.screenshot(path=str(SHOTS / "plan.png"), full_page=True)

        # The planner edits the first action through its folded form.
        action = page.locator(f"#draft-action-{first}")
        await action.locator("summary", has_text="Edit action").click()
        await action.get_by_label("Cost (EUR)").fill("1500")
        await action.get_by_label("Focal point").fill(FOCAL)
        await action.get_by_label("Reason").first.fill("Costed at the December workshop.")
        await action.get_by_role("button", name="Save").click()
        # The page polls until planning has applied the amendment, then shows it.
        await expect(page.locator("#outcome-note")).to_contain_text("applied", timeout=30_000)
        await expect(action.locator(".cost")).to_have_text("1500.00 EUR")
        await expect(action.locator(".focal")).to_have_text(FOCAL)
        await expect(page.locator("#amendments")).to_contain_text("Costed at the December")
        await page.screenshot(path=str(SHOTS / "plan-amended.png"), full_page=True)

        # Submitting is the only decision the planner is offered now.
        await expect(page.locator("#form-approve")).to_have_count(0)
        await page.get_by_role("button", name="Submit this draft").click()
        await expect(page.locator("#plan-status")).to_have_attribute(
            "data-status", "in_review", timeout=30_000
        )
        await page.get_by_role("button", name="Sign out").click()
        await expect(page).to_have_url(f"{base}/signin")

        # Another person, the director of this MED, approves with the adoption record.
        await sign_in(page, base, director, f"/ui/plans/{M}")
        await expect(page.locator("#plan-status")).to_have_attribute("data-status", "in_review")
        assert await page.locator(f"#draft-action-{first} form").count() == 0  # no amending
        await page.locator("summary", has_text="Approve").click()
        await page.get_by_label("Decision number").fill("01-016/2026-118")
        await page.get_by_label("Date of decision").fill("2026-11-20")
        await page.get_by_label("Signatories").fill(
            "Drejtori i DKA-së\nKryesuesi i grupit punues komunal"
        )
        await page.locator("#approve-comment").fill("Adopted by the municipal working group.")
        await page.get_by_role("button", name="Approve and adopt").click()
        await expect(page.locator("#plan-status")).to_have_attribute(
            "data-status", "approved", timeout=30_000
        )
        await expect(page.locator("#adoption-v1")).to_contain_text("01-016/2026-118")
        await expect(page.locator("#version-1")).to_contain_text("adopted")
        await expect(page.locator("#record-h")).to_contain_text("Adopted version v1")
        await expect(page.get_by_text("Adopted by the municipal working group.")).to_be_visible()
        await page.screenshot(path=str(SHOTS / "plan-approved.png"), full_page=True)

        await page.get_by_role("link", name="Shqip").click()
        await expect(page.locator("#plan-status")).to_have_text("miratuar")
        await expect(page.locator("#record-h")).to_contain_text("Versioni i miratuar")
        await page.screenshot(path=str(SHOTS / "plan-approved-sq.png"), full_page=True)
        await page.get_by_role("link", name="Radha e shqyrtimit").click()
        await expect(page.get_by_role("heading", name="Radha e shqyrtimit")).to_be_visible()
        await page.get_by_role("button", name="Çkyçu").click()  # sign out
        await expect(page).to_have_url(f"{base}/signin")
        await browser.close()
    assert blocked == []

    final = (await reporting.get(f"/plans/{M}")).json()
    assert final["status"] == "approved"
    assert final["adopted_version"] == 1
    assert final["plan"]["adoption"]["decision_number"] == "01-016/2026-118"
    assert actions(final["plan"])[first]["cost_eur"] == 1500
    assert (await asyncio.to_thread((SHOTS / "overview.png").stat)).st_size > 10_000
