"""Planted personal data never reaches the database, Kafka or the service logs."""

import asyncio
import uuid

import asyncpg
import httpx
from aiokafka import AIOKafkaConsumer

from schemas.topics import CONSULTATIONS, PLANS
from services.runtime.kafka import client_args
from services.runtime.settings import Settings
from tests.factories import submission

SECRETS = [
    "Arta Krasniqi",
    "044 123 456",
    "arta.k@example.com",
    "1234567890",
    "Marko Petrović",
    "+383 49 765 432",
]


async def test_planted_pii_is_redacted_everywhere(
    settings: Settings, intake: httpx.AsyncClient, reporting: httpx.AsyncClient
) -> None:
    body = submission(
        municipality="kline",
        raised_issues=[
            {
                "description": "Nxënësja Arta Krasniqi punon në treg; tel. 044 123 456, "
                "email arta.k@example.com, nr. personal 1234567890.",
                "severity": "high",
            },
            {
                "description": "Učenik Marko Petrović prosi na ulici, +383 49 765 432.",
                "category": "street_situation",
            },
        ],
        recommendations=["Të telefonohet prindi në 044 123 456"],
    )
    resp = await intake.post("/consultations", json=body)
    assert resp.status_code == 201
    assert resp.json()["redactions"] == {"email": 1, "name": 2, "personal_number": 1, "phone": 3}
    stored = (await intake.get(f"/consultations/{body['consultation_id']}")).json()
    assert "[NAME]" in stored["raised_issues"][0]["description"]

    # Wait until the plan includes it, so every downstream copy exists.
    for _ in range(60):
        plan = await reporting.get("/plans/kline")
        if plan.status_code == 200 and plan.json()["consultation_count"] >= 1:
            break
        await asyncio.sleep(0.5)

    conn = await asyncpg.connect(settings.dsn)
    try:
        tables = [
            await conn.fetchval(f"SELECT coalesce(string_agg(t::text, ' '), '') FROM {table} t")
            for table in (
                "consultations.records",
                "consultations.audit_log",
                "planning.consultations",
                "planning.plans",
                "reporting.plan_versions",
                "reporting.latest_plans",
            )
        ]
        outboxes = [  # bytea prints as hex: decode the event bodies
            await conn.fetchval(
                f"SELECT coalesce(string_agg(convert_from(value, 'UTF8'), ' '), '') FROM {table}"
            )
            for table in ("consultations.outbox", "planning.outbox")
        ]
    finally:
        await conn.close()
    database = " ".join(tables + outboxes)
    assert body["consultation_id"] in " ".join(outboxes)  # the record is there ...
    for secret in SECRETS:
        assert secret not in database, secret  # ... without the personal data

    messages = []
    for topic in (CONSULTATIONS, PLANS):
        consumer = AIOKafkaConsumer(
            settings.topic(topic),
            **client_args(settings),
            group_id=f"pii-{uuid.uuid4()}",
            auto_offset_reset="earliest",
        )
        await consumer.start()
        try:
            batch = await consumer.getmany(timeout_ms=5000, max_records=100_000)
        finally:
            await consumer.stop()
        messages += [m.value.decode() for msgs in batch.values() for m in msgs]
    kafka = " ".join(messages)
    assert body["consultation_id"] in kafka
    for secret in SECRETS:
        assert secret not in kafka, secret

    logs = " ".join(
        p.read_text(errors="replace")
        for p in (settings.home / "logs").glob(f"*-{settings.consultations_port}.log")
    ) + " ".join(
        p.read_text(errors="replace")
        for name in ("planning", "reporting")
        for p in (settings.home / "logs").glob(f"{name}-{settings.port(name)}.log")
    )
    assert body["consultation_id"] in logs  # the services logged this record ...
    for secret in SECRETS:
        assert secret not in logs, secret  # ... and nothing personal
