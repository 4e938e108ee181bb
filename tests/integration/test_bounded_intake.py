"""Issue 10, finding 2: no submission or upload can freeze intake.

Free text has length limits (422 with field and reason), redaction and
spreadsheet parsing run off the event loop, and a spreadsheet over the row or
size limit is refused before the rest is parsed. Timings are in
`bench/long_text.py`; here /livez must merely answer within a few seconds.
"""

import asyncio
import io
import re
import uuid
import zipfile
from typing import Any

import httpx

from services.consultations.domain.spreadsheet import template_xlsx
from tests.factories import submission
from tests.integration.test_intake_files import kobo_payload, row, to_csv, upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIVEZ_PATIENCE_S = 5  # a frozen event loop (the old behaviour) took 30 s and more


async def while_live(intake: httpx.AsyncClient, request: Any) -> httpx.Response:
    """Run `request`, probing /livez meanwhile; the probe must be answered promptly."""
    task = asyncio.ensure_future(request)
    await asyncio.sleep(0.2)  # let the request reach the service
    probe = await intake.get("/livez", timeout=LIVEZ_PATIENCE_S)
    assert probe.status_code == 200
    response: httpx.Response = await task
    return response


def reasons(response: httpx.Response) -> dict[str, str]:
    return {e["field"]: e["reason"] for e in response.json()["errors"]}


async def test_a_100000_character_recommendation_is_refused_and_livez_answers(
    intake: httpx.AsyncClient,
) -> None:
    body = submission(recommendations=["ok", "a" * 100_000])
    refused = await while_live(intake, intake.post("/consultations", json=body, timeout=120))
    assert refused.status_code == 422, refused.text
    assert set(refused.json()) >= {"detail", "errors"}
    assert "at most 1000 characters" in reasons(refused)["recommendations.1"]


async def test_long_text_is_refused_on_every_json_path(intake: httpx.AsyncClient) -> None:
    long_issue = submission()
    long_issue["raised_issues"][0]["description"] = "b" * 4001
    long_school = submission(school={"name": "S" * 201, "level": "primary"})
    batch = await intake.post(
        "/consultations/batch",
        json=[submission(recommendations=["c" * 1001]), long_issue, long_school, submission()],
    )
    assert batch.status_code == 200, batch.text
    items = batch.json()["items"]
    assert [i["status"] for i in items] == ["invalid", "invalid", "invalid", "accepted"]
    fields = [{e["field"] for e in i["errors"]} for i in items[:3]]
    assert fields == [
        {"recommendations.0"},
        {"raised_issues.0.description"},
        {"school.name"},
    ]

    form = kobo_payload(uuid.uuid4())
    form["recommendations"] = "Autobus shkollor\n" + "d" * 100_000
    webhook = await while_live(intake, intake.post("/forms/submissions", json=form, timeout=120))
    assert webhook.status_code == 422, webhook.text
    assert "at most 1000 characters" in reasons(webhook)["recommendations.1"]


async def test_long_cells_are_row_errors_and_a_huge_csv_field_is_a_clear_400(
    intake: httpx.AsyncClient,
) -> None:
    rows = [
        row(9001, municipality="fushe-kosove"),
        row(9002, municipality="fushe-kosove", recommendations="e" * 1001),
        row(9003, municipality="fushe-kosove"),
    ]
    rows[0]["consultation_id"] = rows[2]["consultation_id"] = ""  # fresh ids
    report = await intake.post(
        "/consultations/import", **upload("long.csv", to_csv(rows).encode(), "text/csv")
    )
    assert report.status_code == 200, report.text
    assert report.json()["accepted"] == 2
    [error] = report.json()["errors"]
    assert (error["row"], error["column"]) == (3, "recommendations")
    assert "1000" in error["reason"]

    huge = to_csv([row(9004, issue1_description="f" * 140_001)]).encode()
    refused = await intake.post("/consultations/import", **upload("huge.csv", huge, "text/csv"))
    assert refused.status_code == 400, refused.text
    assert refused.json()["errors"][0]["column"] == "file"
    assert "Row 2" in refused.json()["detail"]


def xlsx_with_rows(n: int, *, declare: bool) -> bytes:
    """The template workbook with its sheet replaced by `n` body rows, written as raw XML
    (fast), with or without the <dimension> element that announces the size."""
    template = zipfile.ZipFile(io.BytesIO(template_xlsx()))
    header = ["municipality", "stakeholder_group", "consultation_date", "language"]
    header += ["participant_count", "issue1_description"]
    values = ["fushe-kosove", "teacher", "2026-10-05", "sq", "7", "Mungojnë librat në shkollë."]
    cols = "ABCDEF"

    def cells(r: int, texts: list[str]) -> str:
        inner = "".join(
            f'<c r="{c}{r}" t="inlineStr"><is><t>{t}</t></is></c>'
            for c, t in zip(cols, texts, strict=True)
        )
        return f'<row r="{r}">{inner}</row>'

    body = [cells(1, header)] + [cells(r, values) for r in range(2, n + 2)]
    dimension = f'<dimension ref="A1:F{n + 1}"/>' if declare else ""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dimension}<sheetData>{''.join(body)}</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for item in template.infolist():
            data = template.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            book.writestr(item.filename, data)
    return out.getvalue()


async def test_a_workbook_of_100000_rows_is_refused_with_livez_answering(
    intake: httpx.AsyncClient,
) -> None:
    for declare in (True, False):
        data = xlsx_with_rows(100_000, declare=declare)
        assert len(data) < 2_000_000  # small on the wire, large once unpacked
        refused = await while_live(
            intake,
            intake.post("/consultations/import", **upload("big.xlsx", data, XLSX), timeout=120),
        )
        assert refused.status_code == 400, (declare, refused.text)
        assert "limit is 10000" in refused.json()["detail"], refused.json()


async def test_a_zip_bomb_workbook_is_refused(intake: httpx.AsyncClient) -> None:
    """A workbook with a part that inflates to 300 MB (it compresses to ~300 KB)."""
    template = zipfile.ZipFile(io.BytesIO(template_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for item in template.infolist():
            book.writestr(item.filename, template.read(item.filename))
        with book.open("xl/media/padding.bin", "w", force_zip64=True) as part:
            chunk = bytes(16 * 1024 * 1024)
            for _ in range(300 // 16 + 1):
                part.write(chunk)
    data = out.getvalue()
    assert len(data) < 2_000_000  # tiny upload
    refused = await intake.post("/consultations/import", **upload("bomb.xlsx", data, XLSX))
    assert refused.status_code == 400, refused.text
    assert re.search(r"unpacks to [\d,]+ bytes", refused.json()["detail"])
