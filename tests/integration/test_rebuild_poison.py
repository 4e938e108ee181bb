"""Issue 10, finding 6: `dmap reporting rebuild` skips and reports poison as the live
consumers do, instead of crashing on it.

A NUL character in a consultation no longer poisons anything (the consumers clean
free text as intake does), so the poison here is a plan event PostgreSQL refuses."""

import asyncio
from datetime import UTC, date, datetime
from uuid import UUID

import asyncpg

from dmap.dlq import list_dead_letters
from schemas.topics import CONSULTATIONS, PLANS, dlq
from schemas.vocabulary import MunicipalityCode
from services.consultations.domain.intake import ConsultationSubmission, accept, recorded_event
from services.planning.domain.plan import draft_plan
from services.planning.domain.plan_events import plan_event
from services.planning.rules import catalogue, classifier_rules
from services.reporting.rebuild import rebuild
from services.runtime.database import create_pool
from services.runtime.kafka import build_producer
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


def plan_event_json(municipality: str, cycle: str) -> bytes:
    """A plan event that parses but that PostgreSQL refuses (NUL in a school name)."""
    body = submission(municipality=municipality, consultation_date=f"{cycle[:4]}-10-01")
    body["school"]["name"] = "SHFMU Bedri Pejani"
    record = accept(ConsultationSubmission.model_validate(body), date.today()).record
    plan = draft_plan(
        MunicipalityCode(municipality), cycle, [record], classifier_rules(), catalogue()
    )
    raw = plan_event(plan, None, datetime.now(UTC)).model_dump_json()
    return raw.replace("SHFMU Bedri Pejani", "SHFMU\\u0000Bedri Pejani").encode()


async def test_rebuild_skips_and_reports_a_record_that_fails_when_applied(
    settings: Settings, running_services: object
) -> None:
    nul_id, nul = event_json("kamenice", nul=True)
    good_id, good = event_json("kamenice", nul=False)
    producer = build_producer(settings, "test")
    await producer.start()
    try:
        topic = settings.topic(CONSULTATIONS)
        await producer.send_and_wait(topic, nul, key=b"kamenice")
        await producer.send_and_wait(topic, good, key=b"kamenice")
        plans = settings.topic(PLANS)
        sent = await producer.send_and_wait(
            plans, plan_event_json("kamenice", "2025-2026"), key=b"kamenice:2025-2026"
        )
    finally:
        await producer.stop()
    poison_origin = f"{plans}/{sent.partition}/{sent.offset}"

    conn = await asyncpg.connect(settings.dsn)
    try:
        # The consumers clean what they read (issue 10): the NUL is dropped, the record kept.
        for cid in (good_id, nul_id):
            await wait_for(
                conn, "SELECT count(*) FROM reporting.consultations WHERE consultation_id = $1", cid
            )
        await wait_for(
            conn, "SELECT count(*) FROM planning.consultations WHERE consultation_id = $1", nul_id
        )
        stored = await conn.fetchval(
            "SELECT payload::text FROM planning.consultations WHERE consultation_id = $1", nul_id
        )
        assert TEXT.replace(" ", "", 1) in stored
        # A plan event PostgreSQL refuses is dead-lettered by reporting, its only consumer.
        for _ in range(120):
            letters = await list_dead_letters(settings, dlq(PLANS))
            services = {d.service for d in letters if d.key == "kamenice:2025-2026"}
            if "reporting" in services:
                break
            await asyncio.sleep(0.25)
        else:
            raise AssertionError(f"the poison was not dead-lettered by reporting: {services}")

        pool = await create_pool(settings.dsn, 2)
        try:
            # A plan event with no snapshot is applied from plans.v1 by --from-snapshots too.
            reports = [await rebuild(settings, pool, from_snapshots=s) for s in (True, False)]
        finally:
            await pool.close()
        for report in reports:
            assert poison_origin in report.skipped
            assert report.skipped_failed >= 1
            assert report.applied > 0
        assert await conn.fetchval(
            "SELECT count(*) FROM reporting.consultations WHERE consultation_id = $1", good_id
        )
        assert not await conn.fetchval(
            "SELECT count(*) FROM reporting.latest_plans WHERE plan_id = 'kamenice:2025-2026'"
        )
    finally:
        await conn.close()
