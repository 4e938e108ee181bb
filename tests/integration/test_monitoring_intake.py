"""Reports into monitoring on the real stack: the reporting roles, every bad input of
issue 14 with its exact answer, redaction, outcomes, the XLSForm webhook and the
spreadsheet import (issue 14, "Bad input"; docs/monitoring.md).

Kaçanik's plan is adopted here (its consultations elsewhere in this tier only
check intake's records). Monitoring's clock is 2027-09-15 (conftest).
"""

import asyncio
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
from pyxform.xls2xform import convert

from dmap.tokens import create_token
from schemas.progress import SchoolCounts, SchoolMonthlyReport
from services.monitoring.domain import spreadsheet, xlsform
from services.monitoring.store.following import PostgresFollowing
from services.runtime.auth.roles import Role
from services.runtime.database import create_pool
from services.runtime.settings import Settings
from tests.e2e.working_group import ADOPTION, client, consult, decide, detail_when, people

M = "kacanik"
PLAN_ID = f"{M}:2026-2027"
SCHOOL = "SHFMU Emin Duraku"


def _monitoring(settings: Settings, token: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=settings.service_url("monitoring"),
        timeout=30,
        headers={"authorization": f"Bearer {token}"},
    )


async def _get_when(
    api: httpx.AsyncClient, path: str, ready: Callable[[dict[str, Any]], bool]
) -> dict[str, Any]:
    deadline, last = time.monotonic() + 45, {}
    while time.monotonic() < deadline:
        resp = await api.get(path)
        if resp.status_code == 200:
            last = resp.json()
            if ready(last):
                return last
        await asyncio.sleep(0.3)
    raise AssertionError(f"{path}: not ready; last: {last}")


COUNTS = {
    "ews_flagged": 6,
    "home_visits": 4,
    "csw_referrals": 1,
    "returns_to_school": 2,
    "dropouts": 0,
    "non_enrolled_identified": 1,
}


def _school(**overrides: Any) -> dict[str, Any]:
    body = {
        "kind": "school_monthly",
        "report_id": str(uuid.uuid4()),
        "plan_id": PLAN_ID,
        "municipality": M,
        "reporter": "Prevention team",
        "submitted_at": "2026-12-03T10:00:00Z",
        "school": SCHOOL,
        "month": "2026-11",
        "counts": COUNTS,
    }
    return body | overrides


def _med(actions: list[dict[str, Any]], **overrides: Any) -> dict[str, Any]:
    body = {
        "kind": "med_quarterly",
        "report_id": str(uuid.uuid4()),
        "plan_id": PLAN_ID,
        "municipality": M,
        "reporter": "MED focal officer",
        "submitted_at": "2026-12-12T10:00:00Z",
        "cycle": "2026-2027",
        "quarter": "Q1",
        "actions": actions,
    }
    return body | overrides


def _partner(**overrides: Any) -> dict[str, Any]:
    body = {
        "kind": "partner_quarterly",
        "report_id": str(uuid.uuid4()),
        "plan_id": PLAN_ID,
        "municipality": M,
        "reporter": "QPS Kaçanik",
        "submitted_at": "2026-12-10T09:00:00Z",
        "partner": "csw",
        "cycle": "2026-2027",
        "quarter": "Q1",
        "referrals_received": 11,
        "referrals_assessed": 9,
        "referrals_closed": 4,
    }
    return body | overrides


def _errors(resp: httpx.Response) -> list[tuple[str, str]]:
    return [(e["field"], e["reason"]) for e in resp.json()["errors"]]


async def _adopt(settings: Settings, who: dict[str, str], intake: httpx.AsyncClient) -> None:
    issue = {"category": "poverty", "description": "Familjet s'kanë para.", "severity": "high"}
    for group in ("teacher", "parent", "student"):
        await consult(intake, M, [issue | {"affected_students": 9}], stakeholder_group=group)
    async with client(settings, who["planner"]) as arta, client(settings, who["director"]) as d:
        await detail_when(arta, M, lambda x: x["plan"]["consultation_count"] >= 3)
        for _ in range(5):  # a revision that lands meanwhile makes a submission stale
            rev = (await detail_when(arta, M, lambda x: True))["draft"]["revision"]
            out = await decide(arta, M, "submit_for_review", 1, revision=rev)
            if out["outcome"] == "applied":
                break
            await asyncio.sleep(1)
        assert out["outcome"] == "applied", out
        await detail_when(arta, M, lambda x: x["status"] == "in_review")
        out = await decide(d, M, "approve", 1, adoption=ADOPTION)
        assert out["outcome"] == "applied", out


async def test_reports_by_role_and_every_bad_input_get_their_exact_answer(
    settings: Settings, intake: httpx.AsyncClient
) -> None:
    who = await people(settings, M)
    tokens = {
        "school": (SCHOOL, None, Role.SCHOOL_TEAM),
        "other_school": ("SHFMU Tjetër", None, Role.SCHOOL_TEAM),
        "med": (None, None, Role.MED_FOCAL),
        "csw": (None, "csw", Role.PARTNER),
    }
    secrets = {}
    for name, (school, organisation, role) in tokens.items():
        _, secrets[name] = await create_token(
            settings, f"{M} {name}", role, None, [M], school, organisation
        )
    med = _monitoring(settings, secrets["med"])
    school = _monitoring(settings, secrets["school"])
    other_school = _monitoring(settings, secrets["other_school"])
    csw = _monitoring(settings, secrets["csw"])
    async with med, school, other_school, csw:
        # A plan not adopted takes no report.
        early = await med.post("/progress", json=_med([]))
        assert early.status_code == 422, early.text
        assert _errors(early) == [("plan_id", f"{PLAN_ID} has no adopted version to report on")]

        await _adopt(settings, who, intake)
        tracking = await _get_when(med, f"/plans/{M}/tracking", lambda t: bool(t["actions"]))
        first = tracking["actions"][0]
        action_id = first["action_id"]

        # A period in the future (the clock is 2027-09-15; the school year ends in June).
        future = await school.post("/progress", json=_school(month="2027-10"))
        assert future.status_code == 422, future.text
        assert _errors(future) == [("month", "2027-10 is outside the school year 2026-2027")]
        future_quarter = await med.post("/progress", json=_med([], cycle="2027-2028"))
        assert _errors(future_quarter) == [("cycle", "the plan is for 2026-2027, not 2027-2028")]
        # A month that has not begun: the clock decides, not the schema.
        unit = first["indicator"].get("target_unit") or "%"
        later = {"indicator_ref": action_id, "period": "2027-10", "entered_by": "MED officer"}
        not_begun = await med.post(
            "/progress", json=_med([], measurements=[later | {"value": 1, "unit": unit}])
        )
        assert not_begun.status_code == 422, not_begun.text
        assert _errors(not_begun) == [
            ("measurements[0].period", "2027-10 has not begun (2027-09-15)")
        ]
        # A value without a unit (the schema), and one outside the indicator's range.
        measured = {"indicator_ref": action_id, "period": "2026-11", "entered_by": "MED officer"}
        no_unit = await med.post("/progress", json=_med([], measurements=[measured | {"value": 3}]))
        assert no_unit.status_code == 422, no_unit.text
        assert _errors(no_unit) == [
            (
                "med_quarterly.measurements.0",
                "Value error, a value needs a unit (%, pupils, visits, ...)",
            )
        ]
        value = 130.0 if unit == "%" else -3.0
        out_of_range = measured | {"value": value, "unit": unit}
        outside = await med.post("/progress", json=_med([], measurements=[out_of_range]))
        assert outside.status_code == 422, outside.text
        assert _errors(outside) == [
            ("measurements[0].value", f"{value} {unit} is outside the indicator's range")
        ]
        # A count above the enrolment the school gives.
        crowded = await school.post("/progress", json=_school(enrolled=5))
        assert crowded.status_code == 422, crowded.text
        assert _errors(crowded) == [
            ("counts.ews_flagged", f"6 is more than the 5 pupils enrolled at {SCHOOL}")
        ]
        # Another school's token, a partner of another kind, a role's other report.
        elsewhere = await other_school.post("/progress", json=_school())
        assert elsewhere.status_code == 403, elsewhere.text
        assert _errors(elsewhere) == [
            ("school", f"this token reports for SHFMU Tjetër, not {SCHOOL}")
        ]
        mocr = await csw.post("/progress", json=_partner(partner="mocr"))
        assert mocr.status_code == 403, mocr.text
        assert _errors(mocr) == [("partner", "this token reports for a csw, not mocr")]
        not_mine = await med.post("/progress", json=_school())
        assert not_mine.status_code == 403, not_mine.text
        assert _errors(not_mine) == [
            ("kind", "this token sends med_quarterly reports, not school_monthly")
        ]

        # Within scope: recorded once; the same month again is the same report.
        month = _school()
        assert (await school.post("/progress", json=month)).status_code == 201
        again = await school.post("/progress", json=_school())
        assert again.status_code == 200, again.text
        assert again.json()["report_id"] == month["report_id"]
        assert (await csw.post("/progress", json=_partner())).status_code == 201

        # Evidence is redacted before it is kept; the outcome says when it is applied.
        said = "Takim me prindin Arben Krasniqi, tel. 044 123 456; plani vazhdon."
        quarter = _med([{"action_id": action_id, "status": "on_track", "evidence": said}])
        recorded = await med.post("/progress", json=quarter)
        assert recorded.status_code == 201, recorded.text
        assert recorded.json()["redactions"] == {"name": 1, "phone": 1}
        outcome = await _get_when(
            med, f"/progress/{quarter['report_id']}", lambda o: o["outcome"] != "pending"
        )
        assert (outcome["outcome"], outcome["errors"], outcome["period"]) == (
            "applied",
            [],
            "2026-2027:Q1",
        )
        tracking = await _get_when(
            med,
            f"/plans/{M}/tracking",
            lambda t: any(a["history"] for a in t["actions"] if a["action_id"] == action_id),
        )
        [kept] = [a for a in tracking["actions"] if a["action_id"] == action_id]
        assert kept["history"][-1]["evidence"] == (
            "Takim me prindin [NAME], tel. [PHONE]; plani vazhdon."
        )
        hidden = await other_school.get(f"/progress/{quarter['report_id']}")
        assert hidden.status_code == 404  # a school team sees its own school's reports

        # The XLSForm, converted as Kobo and Central do, and a submission of it.
        form = await school.get("/forms/school-monthly.xlsx")
        assert form.status_code == 200
        warnings: list[str] = []
        convert(form.content, warnings=warnings, file_type=".xlsx")
        assert warnings == []
        instance = str(uuid.uuid4())
        submission = {f"grp/{k}": v for k, v in COUNTS.items()} | {
            "municipality": M,
            "school": SCHOOL,
            "month": "2026-12-01",
            "reporter": "Prevention team",
            "dmap_form_id": xlsform.FORM_ID,
            "dmap_form_version": xlsform.FORM_VERSION,
            "meta/instanceID": f"uuid:{instance}",
        }
        sent = await school.post("/forms/submissions", json=submission)
        assert sent.status_code == 201, sent.text
        assert sent.json()["report_id"] == instance
        resent = await school.post("/forms/submissions", json=submission)
        assert (resent.status_code, resent.json()["status"]) == (200, "already_accepted")
        stale = await school.post(
            "/forms/submissions", json=submission | {"dmap_form_version": "2020.1"}
        )
        assert stale.status_code == 422
        assert _errors(stale)[0][0] == "dmap_form_version"

        # A spreadsheet: the good row is kept whatever the others hold, and only once.
        header = ",".join(spreadsheet.COLUMNS)

        def line(**cells: str) -> str:
            row = {"municipality": M, "school": SCHOOL, "reporter": "Team"} | {
                k: str(v) for k, v in COUNTS.items()
            }
            return ",".join((row | cells).get(c, "") for c in spreadsheet.COLUMNS)

        data = "\n".join(
            [
                header,
                line(month="2027-01"),
                line(month="2027-02", dropouts="-1"),
                line(month="2027-03", school="SHFMU Tjetër"),
            ]
        ).encode()
        files = {"file": ("reports.csv", data, "text/csv")}
        imported = await school.post("/progress/import", files=files)
        assert imported.status_code == 200, imported.text
        body = imported.json()
        assert (body["rows"], body["accepted"], body["rejected"]) == (3, 1, 2)
        assert body["errors"] == [
            {
                "row": 3,
                "column": "dropouts",
                "reason": "Input should be greater than or equal to 0",
            },
            {
                "row": 4,
                "column": "school",
                "reason": f"this token reports for {SCHOOL}, not SHFMU Tjetër",
            },
        ]
        again_imported = (await school.post("/progress/import", files=files)).json()
        assert (again_imported["accepted"], again_imported["already_accepted"]) == (0, 1)


async def test_a_refused_submission_frees_its_period(settings: Settings) -> None:
    """The store on the real database: a report settled `refused` no longer holds its
    (reporter, period), and is replaced when sent again under its own id."""
    report = SchoolMonthlyReport(
        report_id=uuid.uuid4(),
        plan_id="kacanik:2030-2031",
        municipality="kacanik",
        reporter="Team",
        submitted_at="2030-10-03T10:00:00Z",
        school=SCHOOL,
        month="2030-09",
        counts=SchoolCounts(**COUNTS),
    )
    pool = await create_pool(settings.dsn, 1)  # with the JSON codecs the services use
    try:
        async with pool.acquire() as conn:
            tx = conn.transaction()
            await tx.start()
            store = PostgresFollowing(conn)
            key = ("school:" + SCHOOL, "2030-09")
            assert await store.submit(report, *key, None) is None
            other = report.model_copy(update={"report_id": uuid.uuid4()})
            assert await store.submit(other, *key, None) == report.report_id  # period held
            await store.settle(report.report_id, "refused", [{"field": "f", "reason": "r"}])
            found = await store.outcome(report.report_id)
            assert found is not None
            assert (found.outcome, found.problems) == ("refused", [{"field": "f", "reason": "r"}])
            assert await store.submit(other, *key, None) is None  # the period is open again
            assert await store.submit(report, *key, None) == other.report_id
            await tx.rollback()
    finally:
        await pool.close()
