"""Form intake on the real stack: edits supersede, other forms refused, CSV encodings."""

import asyncio
import json
import uuid
from typing import Any

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer

from schemas.topics import CONSULTATIONS
from services.runtime.kafka import client_args
from services.runtime.settings import Settings
from tests.integration.test_intake_files import kobo_payload, odk_payload, row, to_csv, upload
from tests.integration.waiting import plan_when


def kobo_edit(
    first: uuid.UUID, previous: uuid.UUID, municipality: str, students: str, *, root: bool = True
) -> tuple[uuid.UUID, dict[str, Any]]:
    """KoboToolbox's REST payload of an edit: new instance id, deprecatedID, rootUuid."""
    instance = uuid.uuid4()
    payload = kobo_payload(instance)
    payload["grp_context/municipality"] = municipality
    payload["issues"][0]["issues/issue_affected_students"] = students
    payload["meta/deprecatedID"] = f"uuid:{previous}"
    if root:
        payload["meta/rootUuid"] = f"uuid:{first}"
    return instance, payload


def students(plan: dict[str, Any]) -> int:
    return sum(p["affected_students"] for p in plan["plan"]["priorities"])


async def topic_events(settings: Settings, key: str) -> list[dict[str, Any]]:
    """Every event on consultations.v1 under one municipality key, in topic order."""
    consumer = AIOKafkaConsumer(
        settings.topic(CONSULTATIONS),
        **client_args(settings),
        group_id=f"test-{uuid.uuid4()}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        batch = await consumer.getmany(timeout_ms=5_000, max_records=10_000)
    finally:
        await consumer.stop()
    messages = sorted((m for ms in batch.values() for m in ms), key=lambda m: m.offset)
    return [json.loads(m.value) for m in messages if m.key == key.encode()]


async def planning_rows(settings: Settings, cid: uuid.UUID) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(settings.dsn)
    try:
        return await conn.fetch(
            "SELECT revision, payload FROM planning.consultations WHERE consultation_id = $1", cid
        )
    finally:
        await conn.close()


async def reporting_revision(settings: Settings, cid: uuid.UUID, wanted: int) -> int:
    """Reporting's projected revision of a consultation, once it reaches `wanted` (or 10 s)."""
    conn = await asyncpg.connect(settings.dsn)
    try:
        for _ in range(50):
            found: int | None = await conn.fetchval(
                "SELECT revision FROM reporting.consultations WHERE consultation_id = $1", cid
            )
            if found == wanted:
                break
            await asyncio.sleep(0.2)
        return found or 0
    finally:
        await conn.close()


async def test_kobo_edit_is_counted_once_and_published_as_a_correction(
    intake: httpx.AsyncClient, reporting: httpx.AsyncClient, settings: Settings
) -> None:
    first = uuid.uuid4()
    original = kobo_payload(first)
    original["grp_context/municipality"] = "obiliq"
    assert (await intake.post("/forms/submissions", json=original)).status_code == 201
    await plan_when(reporting, "obiliq", lambda p: p["consultation_count"] == 1)

    second, edit = kobo_edit(first, first, "obiliq", "25")
    resp = await intake.post("/forms/submissions", json=edit)
    assert resp.status_code == 200, resp.text
    assert resp.json()["status"] == "corrected"
    assert resp.json()["consultation_id"] == str(first)
    # The tool retries the edit; an old copy of the first version arrives late.
    for again in (edit, original):
        retry = await intake.post("/forms/submissions", json=again)
        assert (retry.status_code, retry.json()["status"]) == (200, "already_accepted")
    # A second edit without rootUuid is resolved through the stored instance ids.
    _, third = kobo_edit(first, second, "obiliq", "33", root=False)
    assert (await intake.post("/forms/submissions", json=third)).json()["consultation_id"] == str(
        first
    )

    plan = await plan_when(
        reporting, "obiliq", lambda p: students(p) == 33 and p["consultation_count"] == 1
    )
    assert plan["consultation_count"] == 1
    stored = (await intake.get(f"/consultations/{first}")).json()
    assert stored["raised_issues"][0]["affected_students"] == 33
    [evidence] = await planning_rows(settings, first)
    assert evidence["revision"] == 3
    assert await reporting_revision(settings, first, 3) == 3
    events = await topic_events(settings, "obiliq")
    assert [e["type"] for e in events] == [
        "org.dmap.consultation.recorded.v1",
        "org.dmap.consultation.corrected.v1",
        "org.dmap.consultation.corrected.v1",
    ]
    corrected = events[1]["data"]
    assert corrected["record"]["consultation_id"] == str(first)
    assert corrected["revision"] == 2
    assert corrected["supersedes"] == {"revision": 1, "instance_id": str(first)}
    assert events[2]["data"]["supersedes"] == {"revision": 2, "instance_id": str(second)}


async def test_odk_central_edit_is_counted_once(
    intake: httpx.AsyncClient, reporting: httpx.AsyncClient, settings: Settings
) -> None:
    first = uuid.uuid4()
    original = odk_payload(first)
    original["grp_context"]["municipality"] = "shterpce"
    assert (await intake.post("/forms/submissions", json=original)).status_code == 201
    await plan_when(reporting, "shterpce", lambda p: p["consultation_count"] == 1)

    edit = odk_payload(first)  # Central keeps __id, the first version's instance id
    edit["grp_context"]["municipality"] = "shterpce"
    edit["meta"] = {"instanceID": f"uuid:{uuid.uuid4()}", "deprecatedID": f"uuid:{first}"}
    edit["issues"][0]["issue_affected_students"] = 55
    resp = await intake.post("/forms/submissions", json=edit)
    assert (resp.status_code, resp.json()["status"]) == (200, "corrected"), resp.text
    assert resp.json()["consultation_id"] == str(first)

    plan = await plan_when(reporting, "shterpce", lambda p: students(p) == 55)
    assert plan["consultation_count"] == 1
    assert [r["revision"] for r in await planning_rows(settings, first)] == [2]
    assert await reporting_revision(settings, first, 2) == 2
    types = [e["type"] for e in await topic_events(settings, "shterpce")]
    assert types == ["org.dmap.consultation.recorded.v1", "org.dmap.consultation.corrected.v1"]


async def test_an_edit_moving_a_consultation_to_another_municipality_is_refused(
    intake: httpx.AsyncClient,
) -> None:
    first = uuid.uuid4()
    original = kobo_payload(first)
    original["grp_context/municipality"] = "kllokot"
    assert (await intake.post("/forms/submissions", json=original)).status_code == 201
    _, moved = kobo_edit(first, first, "malisheve", "15")
    resp = await intake.post("/forms/submissions", json=moved)
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "municipality"
    assert (await intake.get(f"/consultations/{first}")).json()["municipality"] == "kllokot"
    # Another consultation claiming this one's instance id: a conflict, nothing stored.
    other_root = uuid.uuid4()
    claim = odk_payload(other_root)
    claim["meta"] = {"instanceID": f"uuid:{first}", "deprecatedID": f"uuid:{other_root}"}
    assert (await intake.post("/forms/submissions", json=claim)).status_code == 409
    assert (await intake.get(f"/consultations/{other_root}")).status_code == 404


async def test_other_form_and_old_form_version_are_refused(intake: httpx.AsyncClient) -> None:
    other = kobo_payload(uuid.uuid4())
    other["dmap_form_id"] = "household_survey"
    resp = await intake.post("/forms/submissions", json=other)
    assert resp.status_code == 422
    assert resp.json()["errors"][0]["field"] == "dmap_form_id"
    assert "not the DMAP consultation form" in resp.json()["errors"][0]["reason"]

    no_form = kobo_payload(uuid.uuid4())
    del no_form["dmap_form_id"]
    assert (await intake.post("/forms/submissions", json=no_form)).status_code == 422

    old = odk_payload(uuid.uuid4())
    old["dmap_form_version"] = "2026.11.1"
    resp = await intake.post("/forms/submissions", json=old, headers={"accept-language": "sq"})
    assert resp.status_code == 422
    [error] = resp.json()["errors"]
    assert error["field"] == "dmap_form_version"
    assert "i vjetëruar" in error["reason"]
    for payload in (other, no_form, old):
        instance = payload.get("_uuid") or payload["meta"]["instanceID"].removeprefix("uuid:")
        assert (await intake.get(f"/consultations/{instance}")).status_code == 404


async def test_windows_1251_csv_is_imported_as_cyrillic(intake: httpx.AsyncClient) -> None:
    school, text = "ОШ Вук Караџић", "Ученици раде на пољу током жетве и изостају са наставе."
    rows = [
        row(
            30_000 + i,
            municipality="zubin-potok",
            school_name=school,
            language="sr",
            issue1_description=text,
        )
        for i in range(2)
    ]
    data = to_csv(rows, delimiter=";").encode("cp1251")
    resp = await intake.post(
        "/consultations/import?mode=all_or_nothing", **upload("sr.csv", data, "text/csv")
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["accepted"] == 2
    stored = (await intake.get(f"/consultations/{rows[0]['consultation_id']}")).json()
    assert stored["school"]["name"] == school
    assert stored["raised_issues"][0]["description"] == text


# High bytes that decode as Windows-1250 or -1251, but as no language: binary junk.
JUNK = bytes.fromhex(
    "8e9795dcabcec0b689a8eee4dff1c48987ddf7d1e1ecaaadbcbb86add3aca2dcaef2eadddadcf2a9e6f6bffdc7ff"
    "daf4f6d9f4fcb8d3aac4facfcde8"
)


async def test_undecodable_or_ambiguous_csv_is_refused_with_a_file_error(
    intake: httpx.AsyncClient,
) -> None:
    junk = row(30_100, municipality="zubin-potok", issue1_description="JUNK")
    short = row(30_101, municipality="zubin-potok", issue1_description="Деца раде.")
    files = {
        "junk.csv": to_csv([junk]).encode().replace(b"JUNK", JUNK),
        # Too little Cyrillic to tell Windows-1251 from Windows-1250 mojibake.
        "short.csv": to_csv([short]).encode("cp1251"),
    }
    for name, data in files.items():
        for mode in ("accept_valid", "all_or_nothing"):
            resp = await intake.post(
                f"/consultations/import?mode={mode}", **upload(name, data, "text/csv")
            )
            assert resp.status_code == 400, (name, resp.text)
            [error] = resp.json()["errors"]
            assert (error["row"], error["column"]) == (1, "file")
            assert "save it as CSV UTF-8" in error["reason"]
    for r in (junk, short):
        assert (await intake.get(f"/consultations/{r['consultation_id']}")).status_code == 404
