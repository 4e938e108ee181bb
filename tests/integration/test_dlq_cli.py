"""`dmap dlq list | replay`: a dead letter that is valid now is replayed once and processed."""

import asyncio
from datetime import UTC, date, datetime

import asyncpg
from aiokafka import AIOKafkaProducer

from dmap.dlq import list_dead_letters, replay
from schemas.topics import CONSULTATIONS, dlq
from services.consultations.domain.intake import ConsultationSubmission, accept, recorded_event
from services.runtime.kafka import client_args
from services.runtime.settings import Settings
from tests.factories import submission


async def test_replay_sends_a_dead_letter_back_once(
    settings: Settings, running_services: object
) -> None:
    record = accept(
        ConsultationSubmission.model_validate(submission(municipality="novoberde")), date.today()
    ).record
    event = recorded_event(record, datetime.now(UTC))
    producer = AIOKafkaProducer(**client_args(settings))
    await producer.start()
    try:  # as if a consumer bug had dead-lettered a good event
        await producer.send_and_wait(
            settings.topic(dlq(CONSULTATIONS)),
            event.model_dump_json().encode(),
            key=b"novoberde",
            headers=[
                ("dlq_error", b"bug fixed since"),
                ("dlq_service", b"planning"),
                ("ce_id", b"x"),
            ],
        )
    finally:
        await producer.stop()
    letters = await list_dead_letters(settings, dlq(CONSULTATIONS))
    assert any(d.key == "novoberde" and d.error == "bug fixed since" for d in letters)

    first = await replay(settings, dlq(CONSULTATIONS))
    assert "novoberde" in [d.key for d in first]
    conn = await asyncpg.connect(settings.dsn)
    try:
        for _ in range(60):
            if await conn.fetchval(
                "SELECT count(*) FROM planning.consultations WHERE consultation_id = $1",
                record.consultation_id,
            ):
                break
            await asyncio.sleep(0.25)
        else:
            raise AssertionError("the replayed consultation never reached planning")
    finally:
        await conn.close()
    # Nothing is replayed twice (poison replayed above may come back as new entries).
    again = await replay(settings, dlq(CONSULTATIONS))
    assert not {d.offset for d in again} & {d.offset for d in first}
    assert "novoberde" not in [d.key for d in again]
