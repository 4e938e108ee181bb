"""On the real stack: the issues the classifier cannot place reach the working group with
their text (API and plan page), a planner files one under a category through the page's
form, and a participant's recommendation becomes a locally agreed action."""

import asyncio
import html
import re
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from dmap.stack.services import ServiceProcesses
from dmap.tokens import create_token
from services.runtime.auth.roles import Role
from services.runtime.settings import Settings
from tests.e2e.working_group import actions, client, consult, detail_when

M = "gjilan"  # no other integration or e2e test submits to it
MEETING = "Takimi u mbajt në sallën e mësuesve."  # fits no category
INTRODUCED = "Pjesëmarrësit u prezantuan njëri me tjetrin."
FARMS = "Disa nxënës punojnë në bujqësi gjatë vjeshtës."  # the rules: child labour
ADVICE = "Ndërmjetës arsimorë për familjet e varfra në çdo shkollë."


@pytest.fixture
async def browser(running_services: ServiceProcesses) -> AsyncIterator[httpx.AsyncClient]:
    url = running_services.settings.service_url("reporting")
    async with httpx.AsyncClient(base_url=url, timeout=30) as c:
        yield c


def _section(page: str, section_id: str) -> str:
    found = re.search(rf'<section class="triage" id="{section_id}".*?</section>', page, re.S)
    assert found, f"no section {section_id} on the page"
    return html.unescape(found.group(0))


def _text(fragment: str) -> str:
    """What a reader sees of a fragment: its text, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


async def listed_when(api: httpx.AsyncClient, ready: Any, timeout_s: float = 45) -> Any:
    """Both lists a planner decides on, once `ready` holds for each."""
    deadline = time.monotonic() + timeout_s
    last: dict[str, Any] = {}
    while time.monotonic() < deadline:
        last = {}
        for state in ("unclassified", "needs_human"):
            resp = await api.get(f"/plans/{M}/evidence/{state}")
            assert resp.status_code == 200, resp.text
            if resp.json()["issues"]:
                last[state] = resp.json()
        if last and all(ready(b) for b in last.values()):
            return last
        await asyncio.sleep(0.3)
    raise AssertionError(f"issue lists not ready in {timeout_s}s; last: {last}")


def _undecided(d: dict) -> int:
    """Issues in the draft that count nowhere until a planner decides."""
    plan = d["draft"]["plan"]
    return sum((plan.get(k) or {}).get("issue_count", 0) for k in ("unclassified", "needs_human"))


async def test_unclassified_issues_are_listed_with_text_and_can_be_filed_from_the_page(
    settings: Settings, intake: httpx.AsyncClient, browser: httpx.AsyncClient
) -> None:
    _, planner = await create_token(settings, "Drita, DKA Gjilan", Role.PLANNER, municipalities=[M])
    _, reader = await create_token(settings, "MASHTI reader", Role.REVIEWER)
    poverty = {"category": "poverty", "description": "Nuk kanë libra.", "severity": "high"}
    first = await consult(
        intake,
        M,
        [poverty, {"description": MEETING, "severity": "low"}],
        stakeholder_group="teacher",
        consultation_date="2026-10-05",
        recommendations=[ADVICE],
    )
    second = await consult(
        intake,
        M,
        [{"description": INTRODUCED, "severity": "medium"}, {"description": FARMS}],
        stakeholder_group="parent",
        consultation_date="2026-10-07",
        recommendations=[],
    )
    async with client(settings, planner) as api:
        d = await detail_when(api, M, lambda d: d["consultation_count"] == 2 and _undecided(d) == 2)
        # Each vague text is unclassified, or doubted by the model (it needs a human):
        # either way it is listed with its text and counts in no category.
        lists = await listed_when(api, lambda b: all(i["description"] for i in b["issues"]))
        assert {b["state"] for b in lists.values()} <= {"unclassified", "needs_human"}
        got = {
            (i["consultation_id"], i["issue_index"]): (state, i)
            for state, b in lists.items()
            for i in b["issues"]
        }
        assert set(got) == {(first, 1), (second, 0)}
        meeting_state, meeting = got[(first, 1)]
        assert meeting["description"] == MEETING
        assert meeting["stakeholder_group"] == "teacher"
        assert meeting["consultation_date"] == "2026-10-05"
        assert meeting["severity"] == "low"
        introduced_state, introduced = got[(second, 0)]
        assert introduced["description"] == INTRODUCED
        assert introduced["stakeholder_group"] == "parent"
        for state, issue in ((meeting_state, meeting), (introduced_state, introduced)):
            if state == "unclassified":
                assert issue["candidates"] == []
            else:  # the candidates say who suggested them and how sure
                assert issue["candidates"]
                doubts = issue["candidates"]
                assert all(c["by"] == "model" and c["confidence"] < 0.3 for c in doubts)
        assert (await api.get(f"/plans/{M}/evidence/career_guidance")).status_code == 404
        assert (await api.get(f"/plans/{M}/evidence/poverty")).status_code == 200
        drafted = await api.get(f"/plans/{M}/evidence/{meeting_state}?draft=true")
        assert drafted.json() == {**lists[meeting_state], "plan": "draft"}

        # The page, for a planner of Gjilan: both lists, the recommendation, provenance.
        assert (await browser.post("/signin", data={"token": planner})).status_code == 303
        page = (await browser.get(f"/ui/plans/{M}")).text
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
        assert csrf
        section = {"unclassified": "unclassified", "needs_human": "needs-human"}
        assert MEETING in _section(page, section[meeting_state])
        assert INTRODUCED in _section(page, section[introduced_state])
        counts = {s: [meeting_state, introduced_state].count(s) for s in section}
        assert f"Unclassified issues ({counts['unclassified']})" in _text(
            _section(page, "unclassified")
        )
        assert f"Needs a human ({counts['needs_human']})" in _text(_section(page, "needs-human"))
        assert f"/ui/plans/{M}/amend/recategorise_issue" in _section(page, section[meeting_state])
        recs = _section(page, "recommendations")
        assert ADVICE in recs
        assert f'action="/ui/plans/{M}/amend/add_action"' in recs
        assert "rules: punojnë · " in html.unescape(page)  # who placed FARMS (as written)
        albanian = (await browser.get(f"/ui/plans/{M}?lang=sq")).text
        assert f"Çështje të paklasifikuara ({counts['unclassified']})" in _text(
            _section(albanian, "unclassified")
        )
        assert "Rekomandimet e pjesëmarrësve" in albanian
        # The whole workspace in Serbian, Latin and Cyrillic script.
        serbian = (await browser.get(f"/ui/plans/{M}?lang=sr")).text
        assert "Preporuke učesnika" in serbian
        assert "Odjavite se" in serbian
        cyrillic = (await browser.get(f"/ui/plans/{M}?lang=sr-Cyrl")).text
        assert '<html lang="sr-Cyrl">' in cyrillic
        assert "Препоруке учесника" in cyrillic
        assert "Циљеви" in cyrillic  # the plan's own texts too
        assert "Смањење раног напуштања" in cyrillic
        assert f"/plans/{M}/export.pdf?lang=tr" in cyrillic  # the plan in the other languages
        assert "Одјавите се" in (await browser.get("/ui")).text  # the cookie keeps it
        # And in Turkish and Bosnian (ijekavian), the interface as the plan.
        turkish = (await browser.get(f"/ui/plans/{M}?lang=tr")).text
        assert '<html lang="tr">' in turkish
        assert "Katılımcıların önerileri" in turkish
        assert "İnsan kararı gereken konular" in turkish
        assert "Çıkış yap" in turkish
        bosnian = (await browser.get(f"/ui/plans/{M}?lang=bs")).text
        assert '<html lang="bs">' in bosnian
        assert "Pitanja o kojima odlučuje čovjek" in bosnian
        assert "Participants' recommendations" not in html.unescape(bosnian)

        # A reader who may not amend sees no lists to decide on.
        async with httpx.AsyncClient(base_url=browser.base_url, timeout=30) as other:
            assert (await other.post("/signin", data={"token": reader})).status_code == 303
            seen = (await other.get(f"/ui/plans/{M}")).text
            assert 'id="unclassified"' not in seen
            assert 'id="recommendations"' not in seen

        # The planner files the introductions under poverty, through the page's form.
        base = {"csrf": csrf.group(1), "version": d["draft"]["version"]}
        base["revision"] = d["draft"]["revision"]
        filed = await browser.post(
            f"/ui/plans/{M}/amend/recategorise_issue",
            data={
                **base,
                "consultation_id": second,
                "issue_index": 0,
                "category": "poverty",
                "reason": "Grupi punues: flitej për kostot.",
            },
        )
        assert filed.status_code == 303, filed.text[:500]
        d = await detail_when(api, M, lambda d: _undecided(d) == 1)
        left = (await api.get(f"/plans/{M}/evidence/{meeting_state}")).json()["issues"]
        assert [(i["consultation_id"], i["issue_index"]) for i in left] == [(first, 1)]
        poor = next(p for p in d["draft"]["plan"]["priorities"] if p["category"] == "poverty")
        assert poor["consultation_count"] == 2
        assert second in poor["consultation_ids"]
        page = (await browser.get(f"/ui/plans/{M}?lang=en")).text  # the language is kept
        assert MEETING in _section(page, section[meeting_state])
        assert INTRODUCED not in _section(page, "unclassified")
        assert INTRODUCED not in _section(page, "needs-human")

        # The recommendation becomes a local action under poverty, through its form.
        adopt = await browser.post(
            f"/ui/plans/{M}/amend/add_action",
            data={
                **base,
                "revision": d["draft"]["revision"],
                "category": "poverty",
                "label": ADVICE,
                "responsible": "DKA",
                "reason": "Rekomandim i mësuesve.",
            },
        )
        assert adopt.status_code == 303, adopt.text[:500]
        d = await detail_when(
            api,
            M,
            lambda d: any(a["label"]["sq"] == ADVICE for a in actions(d["draft"]["plan"]).values()),
        )
        local = next(a for a in actions(d["draft"]["plan"]).values() if a["label"]["sq"] == ADVICE)
        assert local["origin"] == "local"
        recs = _section((await browser.get(f"/ui/plans/{M}")).text, "recommendations")
        assert f"Added as action {local['action_id']}" in _text(recs)
