"""One consultation travels HTTP -> PostgreSQL -> Kafka -> planning -> Kafka -> reporting."""

import uuid
from typing import Any

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from schemas.topics import CONSULTATIONS, dlq
from services.runtime.kafka import client_args
from services.runtime.settings import Settings
from tests.factories import submission
from tests.integration.waiting import plan_when


def _evidence(plan: dict[str, Any]) -> set[str]:
    return {cid for p in plan["plan"]["priorities"] for cid in p["consultation_ids"]}


async def test_posted_consultation_reaches_the_reporting_plan(
    intake: httpx.AsyncClient, reporting: httpx.AsyncClient
) -> None:
    body = submission(municipality="kamenice")
    resp = await intake.post("/consultations", json=body)
    assert resp.status_code == 201, resp.text
    assert resp.json() == {
        "consultation_id": body["consultation_id"],
        "status": "accepted",
        "redactions": {},
    }

    plan = await plan_when(reporting, "kamenice", lambda p: body["consultation_id"] in _evidence(p))
    assert plan["plan_id"] == "kamenice:2026-2027"
    priorities = {p["category"]: p for p in plan["plan"]["priorities"]}
    assert priorities["child_labour"]["affected_students"] == 14
    assert priorities["child_labour"]["stakeholder_groups"] == ["teacher"]
    # The issue sent without a category was classified from its text, with the evidence.
    assert priorities["career_guidance"]["evidence"]["matched_terms"] == ["karrier", "orientim"]

    vague = submission(
        municipality="kamenice",
        raised_issues=[{"description": "Takimi u mbajt në bibliotekë.", "severity": "low"}],
    )
    assert (await intake.post("/consultations", json=vague)).status_code == 201
    plan = await plan_when(reporting, "kamenice", lambda p: p["consultation_count"] == 2)
    # Nothing is dropped: what the classifier cannot place (or only guesses at) is
    # listed for planners to read, and counts in no category.
    listed = [plan["plan"][k] for k in ("unclassified", "needs_human") if plan["plan"][k]]
    assert [(x["issue_count"], x["consultation_ids"]) for x in listed] == [
        (1, [vague["consultation_id"]])
    ]
    assert listed[0]["issues"] == [
        {
            "consultation_id": vague["consultation_id"],
            "issue_index": 0,
            "text": "Takimi u mbajt në bibliotekë.",  # quoted in the plan, not a bare id
            "language": "sq",  # so a plan in another language labels the quote
        }
    ]
    assert vague["consultation_id"] not in _evidence(plan)

    page = await reporting.get("/ui/plans/kamenice")
    assert page.status_code == 200
    assert "Kamenicë" in page.text
    assert "Child labour" in page.text
    overview = await reporting.get("/ui")
    assert 'href="/ui/plans/kamenice"' in overview.text


async def test_retry_is_harmless_and_a_reused_id_is_a_conflict(
    intake: httpx.AsyncClient, reporting: httpx.AsyncClient
) -> None:
    body = submission(municipality="viti")
    assert (await intake.post("/consultations", json=body)).status_code == 201
    retry = await intake.post("/consultations", json=body)
    assert retry.status_code == 200
    assert retry.json()["status"] == "already_accepted"
    clash = await intake.post("/consultations", json={**body, "participant_count": 9})
    assert clash.status_code == 409

    other = submission(municipality="viti")
    assert (await intake.post("/consultations", json=other)).status_code == 201
    plan = await plan_when(reporting, "viti", lambda p: p["consultation_count"] >= 2)
    assert plan["consultation_count"] == 2  # the retry was not counted twice
    stored = (await intake.get(f"/consultations/{body['consultation_id']}")).json()
    assert stored["participant_count"] == body["participant_count"]


async def test_invalid_records_get_field_level_reasons(intake: httpx.AsyncClient) -> None:
    resp = await intake.post(
        "/consultations", json=submission(participant_count=0, municipality="atlantis")
    )
    assert resp.status_code == 422
    fields = {e["field"] for e in resp.json()["errors"]}
    assert fields == {"participant_count", "municipality"}

    future = await intake.post("/consultations", json=submission(consultation_date="2999-01-01"))
    assert future.status_code == 422
    assert future.json()["errors"] == [{"field": "consultation_date", "reason": "is in the future"}]


async def test_poison_message_goes_to_the_dlq_and_the_stream_goes_on(
    settings: Settings, intake: httpx.AsyncClient, reporting: httpx.AsyncClient
) -> None:
    producer = AIOKafkaProducer(**client_args(settings))
    await producer.start()
    try:
        await producer.send_and_wait(
            settings.topic(CONSULTATIONS), b'{"not": "a consultation"}', key=b"peje"
        )
    finally:
        await producer.stop()
    body = submission(municipality="peje")
    assert (await intake.post("/consultations", json=body)).status_code == 201
    await plan_when(reporting, "peje", lambda p: body["consultation_id"] in _evidence(p))

    consumer = AIOKafkaConsumer(
        settings.topic(dlq(CONSULTATIONS)),
        **client_args(settings),
        group_id=f"test-{uuid.uuid4()}",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        batch = await consumer.getmany(timeout_ms=10_000)
    finally:
        await consumer.stop()
    poison = b'{"not": "a consultation"}'
    dead = [m for msgs in batch.values() for m in msgs if m.value == poison]
    # Each consumer of consultations.v1 dead-letters what it cannot read.
    assert [m.value for m in dead] == [b'{"not": "a consultation"}'] * 2
    services = sorted(dict(m.headers)["dlq_service"] for m in dead)
    assert services == [b"planning", b"reporting"]
    assert all(b"validation error" in dict(m.headers)["dlq_error"] for m in dead)


async def test_each_service_recorded_its_migrations(
    settings: Settings, running_services: object
) -> None:
    conn = await asyncpg.connect(settings.dsn)
    try:
        for schema in ("consultations", "planning", "reporting"):
            versions = await conn.fetch(
                f"SELECT version FROM {schema}.schema_migrations ORDER BY version"
            )
            assert next(r["version"] for r in versions).startswith("001_")
    finally:
        await conn.close()


async def test_the_runtime_migrates_one_outbox_into_each_service_schema(
    settings: Settings, running_services: object
) -> None:
    conn = await asyncpg.connect(settings.dsn)
    try:
        for schema in ("consultations", "planning", "reporting"):
            versions = {
                r["version"]
                for r in await conn.fetch(f"SELECT version FROM {schema}.schema_migrations")
            }
            assert "outbox.001_outbox" in versions
            columns = await conn.fetch(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = $1 AND table_name = 'outbox' ORDER BY ordinal_position",
                schema,
            )
            assert [c["column_name"] for c in columns] == [
                "id",
                "topic",
                "key",
                "value",
                "headers",
                "created_at",
                "published_at",
            ]
    finally:
        await conn.close()
