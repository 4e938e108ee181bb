"""Issue 10, finding 6: `dmap reporting rebuild` skips and reports poison as the live
consumers do, instead of crashing on it."""

import asyncio
from datetime import UTC, date, datetime
from uuid import UUID

import asyncpg
from aiokafka import AIOKafkaProducer

from dmap.dlq import list_dead_letters
from schemas.topics import CONSULTATIONS, dlq
from services.consultations.domain.intake import ConsultationSubmission, accept, recorded_event
from services.reporting.rebuild import rebuild
from services.runtime.database import create_pool
from services.runtime.settings import Settings
from tests.factories import submission

TEXT = "Mungojnë librat e leximit."


def event_json(municipality: str, *, nul: bool) -> tuple[UUID, bytes]:
    body = submission(municipality=municipality)
    body["raised_issues"][0]["description"] = TEXT
    record = accept(ConsultationSubmission.model_validate(body), date.today()).record
    raw = recorded_event(record, datetime.now(UTC)).model_dump_json()
    if nul:  # valid JSON that PostgreSQL's jsonb refuses, as a raw producer could send
        raw = raw.replace(TEXT, TEXT.replace(" ", "\\u0000", 1))
    return record.consultation_id, raw.encode()


async def wait_for(conn: asyncpg.Connection, query: str, *args: object) -> None:
    for _ in range(120):
        if await conn.fetchval(query, *args):
            return
        await asyncio.sleep(0.25)
    raise AssertionError(f"timed out: {query}")


async def test_rebuild_skips_and_reports_a_record_that_fails_when_applied(
    settings: Settings, running_services: object
) -> None:
    poison_id, poison = event_json("kamenice", nul=True)
    good_id, good = event_json("kamenice", nul=False)
    producer = AIOKafkaProducer(bootstrap_servers=settings.bootstrap_servers)
    await producer.start()
    try:
        topic = settings.topic(CONSULTATIONS)
        sent = await producer.send_and_wait(topic, poison, key=b"kamenice")
        await producer.send_and_wait(topic, good, key=b"kamenice")
    finally:
        await producer.stop()
    poison_origin = f"{topic}/{sent.partition}/{sent.offset}"

    conn = await asyncpg.connect(settings.dsn)
    try:
        # The live consumers apply the good record and dead-letter the poison.
        await wait_for(
            conn, "SELECT count(*) FROM reporting.consultations WHERE consultation_id = $1", good_id
        )
        for _ in range(120):
            letters = await list_dead_letters(settings, dlq(CONSULTATIONS))
            services = {d.service for d in letters if d.key == "kamenice"}
            if services >= {"planning", "reporting"}:
                break
            await asyncio.sleep(0.25)
        else:
            raise AssertionError(f"the poison was not dead-lettered by both: {services}")

        pool = await create_pool(settings.dsn, 2)
        try:
            report = await rebuild(settings, pool)
        finally:
            await pool.close()
        assert poison_origin in report.skipped
        assert report.skipped_failed >= 1
        assert report.applied > 0
        assert await conn.fetchval(
            "SELECT count(*) FROM reporting.consultations WHERE consultation_id = $1", good_id
        )
        assert not await conn.fetchval(
            "SELECT count(*) FROM reporting.consultations WHERE consultation_id = $1", poison_id
        )
    finally:
        await conn.close()
