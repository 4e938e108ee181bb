"""Every issued version of a plan stays readable and exportable, whatever the draft does."""

import httpx

from tests.factories import submission
from tests.integration.waiting import plan_when

M = "vushtrri"


async def test_an_issued_version_is_served_as_it_was_issued(
    intake: httpx.AsyncClient, reporting: httpx.AsyncClient
) -> None:
    assert (await intake.post("/consultations", json=submission(municipality=M))).status_code == 201
    draft = await plan_when(reporting, M, lambda p: p["plan"]["consultation_count"] == 1)
    assert (draft["version"], draft["revision"], draft["history"]) == (1, 1, [])
    sent = await reporting.post(
        f"/plans/{M}/reviews",
        json={"decision": "submit_for_review", "version": 1, "revision": draft["revision"]},
    )
    assert sent.status_code == 202, sent.text
    await plan_when(reporting, M, lambda p: p["status"] == "in_review")
    second = submission(municipality=M, stakeholder_group="parent")
    assert (await intake.post("/consultations", json=second)).status_code == 201
    latest = await plan_when(reporting, M, lambda p: p["draft"]["plan"]["consultation_count"] == 2)
    # The version in review is the plan of record; the draft moved on beside it.
    assert latest["plan"]["consultation_count"] == 1
    assert latest["version"] == 1
    assert latest["draft"]["version"] == 2

    first = (await reporting.get(f"/plans/{M}/versions/1")).json()
    assert (first["version"], first["latest_version"]) == (1, 2)
    assert first["plan"]["consultation_count"] == 1
    assert first["plan"]["issued"]["from_revision"] == 1

    as_json = await reporting.get(f"/plans/{M}/versions/1/export.json")
    assert as_json.json()["version"] == 1
    assert "v1" in as_json.headers["content-disposition"]
    md = await reporting.get(f"/plans/{M}/versions/1/export.md", params={"lang": "sq"})
    assert md.status_code == 200
    assert md.text.startswith("# ")
    docx = await reporting.get(f"/plans/{M}/versions/1/export.docx")
    assert docx.status_code == 200
    draft_docx = await reporting.get(f"/plans/{M}/draft/export.docx")
    assert "v2" in draft_docx.headers["content-disposition"]

    missing = await reporting.get(f"/plans/{M}/versions/2")  # the draft is not issued yet
    assert missing.status_code == 404
    assert "no version 2" in missing.json()["detail"]
    assert (await reporting.get(f"/plans/{M}/versions/0")).status_code == 422
    assert (await reporting.get("/plans/atlantis/versions/1")).status_code == 404
