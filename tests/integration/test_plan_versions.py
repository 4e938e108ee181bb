"""Every issued version of a plan stays readable and exportable (issue 11, first part)."""

import httpx

from tests.factories import submission
from tests.integration.waiting import plan_when

M = "vushtrri"


async def test_an_earlier_version_is_served_as_it_was_issued(
    intake: httpx.AsyncClient, reporting: httpx.AsyncClient
) -> None:
    assert (await intake.post("/consultations", json=submission(municipality=M))).status_code == 201
    await plan_when(reporting, M, lambda p: p["version"] == 1)
    second = submission(municipality=M, stakeholder_group="parent")
    assert (await intake.post("/consultations", json=second)).status_code == 201
    latest = await plan_when(reporting, M, lambda p: p["version"] == 2)
    assert latest["consultation_count"] == 2

    first = (await reporting.get(f"/plans/{M}/versions/1")).json()
    assert (first["version"], first["latest_version"]) == (1, 2)
    assert first["plan"]["consultation_count"] == 1
    assert first["plan"]["version"] == 1

    as_json = await reporting.get(f"/plans/{M}/versions/1/export.json")
    assert as_json.json()["version"] == 1
    assert "v1" in as_json.headers["content-disposition"]
    md = await reporting.get(f"/plans/{M}/versions/1/export.md", params={"lang": "sq"})
    assert md.status_code == 200
    assert md.text.startswith("# ")
    docx = await reporting.get(f"/plans/{M}/versions/2/export.docx")
    assert docx.status_code == 200
    assert "v2" in docx.headers["content-disposition"]

    missing = await reporting.get(f"/plans/{M}/versions/99")
    assert missing.status_code == 404
    assert "no version 99 (latest: 2)" in missing.json()["detail"]
    assert (await reporting.get(f"/plans/{M}/versions/0")).status_code == 422
    assert (await reporting.get("/plans/atlantis/versions/1")).status_code == 404
