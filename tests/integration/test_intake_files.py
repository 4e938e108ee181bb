"""Spreadsheet import and KoboToolbox/ODK submissions on the real stack."""

import asyncio
import csv
import io
import json
import time
import uuid
from typing import Any

import asyncpg
import httpx
from openpyxl import Workbook, load_workbook

from services.consultations.domain.forms import FORM_ID, FORM_VERSION
from services.consultations.domain.spreadsheet import COLUMNS
from services.runtime.settings import Settings


def row(i: int, **overrides: str) -> dict[str, str]:
    base = {
        "consultation_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"import-{i}")),
        "municipality": "rahovec",
        "school_name": "SHFMU Fan Noli",
        "school_level": "lower_secondary",
        "stakeholder_group": "teacher",
        "consultation_date": "2026-10-05",
        "language": "sq",
        "participant_count": "7",
        "issue1_category": "",
        "issue1_description": "Nxënësit punojnë në vreshta gjatë vjeljes.",
        "issue1_severity": "high",
        "issue1_affected_students": "12",
        "issue1_affected_groups": "low_income; rural",
    }
    base.update(overrides)
    return base


def to_csv(rows: list[dict[str, str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def upload(name: str, data: bytes, ctype: str) -> dict[str, Any]:
    return {"files": {"file": (name, data, ctype)}}


async def wait_for_planning(settings: Settings, ids: list[str], timeout_s: float = 60) -> int:
    conn = await asyncpg.connect(settings.dsn)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            n = await conn.fetchval(
                "SELECT count(*) FROM planning.consultations "
                "WHERE consultation_id = any($1::uuid[])",
                ids,
            )
            if n == len(ids) or time.monotonic() > deadline:
                return int(n)
            await asyncio.sleep(0.5)
    finally:
        await conn.close()


async def test_5000_rows_with_planted_bad_rows(
    settings: Settings, intake: httpx.AsyncClient
) -> None:
    rows = [row(i) for i in range(5000)]
    planted = {  # spreadsheet row number -> (column, replacement)
        2: ("municipality", "atlantis"),
        100: ("participant_count", "many"),
        1001: ("consultation_date", "2999-01-01"),
        2500: ("issue1_severity", "urgent"),
        4001: ("issue1_description", ""),
        5001: ("issue1_category", "homework"),
    }
    for number, (column, value) in planted.items():
        rows[number - 2][column] = value
    resp = await intake.post(
        "/consultations/import",
        **upload("consultations.csv", to_csv(rows).encode("utf-8"), "text/csv"),
        timeout=300,
    )
    assert resp.status_code == 200, resp.text[:500]
    report = resp.json()
    assert report["rows"] == 5000
    assert report["rejected"] == 6
    assert report["accepted"] == 4994
    # Exactly one error per planted row, naming the planted column.
    assert [(e["row"], e["column"]) for e in report["errors"]] == [
        (n, c) for n, (c, _) in sorted(planted.items())
    ]
    ids = [r["consultation_id"] for r in report["results"]]
    assert len(set(ids)) == 4994
    # Every valid row reaches planning once (planning dedupes by id; its count is exact).
    assert await wait_for_planning(settings, ids) == 4994
    conn = await asyncpg.connect(settings.dsn)
    try:
        # This import's own events: another test may submit for Rahovec meanwhile.
        events = await conn.fetchval(
            "SELECT count(*) FROM consultations.outbox WHERE key = 'rahovec' AND "
            "convert_from(value, 'UTF8')::jsonb->'data'->>'consultation_id' = any($1::text[])",
            ids,
        )
        audit = await conn.fetchrow(
            "SELECT action, details FROM consultations.audit_log "
            "WHERE action = 'submit:spreadsheet' ORDER BY id DESC LIMIT 1"
        )
    finally:
        await conn.close()
    assert events == 4994  # one event per accepted row
    assert json.loads(audit["details"])["accepted"] == 4994

    again = await intake.post(
        "/consultations/import",
        **upload("consultations.csv", to_csv(rows).encode("utf-8"), "text/csv"),
        timeout=300,
    )
    assert again.json()["already_accepted"] == 4994
    assert again.json()["accepted"] == 0


async def test_all_or_nothing_stores_nothing_when_a_row_is_bad(
    settings: Settings, intake: httpx.AsyncClient
) -> None:
    rows = [row(10_000 + i, municipality="ranillug") for i in range(20)]
    rows[7]["participant_count"] = "0"
    resp = await intake.post(
        "/consultations/import",
        params={"mode": "all_or_nothing"},
        **upload("c.csv", to_csv(rows).encode(), "text/csv"),
    )
    assert resp.status_code == 422
    assert resp.json()["errors"] == [
        {
            "row": 9,
            "column": "participant_count",
            "reason": "Input should be greater than or equal to 1",
        }
    ]
    assert resp.json()["stored"] is False
    conn = await asyncpg.connect(settings.dsn)
    try:
        n = await conn.fetchval(
            "SELECT count(*) FROM consultations.records WHERE municipality = 'ranillug'"
        )
    finally:
        await conn.close()
    assert n == 0


async def test_excel_encodings_delimiters_and_xlsx(intake: httpx.AsyncClient) -> None:
    text_rows = [
        row(
            20_000,
            municipality="kacanik",
            issue1_description="Fëmijët çdo ditë punojnë; učenici rade u polju.",
        )
    ]
    for name, data in {
        "bom.csv": to_csv(text_rows).encode("utf-8-sig"),
        "win1250.csv": to_csv(
            [
                row(
                    20_001,
                    municipality="kacanik",
                    issue1_description="Fëmijët çdo ditë punojnë; učenici rade.",
                )
            ],
            delimiter=";",
        ).encode("cp1250"),
    }.items():
        resp = await intake.post("/consultations/import", **upload(name, data, "text/csv"))
        assert resp.status_code == 200, (name, resp.text)
        assert resp.json()["accepted"] == 1, (name, resp.json())
    stored = await intake.get(f"/consultations/{row(20_001)['consultation_id']}")
    assert stored.json()["raised_issues"][0]["description"] == (
        "Fëmijët çdo ditë punojnë; učenici rade."
    )

    book = Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    sheet.append(
        [
            row(20_002, municipality="kacanik", consultation_date="05.10.2026").get(c, "")
            for c in COLUMNS
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    resp = await intake.post(
        "/consultations/import",
        **upload(
            "c.xlsx",
            buffer.getvalue(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["accepted"] == 1

    broken = await intake.post(
        "/consultations/import", **upload("c.csv", b"\x81\x8d\x8f\x90\x9d not text", "text/csv")
    )
    assert broken.status_code == 400
    assert "UTF-8" in broken.json()["detail"]
    bad_header = await intake.post(
        "/consultations/import",
        **upload("c.csv", b"municipio,fecha\nprizren,2026-01-01\n", "text/csv"),
    )
    assert bad_header.status_code == 400
    assert bad_header.json()["errors"][0]["row"] == 1
    not_xlsx = await intake.post(
        "/consultations/import",
        **upload("c.xlsx", b"PK\x03\x04 broken", "application/octet-stream"),
    )
    assert not_xlsx.status_code == 400


async def test_templates_round_trip(intake: httpx.AsyncClient) -> None:
    csv_template = await intake.get("/consultations/import/template.csv")
    assert csv_template.status_code == 200
    assert csv_template.content.startswith("\ufeff".encode())
    xlsx_template = await intake.get("/consultations/import/template.xlsx")
    book = load_workbook(io.BytesIO(xlsx_template.content))
    assert [c.value for c in book["consultations"][1]] == list(COLUMNS)
    assert "municipality" in [c.value for c in book["allowed values"][1]]
    # The example row of the template is itself importable.
    resp = await intake.post(
        "/consultations/import", **upload("template.csv", csv_template.content, "text/csv")
    )
    assert resp.json()["accepted"] + resp.json()["already_accepted"] == 1


def kobo_payload(instance: uuid.UUID) -> dict[str, Any]:
    return {
        "_id": 4711,
        "_uuid": str(instance),
        "formhub/uuid": "a1b2",
        "__version__": "v1",
        "meta/instanceID": f"uuid:{instance}",
        "_submission_time": "2026-10-20T09:12:00",
        "dmap_form_id": FORM_ID,
        "dmap_form_version": FORM_VERSION,
        "grp_context/municipality": "decan",
        "grp_context/school_name": "SHFMU Lidhja e Pejës",
        "grp_context/school_level": "primary",
        "grp_context/stakeholder_group": "parent",
        "grp_context/consultation_date": "2026-10-19",
        "grp_context/language": "sq",
        "grp_context/participant_count": "9",
        "issues": [
            {
                "issues/issue_description": "Fëmijët ecin 5 km në këmbë deri në shkollë.",
                "issues/issue_severity": "high",
                "issues/issue_affected_students": "15",
                "issues/issue_affected_groups": "rural low_income",
            },
            {
                "issues/issue_category": "poverty",
                "issues/issue_description": "Nuk kanë veshje dimërore.",
                "issues/issue_severity": "medium",
            },
        ],
        "recommendations": "Autobus shkollor\nVeshje për dimër",
    }


def odk_payload(instance: uuid.UUID) -> dict[str, Any]:
    return {
        "__id": f"uuid:{instance}",
        "__system": {"submitterName": "enumerator-07", "reviewState": None},
        "meta": {"instanceID": f"uuid:{instance}"},
        "dmap_form_id": FORM_ID,
        "dmap_form_version": FORM_VERSION,
        "grp_context": {
            "municipality": "zvecan",
            "school_name": "OŠ Sveti Sava",
            "school_level": "lower_secondary",
            "stakeholder_group": "student",
            "consultation_date": "2026-10-21",
            "language": "sr",
            "participant_count": 11,
        },
        "issues": [
            {
                "issue_description": "Učenici ne znaju koje zanimanje da izaberu.",
                "issue_severity": "medium",
                "issue_affected_students": 40,
            }
        ],
    }


async def test_kobo_and_odk_submissions(intake: httpx.AsyncClient) -> None:
    for shape, payload in (
        ("kobo", kobo_payload(uuid.uuid4())),
        ("odk", odk_payload(uuid.uuid4())),
    ):
        first = await intake.post("/forms/submissions", json=payload)
        assert first.status_code == 201, (shape, first.text)
        again = await intake.post("/forms/submissions", json=payload)  # the tool retries
        assert again.status_code == 200
        assert again.json()["consultation_id"] == first.json()["consultation_id"]
        stored = (await intake.get(f"/consultations/{first.json()['consultation_id']}")).json()
        assert stored["source"] == shape
    kobo = kobo_payload(uuid.uuid4())
    resp = await intake.post("/forms/submissions", json=kobo)
    stored = (await intake.get(f"/consultations/{resp.json()['consultation_id']}")).json()
    assert stored["municipality"] == "decan"
    assert stored["raised_issues"][0]["affected_groups"] == ["rural", "low_income"]
    assert stored["recommendations"] == ["Autobus shkollor", "Veshje për dimër"]

    no_id = kobo_payload(uuid.uuid4())
    for key in ("_uuid", "meta/instanceID"):
        no_id.pop(key)
    missing = await intake.post("/forms/submissions", json=no_id)
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "meta.instanceID"


async def test_a_submission_from_a_turkish_deployment_is_recorded_like_any_other(
    intake: httpx.AsyncClient,
) -> None:
    """The form filled in Turkish posts the same names and codes; only the notes differ."""
    turkish = kobo_payload(uuid.uuid4()) | {
        "grp_context/municipality": "mamushe",
        "grp_context/school_name": "Mamuşa Ortaokulu",
        "grp_context/language": "tr",
        "issues": [
            {
                "issues/issue_description": "Çocuklar hasat zamanı tarlada çalışıyor.",
                "issues/issue_category": "child_labour",
                "issues/issue_severity": "high",
                "issues/issue_affected_groups": "rural",
            }
        ],
        "recommendations": "Esnek ders saatleri",
    }
    resp = await intake.post("/forms/submissions", json=turkish)
    assert resp.status_code == 201, resp.text
    stored = (await intake.get(f"/consultations/{resp.json()['consultation_id']}")).json()
    assert (stored["municipality"], stored["language"], stored["source"]) == (
        "mamushe",
        "tr",
        "kobo",
    )
    assert stored["raised_issues"][0]["category"] == "child_labour"
    assert stored["recommendations"] == ["Esnek ders saatleri"]


async def test_xlsform_matches_the_vocabulary(intake: httpx.AsyncClient) -> None:
    resp = await intake.get("/forms/consultation.xlsx")
    book = load_workbook(io.BytesIO(resp.content))
    assert book.sheetnames == ["survey", "choices", "settings"]
    names = [r[1] for r in book["survey"].iter_rows(min_row=2, values_only=True)]
    assert {
        "municipality",
        "stakeholder_group",
        "consultation_date",
        "issues",
        "issue_description",
        "issue_category",
    } <= set(names)
    municipalities = [
        r[1]
        for r in book["choices"].iter_rows(min_row=2, values_only=True)
        if r[0] == "municipality"
    ]
    assert len(municipalities) == 38
    header = [c.value for c in book["survey"][1]]
    assert {"label::Türkçe (tr)", "label::Bosanski (bs)", "hint::Türkçe (tr)"} <= set(header)
