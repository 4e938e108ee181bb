"""Municipal statistics posted to intake become the baselines and targets of the plan."""

import uuid
from typing import Any

import httpx

from services.runtime.settings import Settings
from tests.factories import submission
from tests.integration.conftest import bearer
from tests.integration.waiting import plan_when

M = "lipjan"  # test_intake_api submits one record here and reads nothing of the plan


def _statistics(dropped_out: int = 21) -> dict[str, Any]:
    # The same rate at every level, so the level the evidence points to does not matter.
    rows = [
        {
            "level": level,
            "gender": gender,
            "community": "albanian",
            "enrolled": 500,
            "dropped_out": dropped_out // 2 if gender == "male" else dropped_out - dropped_out // 2,
            "not_enrolled": 3,
        }
        for level in ("primary", "lower_secondary", "upper_secondary")
        for gender in ("female", "male")
    ]
    return {
        "municipality": M,
        "school_year": "2025-2026",
        "source": "EMIS",
        "recorded_on": "2026-10-01",
        "rows": rows,
    }


def _estimates(plan: dict[str, Any]) -> float:
    return sum(a["cost_eur"] or 0 for p in plan["plan"]["priorities"] for a in p["actions"])


async def test_statistics_give_the_plan_its_baselines_and_targets(
    settings: Settings,
    intake: httpx.AsyncClient,
    reporting: httpx.AsyncClient,
    tokens: dict[str, str],
) -> None:
    first = submission(municipality=M)
    assert (await intake.post("/consultations", json=first)).status_code == 201
    plan = await plan_when(
        reporting,
        M,
        lambda p: first["consultation_id"] in p["plan"]["priorities"][0]["consultation_ids"],
    )
    before = plan["plan"]["priorities"][0]
    assert before["outcome"]["baseline_value"] is None
    assert "To be measured" in before["objective"]["en"]
    assert all(a["start_month"] >= "2026-11" for a in before["actions"])
    cost_before = _estimates(plan)
    assert cost_before > 0

    planner = httpx.AsyncClient(
        base_url=settings.service_url("consultations"),
        timeout=30,
        headers=bearer(tokens["planner"]),
    )
    async with planner:
        key = {"Idempotency-Key": f"stats-{uuid.uuid4()}"}
        created = await planner.post("/statistics", json=_statistics(), headers=key)
        assert created.status_code == 201, created.text
        assert created.json()["status"] == "accepted"
        retry = await planner.post("/statistics", json=_statistics(), headers=key)
        assert (retry.status_code, retry.json()) == (201, created.json())
        again = await planner.post("/statistics", json=_statistics())
        assert again.status_code == 200
        assert again.json()["status"] == "already_accepted"
        clash = await planner.post("/statistics", json=_statistics(dropped_out=30))
        assert clash.status_code == 409
        assert clash.json()["errors"][0]["field"] == "recorded_on"
        reused = await planner.post("/statistics", json=_statistics(dropped_out=30), headers=key)
        assert reused.status_code == 409
        bad = _statistics()
        bad["rows"][0]["dropped_out"] = 900
        refused = await planner.post("/statistics", json=bad)
        assert refused.status_code == 422
        assert refused.json()["errors"] == [
            {"field": "rows.0.dropped_out", "reason": "more than enrolled"}
        ]
        # A consultant may not record statistics.
        assert (await intake.post("/statistics", json=_statistics())).status_code == 403

        sheet = (
            "municipality,school_year,source,recorded_on,level,gender,community,enrolled,"
            "dropped_out,not_enrolled\n"
            f"{M},2024-2025,MED records,2025-09-30,primary,female,roma,40,3,5\n"
            f"{M},2024-2025,MED records,2025-09-30,primary,male,roma,44,4,6\n"
            f"{M},2024-2025,EMIS,2025-10-02,primary,male,roma,44,50,6\n"
        )
        files = {"file": ("statistics.csv", sheet.encode(), "text/csv")}
        report = (await planner.post("/statistics/import", files=files)).json()
        assert report["rows"] == 3
        assert report["accepted"] == 1
        assert report["rejected"] == 1
        assert report["errors"] == [
            {"row": 4, "column": "dropped_out", "reason": "more than enrolled"}
        ]

    plan = await plan_when(
        reporting, M, lambda p: p["plan"]["priorities"][0]["outcome"]["baseline_value"] is not None
    )
    outcome = plan["plan"]["priorities"][0]["outcome"]
    assert outcome["baseline_value"] == 2.1
    assert outcome["baseline_period"] == "2025-2026"  # the latest year, not the imported 2024-25
    # Drafted in October, November left to adopt it: the actions run 7 teaching months,
    # measured on all pupils, a 10.5% cut (said "10%").
    assert outcome["target_value"] == 1.9
    assert outcome["target_date"] == "2027-06-30"
    assert plan["plan"]["statistics"]["source"] == "EMIS"
    md = (await reporting.get(f"/plans/{M}/export.md?lang=en")).text
    assert "from 2.1% to 1.9% by June 2027, a relative cut of 10%" in md
    assert "2.1% (EMIS, 2025-2026)" in md
    assert "## 4. Budget" in md
    sq = (await reporting.get(f"/plans/{M}/export.md?lang=sq")).text
    assert "2,1% (SMIA, 2025-2026)" in sq

    # The budget follows the evidence: more affected pupils, a larger estimate.
    second = submission(municipality=M, consultation_date="2026-10-14")
    assert (await intake.post("/consultations", json=second)).status_code == 201
    plan = await plan_when(reporting, M, lambda p: _estimates(p) > cost_before)
    assert _estimates(plan) > cost_before
