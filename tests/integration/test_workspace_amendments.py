"""The workspace's amendment forms on the real stack: a refused form gets a 4xx page with
the specific reason and publishes nothing; a good one is applied by planning."""

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from dmap.stack.services import ServiceProcesses
from dmap.tokens import create_token
from services.reporting.handlers.web import csrf_of
from services.reporting.i18n.content import category as category_label
from services.runtime.auth.roles import Role
from services.runtime.settings import Settings
from tests.e2e.working_group import actions, client, consult, detail_when

M = "gracanice"


@pytest.fixture
async def browser(running_services: ServiceProcesses) -> AsyncIterator[httpx.AsyncClient]:
    """A browser without credentials (cookies kept, redirects not followed)."""
    url = running_services.settings.service_url("reporting")
    async with httpx.AsyncClient(base_url=url, timeout=30) as c:
        yield c


async def signed_in(c: httpx.AsyncClient, token: str) -> str:
    """Signs in and returns the CSRF token of the plan page's forms."""
    assert (await c.post("/signin", data={"token": token, "next": "/ui"})).status_code == 303
    page = await c.get(f"/ui/plans/{M}")
    assert page.status_code == 200, page.text[:300]
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
    # A viewer offered no form gets none: its session's token still exists.
    return found.group(1) if found else csrf_of(c.cookies["dmap_session"])


async def test_amendment_forms_refuse_with_a_reason_and_apply_good_ones(
    settings: Settings, intake: httpx.AsyncClient, browser: httpx.AsyncClient
) -> None:
    _, planner = await create_token(settings, "Arta, DKA Istog", Role.PLANNER, municipalities=[M])
    _, other = await create_token(settings, "DKA Junik", Role.PLANNER, municipalities=["junik"])
    for group in ("teacher", "parent", "student"):
        await consult(
            intake,
            M,
            [{"category": "poverty", "description": "Nuk kanë libra.", "severity": "high"}],
            stakeholder_group=group,
        )
    async with client(settings, planner) as api:
        d = await detail_when(api, M, lambda d: d["plan"]["consultation_count"] == 3)
        first = next(iter(actions(d["draft"]["plan"])))
        csrf = await signed_in(browser, planner)
        page = (await browser.get(f"/ui/plans/{M}")).text
        assert f'action="/ui/plans/{M}/amend/edit_action"' in page
        assert "Submit this draft" in page  # the planner's decision; no approval offered
        assert "Approve and adopt" not in page
        base = {"csrf": csrf, "version": d["draft"]["version"], "reason": "Workshop."}
        base["revision"] = d["draft"]["revision"]
        url = f"/ui/plans/{M}/amend/edit_action"

        unknown = await browser.post(url, data={**base, "action_id": "XX-9", "cost_eur": "10"})
        assert unknown.status_code == 422
        assert "no action XX-9 in the working draft" in unknown.text
        backwards = {**base, "action_id": first, "start_month": "2027-06", "end_month": "2027-01"}
        late = await browser.post(url, data=backwards)
        assert late.status_code == 422
        assert "end_month is before start_month" in late.text
        forged = await browser.post(url, data={**base, "csrf": "0" * 32, "action_id": first})
        assert forged.status_code == 403
        stale = await browser.post(
            url, data={**base, "revision": 999, "action_id": first, "cost_eur": "5"}
        )
        assert stale.status_code == 409
        assert "the draft changed since revision 999" in stale.text

        async with httpx.AsyncClient(base_url=browser.base_url, timeout=30) as junik:
            junik_csrf = await signed_in(junik, other)
            assert f"/ui/plans/{M}/amend/" not in (await junik.get(f"/ui/plans/{M}")).text
            elsewhere = await junik.post(
                url, data={**base, "csrf": junik_csrf, "action_id": first, "cost_eur": "5"}
            )
        assert elsewhere.status_code == 403
        assert "acts for junik, not gracanice" in elsewhere.text
        assert (await api.get(f"/plans/{M}/amendments")).json()["amendments"] == []

        good = await browser.post(
            url,
            data={
                **base,
                "action_id": first,
                "cost_eur": "1250.50",
                "focal_point": "Zyrtari për arsim gjithëpërfshirës",
                "partners": "Shkolla, Qendra për Punë Sociale",
                "start_month": "2027-01",
                "end_month": "2027-05",
            },
        )
        assert good.status_code == 303, good.text[:500]
        assert "sent=" in good.headers["location"]
        d = await detail_when(
            api, M, lambda d: actions(d["draft"]["plan"])[first].get("cost_eur") == 1250.5
        )
        edited = actions(d["draft"]["plan"])[first]
        assert edited["focal_point"] == "Zyrtari për arsim gjithëpërfshirës"
        assert edited["start_month"] == "2027-01"
        sent = d["amendments"]
        assert len(sent) == 1
        assert sent[0]["outcome"] == "applied"

        narrative = await browser.post(
            f"/ui/plans/{M}/amend/edit_narrative",
            data={**base, "revision": d["draft"]["revision"], "text": "Grupi punues komunal."},
        )
        assert narrative.status_code == 303
        d = await detail_when(api, M, lambda d: d["draft"]["plan"].get("narrative") is not None)
        shown = (await browser.get(f"/ui/plans/{M}?lang=sq")).text
        assert "Grupi punues komunal." in shown
        assert "Arsyetimi" in shown
        assert "Çkyçu" in shown

        # Withdrawing the cost edit through its form: the engine's proposal applies again.
        cost_edit = sent[0]["amendment_id"]
        page = (await browser.get(f"/ui/plans/{M}")).text
        assert f'name="amendment_id" value="{cost_edit}"' in page
        withdraw = {**base, "revision": d["draft"]["revision"], "amendment_id": cost_edit}
        out = await browser.post(f"/ui/plans/{M}/amend/withdraw", data=withdraw)
        assert out.status_code == 303, out.text[:500]
        d = await detail_when(
            api, M, lambda d: actions(d["draft"]["plan"])[first].get("cost_eur") != 1250.5
        )
        assert actions(d["draft"]["plan"])[first].get("focal_point") != edited["focal_point"]
        page = (await browser.get(f"/ui/plans/{M}")).text
        assert f'name="amendment_id" value="{cost_edit}"' not in page


async def test_changes_requested_through_the_form_open_a_checklist_the_planner_answers(
    settings: Settings, intake: httpx.AsyncClient, browser: httpx.AsyncClient
) -> None:
    m = "gracanice"
    _, planner = await create_token(settings, "Besa, DKA Istog", Role.PLANNER, municipalities=[m])
    _, director = await create_token(settings, "Dir Istog", Role.APPROVER, municipalities=[m])
    # Its own consultation makes it stand alone; submit only once the draft has it.
    async with client(settings, planner) as api:
        found = await api.get(f"/plans/{m}")
        before = found.json()["consultation_count"] if found.status_code == 200 else 0
        issue = {"category": "absenteeism", "description": "Mungesa.", "severity": "high"}
        await consult(intake, m, [issue], stakeholder_group="school_manager")
        d = await detail_when(api, m, lambda d: d["consultation_count"] == before + 1)
        csrf = await signed_in(browser, planner)
        submit = {"csrf": csrf, "decision": "submit_for_review"}
        submit |= {"version": d["draft"]["version"], "revision": d["draft"]["revision"]}
        assert (await browser.post(f"/ui/plans/{m}/review", data=submit)).status_code == 303
        d = await detail_when(api, m, lambda d: d["status"] == "in_review")
        async with httpx.AsyncClient(base_url=browser.base_url, timeout=30) as dir_browser:
            dir_csrf = await signed_in(dir_browser, director)
            page = (await dir_browser.get(f"/ui/plans/{m}")).text
            assert "Approve and adopt" in page
            assert "Submit this draft" not in page
            undated = {"csrf": dir_csrf, "decision": "approve", "version": d["version"]}
            refused = await dir_browser.post(f"/ui/plans/{m}/review", data=undated)
            assert refused.status_code == 422
            assert "decision number, date and signatories" in refused.text
            category = d["plan"]["priorities"][0]["category"]
            back = {
                "csrf": dir_csrf,
                "decision": "request_changes",
                "version": d["version"],
                "item_target_0": "plan",
                "item_text_0": "Shtoni numrin e fëmijëve jashtë shkollës.",
                "item_target_1": f"priority:{category}",
                "item_text_1": "Caku për komunitetet joshumicë.",
            }
            assert (await dir_browser.post(f"/ui/plans/{m}/review", data=back)).status_code == 303
        d = await detail_when(api, m, lambda d: len(d["checklist"]) == 2)
        page = (await browser.get(f"/ui/plans/{m}?lang=sq")).text
        assert "Caku për komunitetet joshumicë." in page
        assert "e hapur" in page
        found = re.search(r'aria-labelledby="checklist-h".*?</table>', page, re.S)
        assert found, "no checklist table"
        checklist = found.group(0)  # its targets in Albanian, not as codes
        assert f"<td>{category_label(category, 'sq')}</td>" in checklist
        assert "<td>i gjithë plani</td>" in checklist
        assert "priority:" not in checklist
        item = d["checklist"][1]["item_id"]
        reply = {"csrf": csrf, "item_id": item, "text": "EMIS nuk e ndan sipas komuniteteve."}
        reply |= {"reason": "Grupi punues.", "version": d["draft"]["version"]}
        reply["revision"] = d["draft"]["revision"]
        assert (await browser.post(f"/ui/plans/{m}/amend/reply", data=reply)).status_code == 303
        d = await detail_when(api, m, lambda d: any(i["state"] == "closed" for i in d["checklist"]))
        assert next(i for i in d["checklist"] if i["item_id"] == item)["reply"]
