"""A school team in headless Chromium: signs in, lands on its plan's follow-up page,
sends its monthly report through the form (a bad count first, named on its field), and
sees the month and the action's new status on the follow-up page.

Screenshots are saved under artifacts/screenshots/ (follow-up-*.png, report-form-*.png).
"""

import asyncio
import time
import uuid

import httpx
from playwright.async_api import Page, async_playwright, expect

from dmap.stack.services import ServiceProcesses
from dmap.tokens import create_token
from services.runtime.auth.roles import Role
from tests.e2e.test_browser import ARGS, CHROMIUM, HAVE_CHROMIUM, SHOTS
from tests.e2e.working_group import adopt, client, people

M = "lipjan"
PLAN_ID = f"{M}:2026-2027"
SCHOOL = "SHFMU Vëllezërit Frashëri"
EVIDENCE = "Eleven families of flagged pupils visited by the prevention team."
AB1 = {
    "kind": "edit_action",
    "action_id": "AB-1",
    "fields": {
        "focal_point": "Prevention-team coordinator, SHFMU Vëllezërit Frashëri",
        "cost_eur": 1800,
        "baseline_value": 40.0,
        "baseline_date": "2026-09-30",
        "target_value": 90.0,
        "target_unit": "%",
        "target_date": "2027-06-30",
    },
}


def _measurement(period: str, value: float) -> dict[str, object]:
    return {
        "indicator_ref": "AB-1",
        "period": period,
        "value": value,
        "unit": "%",
        "entered_by": "MED focal officer",
        "verified_by": "MED statistics officer",
        "source": "EWS",
    }


async def _shown_after_reloads(page: Page, selector: str, text: str, timeout_s: float) -> None:
    """The follow-up page is rendered from the projection: reload until it has caught up."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = page.locator(selector)
        if await found.count() and text in await found.inner_text():
            return
        await asyncio.sleep(0.5)
        await page.reload()
    raise AssertionError(f"{text!r} not in {selector} after {timeout_s}s")


async def test_a_school_team_sends_its_month_and_sees_it_followed(
    running_services: ServiceProcesses, intake: httpx.AsyncClient
) -> None:
    assert HAVE_CHROMIUM, "install Debian's chromium (deploy/install-browser.sh)"
    settings = running_services.settings
    who = await people(settings, M)
    _, school_token = await create_token(
        settings,
        "Prevention team, SHFMU Vëllezërit Frashëri",
        Role.SCHOOL_TEAM,
        municipalities=[M],
        school=SCHOOL,
    )
    async with (
        client(settings, who["planner"]) as planner,
        client(settings, who["director"]) as director,
        httpx.AsyncClient(
            base_url=settings.service_url("monitoring"),
            headers={"authorization": f"Bearer {who['planner']}"},
            timeout=30,
        ) as med,
    ):
        await adopt(intake, planner, director, M, (AB1,))
        # Reporting shows the adoption first; monitoring follows it from plans.v1 a moment
        # later, and refuses reports on a plan it does not follow yet.
        deadline = time.monotonic() + 60
        while (await med.get(f"/plans/{M}/tracking")).status_code != 200:
            assert time.monotonic() < deadline, "monitoring never followed the adopted plan"
            await asyncio.sleep(0.5)
        # The MED's first quarter, late, with two measurements of AB-1's indicator.
        q1 = {
            "kind": "med_quarterly",
            "report_id": str(uuid.uuid4()),
            "plan_id": PLAN_ID,
            "municipality": M,
            "reporter": "MED focal officer",
            "submitted_at": "2026-12-18T09:00:00Z",
            "cycle": "2026-2027",
            "quarter": "Q1",
            "actions": [{"action_id": "AB-1", "status": "delayed", "evidence": "Visits began."}],
            "measurements": [_measurement("2026-10", 44.0), _measurement("2026-11", 46.0)],
        }
        sent = await med.post("/progress", json=q1)
        assert sent.status_code == 201, sent.text
    base = settings.service_url("reporting")
    await asyncio.to_thread(SHOTS.mkdir, parents=True, exist_ok=True)

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        blocked: list[str] = []
        page.on(
            "console", lambda m: blocked.append(m.text) if "Security Policy" in m.text else None
        )
        await page.goto(f"{base}/signin")
        await page.get_by_label("Planner token").fill(school_token)
        await page.get_by_role("button", name="Sign in").click()
        follow_up = f"{base}/ui/plans/{M}/follow-up"
        await expect(page).to_have_url(follow_up)
        await _shown_after_reloads(page, "#med-reports", "late", 30)  # 18 Dec, due by the 15th
        await expect(page.locator("#indicator-AB-1")).to_have_attribute("data-on-track", "off")
        await expect(page.locator("#indicator-AB-1 circle")).to_have_count(2)
        await expect(page.locator("#tracked-AB-1")).to_have_attribute("data-status", "delayed")
        await page.screenshot(path=str(SHOTS / "follow-up-before.png"), full_page=True)

        await page.get_by_role("link", name="Monthly report of the school team").click()
        await expect(page.get_by_role("heading", level=1)).to_contain_text(SCHOOL)
        await page.get_by_label("Month reported").select_option("2026-12")
        counts = {
            "Pupils flagged by the early-warning system": "11",
            "Home visits": "11",
            "Referrals to the Centre for Social Work": "2",
            "Pupils back in school": "3",
            "Pupils who dropped out": "-1",  # refused: named on its field
            "Children found not enrolled": "1",
        }
        for label, value in counts.items():
            await page.get_by_label(label).fill(value)
        action = page.locator("#report-action-AB-1")
        await action.get_by_label("Status").select_option("on_track")
        await action.get_by_label("Evidence").fill(EVIDENCE)
        await action.get_by_label("Spent this month (EUR)").fill("240")
        await page.get_by_role("button", name="Send the report").click()
        await expect(page.locator("#form-refused")).to_be_visible()
        await expect(page.locator("#error-dropouts")).to_have_text("a whole number, 0 or more")
        await expect(page.get_by_label("Pupils who dropped out")).to_have_attribute(
            "aria-invalid", "true"
        )
        await expect(page.get_by_label("Home visits")).to_have_value("11")  # the rest kept
        await page.screenshot(path=str(SHOTS / "report-form-errors.png"), full_page=True)

        await page.get_by_label("Pupils who dropped out").fill("0")
        await page.get_by_role("button", name="Send the report").click()
        await expect(page.locator("#reported-note")).to_be_visible()
        assert page.url.startswith(f"{follow_up}?reported=")
        await _shown_after_reloads(page, "#school-months", SCHOOL, 30)
        await _shown_after_reloads(page, "#tracked-AB-1", EVIDENCE, 30)
        await expect(page.locator("#tracked-AB-1")).to_have_attribute("data-status", "on_track")
        # Sent today for December, before its deadline (the 5th of January): on time.
        december = page.locator(f'tr[data-school="{SCHOOL}"] td[data-period="2026-12"]')
        await expect(december).to_have_attribute("data-state", "on_time")
        await page.screenshot(path=str(SHOTS / "follow-up-after.png"), full_page=True)

        await page.get_by_role("link", name="Shqip").click()
        await expect(page.get_by_role("heading", name="Veprimet e ndjekura")).to_be_visible()
        await page.screenshot(path=str(SHOTS / "follow-up-sq.png"), full_page=True)
        await page.get_by_role("link", name="Српски").click()
        await expect(page.get_by_role("heading", name="Праћене активности")).to_be_visible()
        await page.screenshot(path=str(SHOTS / "follow-up-sr-cyrl.png"), full_page=True)
        await browser.close()
    assert blocked == []
