"""A partner's quarterly report on the real stack (Mamushë): the CSW's workspace form,
its kind fixed by the token, checked in reporting and sent on with the session; then
reports by spreadsheet (CSV and the XLSX template), a per-row report for the bad rows,
and a file sent twice recorded once; then the partner XLSForm, converted as Kobo and
Central do, and a submission of it through the webhook."""

import io
import uuid

import httpx
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from dmap.tokens import create_token
from services.monitoring.domain import partner_xlsform
from services.runtime.auth.roles import Role
from services.runtime.settings import Settings
from tests.e2e.working_group import client
from tests.integration.test_med_forms import _adopted, _csrf, _signed_in, _tracking_when

M = "mamushe"  # no other test adopts this plan
IMPORT = "/progress/import/partner-quarterly"


async def test_a_partner_reports_its_quarter_by_form_and_spreadsheet(
    settings: Settings, intake: httpx.AsyncClient
) -> None:
    # Mamushë also gets test_intake_api's consultations: which actions lead is not ours.
    who = await _adopted(settings, intake, M, measured=False)
    _, csw = await create_token(
        settings, "QPS Mamushë", Role.PARTNER, municipalities=[M], organisation="csw"
    )
    _, focal = await create_token(settings, "MED focal officer", Role.MED_FOCAL, municipalities=[M])
    path = f"/ui/plans/{M}/partner-report"
    async with _signed_in(settings, csw) as browser, _signed_in(settings, focal) as officer:
        follow_up = await browser.get(f"/ui/plans/{M}/follow-up")
        assert 'id="partner-report-link"' in follow_up.text
        assert 'id="quarterly-report-link"' not in follow_up.text
        assert (await officer.get(path)).status_code == 403
        form = await browser.get(path)
        assert form.status_code == 200, form.text
        assert 'id="partner-kind">Centre for Social Work<' in form.text
        base = {
            "csrf": _csrf(form.text),
            "report_id": str(uuid.uuid4()),
            "quarter": "Q1",
            "referrals_received": "11",
            "referrals_assessed": "9",
            "referrals_closed": "4",
            "learning_centre_attendance": "",
            "mediator_visits": "",
        }
        # Checked here: a count that is no whole number; nothing is sent.
        bad = await browser.post(path, data=base | {"referrals_closed": "four"})
        assert bad.status_code == 422
        assert 'id="error-referrals_closed"' in bad.text
        no_quarter = await browser.post(path, data=base | {"quarter": "Q5"})
        assert no_quarter.status_code == 422
        assert 'id="error-quarter"' in no_quarter.text
        good = await browser.post(path, data=base)
        assert good.status_code == 303, good.text
        assert good.headers["location"].startswith(f"/ui/plans/{M}/follow-up?reported=")
        again = await browser.post(path, data=base)
        assert again.headers["location"].endswith("&repeated=1")

    monitoring = settings.service_url("monitoring")
    headers = {"authorization": f"Bearer {csw}"}
    async with httpx.AsyncClient(base_url=monitoring, headers=headers, timeout=30) as api:
        template = await api.get(f"{IMPORT}/template.csv")
        assert template.status_code == 200
        header = template.content.decode("utf-8-sig").splitlines()[0]
        assert header.split(",")[:6] == [
            "report_id",
            "municipality",
            "cycle",
            "quarter",
            "partner",
            "reporter",
        ]
        lines = [header]
        for quarter, partner, reporter, received, visits in (
            ("Q1", "", "QPS Mamushë zyra 2", "7", ""),  # the token's kind filled in
            ("Q1", "mocr", "ZKKK Mamushë", "3", ""),  # another body than the token's
            ("Q1", "csw", "QPS Mamushë zyra 3", "-3", ""),
            ("2025-2026:Q1", "csw", "QPS Mamushë zyra 2", "5", ""),  # no plan followed
            ("Q2", "csw", "QPS Mamushë zyra 2", "6", "5"),
        ):
            cycle, _, quarter = quarter.rpartition(":")
            cells = [M, cycle or "2026-2027", quarter, partner, reporter, received, "2", "1"]
            cells = ["", *cells, "", visits]
            lines.append(",".join(cells))
        files = {"file": ("csw.csv", "\n".join(lines).encode(), "text/csv")}
        imported = (await api.post(IMPORT, files=files)).json()
        counted = (imported["rows"], imported["accepted"], imported["rejected"])
        assert counted == (5, 2, 3), imported["errors"]
        assert [(e["row"], e["column"]) for e in imported["errors"]] == [
            (3, "partner"),
            (4, "referrals_received"),
            (5, "plan_id"),
        ]
        assert [r["row"] for r in imported["results"]] == [2, 6]
        resent = (await api.post(IMPORT, files=files)).json()
        assert (resent["accepted"], resent["already_accepted"]) == (0, 2)

        # The XLSX template, filled in for this municipality, is read as it is.
        book = load_workbook(io.BytesIO((await api.get(f"{IMPORT}/template.xlsx")).content))
        sheet = book.active
        assert sheet is not None
        columns = [c.value for c in sheet[1]]
        sheet.cell(2, columns.index("municipality") + 1, M)
        sheet.cell(2, columns.index("reporter") + 1, "QPS Mamushë zyra 4")
        out = io.BytesIO()
        book.save(out)
        xlsx = {"file": ("csw.xlsx", out.getvalue(), "application/octet-stream")}
        from_xlsx = (await api.post(IMPORT, files=xlsx)).json()
        assert (from_xlsx["accepted"], from_xlsx["rejected"]) == (1, 0), from_xlsx

        # The XLSForm, and a Kobo submission of it: the partner kind is the token's.
        form = await api.get("/forms/partner-quarterly.xlsx")
        assert form.status_code == 200
        warnings: list[str] = []
        convert(form.content, warnings=warnings, file_type=".xlsx")
        assert warnings == []
        instance = str(uuid.uuid4())
        submission = {
            "municipality": M,
            "cycle": "2026-2027",
            "quarter": "Q1",
            "reporter": "QPS Mamushë zyra 5",
            "counts/referrals_received": 8,
            "counts/referrals_assessed": 6,
            "counts/referrals_closed": 2,
            "dmap_form_id": partner_xlsform.FORM_ID,
            "dmap_form_version": partner_xlsform.FORM_VERSION,
            "meta/instanceID": f"uuid:{instance}",
        }
        sent = await api.post("/forms/submissions", json=submission)
        assert sent.status_code == 201, sent.text
        assert sent.json()["report_id"] == instance
        resent = await api.post("/forms/submissions", json=submission)
        assert (resent.status_code, resent.json()["status"]) == (200, "already_accepted")
        stale = await api.post(
            "/forms/submissions", json=submission | {"dmap_form_version": "2020.1"}
        )
        assert stale.status_code == 422
        assert stale.json()["errors"][0]["field"] == "dmap_form_version"
        other = submission | {"partner": "mocr", "meta/instanceID": f"uuid:{uuid.uuid4()}"}
        refused = await api.post("/forms/submissions", json=other)
        assert refused.status_code == 403, refused.text  # as `POST /progress` answers it
        assert refused.json()["errors"][0]["field"] == "partner"

    async with client(settings, who["director"]) as director:
        after = await _tracking_when(director, M, lambda t: len(t["reports"]) == 5)
    received = sorted((r["kind"], r["period"]) for r in after["reports"])
    assert received == [
        ("partner_quarterly", "2026-2027:Q1"),
        ("partner_quarterly", "2026-2027:Q1"),
        ("partner_quarterly", "2026-2027:Q1"),
        ("partner_quarterly", "2026-2027:Q1"),
        ("partner_quarterly", "2026-2027:Q2"),
    ]
