"""Issue 10, finding 9: free text stays text in the Markdown export, and no request value
reaches an inline script. (The CSV field over 140,000 characters is in
test_bounded_intake.py.)"""

import asyncio
import re
from uuid import uuid4

import httpx
from markdown_it import MarkdownIt

from tests.factories import submission

SCHOOL = "<svg onload=alert(1)> [SHFMU](javascript:alert(2)) | Pavarësia"


async def plan_with_hostile_school(intake: httpx.AsyncClient, reporting: httpx.AsyncClient) -> None:
    body = submission(municipality="malisheve", school={"name": SCHOOL, "level": "primary"})
    assert (await intake.post("/consultations", json=body)).status_code == 201
    for _ in range(120):
        plan = await reporting.get("/plans/malisheve")
        if plan.status_code == 200 and plan.json()["consultation_count"] >= 1:
            return
        await asyncio.sleep(0.25)
    raise AssertionError("no plan for malisheve")


async def test_markdown_export_escapes_free_text(
    intake: httpx.AsyncClient, reporting: httpx.AsyncClient
) -> None:
    await plan_with_hostile_school(intake, reporting)
    export = await reporting.get("/plans/malisheve/export.md")
    assert export.status_code == 200
    text = export.text
    assert "&lt;svg onload=alert(1)&gt;" in text  # the name is there, as text
    assert "<svg" not in text
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    assert "<svg" not in html
    assert 'href="javascript:' not in html
    assert "&lt;svg onload=alert(1)&gt;" in html


async def test_the_sent_parameter_never_reaches_an_inline_script(
    intake: httpx.AsyncClient, reporting: httpx.AsyncClient
) -> None:
    await plan_with_hostile_school(intake, reporting)
    for sent in (str(uuid4()), '"-alert(1)-"', "</script><script>alert(1)</script>"):
        page = await reporting.get("/ui/plans/malisheve", params={"sent": sent, "was": "draft"})
        assert page.status_code == 200, page.text
        inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", page.text, re.S)
        assert all(sent not in s and "alert(1)" not in s for s in inline), inline
        assert "<script>alert(1)" not in page.text
    # A genuine review id is still handed to the poller, as data.
    review_id = str(uuid4())
    page = await reporting.get("/ui/plans/malisheve", params={"sent": review_id})
    assert f'data-sent="{review_id}"' in page.text
