"""Fault injection with real processes: kill -9, broker and database restarts, rebalance.

Each scenario runs on its own database and topics and ends with the same oracle:
every accepted consultation is in planning's evidence exactly once, plan versions
only increase (1..n), reporting shows every accepted record, and all outboxes drain.
"""

import asyncio
import signal
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from dmap.stack.isolated import free_port
from dmap.stack.kafka_node import KafkaNode
from dmap.stack.load import Stack, fresh_stack, records, settle, submit_batches
from dmap.stack.postgres_node import PostgresNode
from dmap.stack.services import ServiceProcesses
from schemas.topics import CONSULTATIONS, dlq
from services.consultations.domain.intake import ConsultationSubmission, accept, recorded_event
from services.runtime.kafka import client_args
from tests.faults.harness import check_oracle, planning_count, submit_one_by_one

Report = Callable[[str], None]


async def wait_until(predicate: Callable[[], object], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not await predicate():  # type: ignore[misc]
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        await asyncio.sleep(0.1)


def line(name: str, stack: Stack, result: dict[str, int], extra: str = "") -> str:
    return (
        f"{name}: sent {result['sent']}, accepted {result['accepted']}, in planning "
        f"{result['in_planning']}, in reporting plans {result['in_reporting_plans']}, "
        f"HTTP {dict(sorted(stack.statuses.items()))}{extra}"
    )


async def test_kill_9_planning_in_the_middle_of_a_large_batch(report: Report) -> None:
    async with fresh_stack("kill") as stack:
        load = asyncio.create_task(submit_batches(stack, records(3000)))
        await wait_until(lambda: _at_least(stack, 300))
        at_kill = await planning_count(stack.settings)
        await asyncio.to_thread(stack.procs.kill, "planning")  # SIGKILL: no cleanup runs
        await load
        stack.procs.start("planning")
        await asyncio.to_thread(stack.procs.wait_healthy, "planning")
        await settle(stack)
        result = await check_oracle(stack)
        assert result["accepted"] == 3000
        report(line("kill -9 planning", stack, result, f"; planning held {at_kill} at the kill"))


async def test_broker_restart_while_consultations_are_submitted(report: Report) -> None:
    async with fresh_stack("broker") as stack:
        node = KafkaNode(stack.settings)
        load = asyncio.create_task(submit_one_by_one(stack, records(400), pause_s=0.2))
        await asyncio.sleep(1.0)
        await asyncio.to_thread(node.down)
        down_at = stack.sent
        await asyncio.sleep(3)
        await asyncio.to_thread(node.up)
        up_at = stack.sent
        await load
        assert down_at < 400, "the outage must begin during the submissions"
        assert not [code for code in stack.statuses if code >= 500], stack.statuses
        await settle(stack, 240)
        result = await check_oracle(stack)
        assert result["accepted"] == 400
        report(
            line(
                "Kafka broker stopped and restarted",
                stack,
                result,
                f"; broker down from request {down_at} to {up_at}",
            )
        )


async def test_database_restart_under_the_planning_consumer(report: Report) -> None:
    async with fresh_stack("pg") as stack:
        await submit_batches(stack, records(1500))
        await wait_until(lambda: _at_least(stack, 100))
        at_stop = await planning_count(stack.settings)
        node = PostgresNode(stack.settings)
        await asyncio.to_thread(node.down)
        await asyncio.sleep(4)
        await asyncio.to_thread(node.up)
        await settle(stack, 240)
        result = await check_oracle(stack)
        assert result["accepted"] == 1500
        report(
            line(
                "PostgreSQL stopped and restarted",
                stack,
                result,
                f"; planning held {at_stop} when it stopped",
            )
        )


async def test_duplicates_and_poison_from_a_buggy_producer(report: Report) -> None:
    async with fresh_stack("dup") as stack:
        today = date.today()
        events = [
            recorded_event(
                accept(ConsultationSubmission.model_validate(r), today).record, datetime.now(UTC)
            )
            for r in records(60)
        ]
        producer = AIOKafkaProducer(**client_args(stack.settings))
        await producer.start()
        topic = stack.settings.topic(CONSULTATIONS)
        sent = 0
        try:
            for i, event in enumerate(events[:50]):
                key = event.data.municipality.value.encode()
                body = event.model_dump_json().encode()
                await producer.send_and_wait(topic, body, key=key)
                await producer.send_and_wait(topic, body, key=key)  # exact duplicate
                sent += 2
                if i % 5 == 0:  # the same consultation under a new event id
                    again = event.model_copy(update={"id": uuid.uuid4()})
                    await producer.send_and_wait(topic, again.model_dump_json().encode(), key=key)
                    sent += 1
                if i == 25:
                    await producer.send_and_wait(
                        topic, b'{"type": "org.dmap.unknown.v9"}', key=b"prizren"
                    )
                    await producer.send_and_wait(topic, b"\xff not json", key=b"prizren")
                    sent += 2
            for event in events[50:]:
                await producer.send_and_wait(
                    topic,
                    event.model_dump_json().encode(),
                    key=event.data.municipality.value.encode(),
                )
                sent += 1
        finally:
            await producer.stop()
        # Valid on the wire but impossible to plan (year 10): planning and reporting both
        # dead-letter it (issue 10: reporting no longer counts what no plan counts) and
        # the partition goes on.
        ancient = events[0].model_copy(
            update={
                "id": uuid.uuid4(),
                "data": events[0].data.model_copy(
                    update={"consultation_id": uuid.uuid4(), "consultation_date": date(10, 10, 12)}
                ),
            }
        )
        producer = AIOKafkaProducer(**client_args(stack.settings))
        await producer.start()
        try:
            await producer.send_and_wait(topic, ancient.model_dump_json().encode(), key=b"viti")
            for event in events[:3]:  # already known records, after it in the same partition
                await producer.send_and_wait(topic, event.model_dump_json().encode(), key=b"viti")
        finally:
            await producer.stop()
        stack.sent = sent + 4
        stack.accepted = {str(e.data.consultation_id) for e in events}
        await settle(stack)
        result = await check_oracle(stack)
        dead = await _read_all(stack, stack.settings.topic(dlq(CONSULTATIONS)))
        poison = [b'{"type": "org.dmap.unknown.v9"}', b"\xff not json"] * 2
        assert sorted(dead) == sorted([*poison, *[ancient.model_dump_json().encode()] * 2])
        report(
            f"duplicates and poison injected with aiokafka: {stack.sent} messages for "
            f"{len(events) + 1} consultations; in planning {result['in_planning']}; "
            f"dead-lettered {len(dead)} (2 poison and a year-10 record, each by planning and "
            "reporting)"
        )


async def test_second_planning_instance_joins_and_leaves_under_load(report: Report) -> None:
    async with fresh_stack("rebalance") as stack:
        second = ServiceProcesses(
            stack.settings.model_copy(
                update={
                    "planning_port": free_port(),
                    "instance": f"planning-2-{uuid.uuid4().hex[:6]}",
                }
            )
        )
        # About 25 s of load: the second instance must start, join, apply a batch and
        # leave before it ends, also on a loaded machine.
        load = asyncio.create_task(submit_batches(stack, records(3000), size=30, pause_s=0.25))
        await wait_until(lambda: _at_least(stack, 200))
        second.start("planning")
        await asyncio.to_thread(second.wait_healthy, "planning")
        joined_at = await planning_count(stack.settings)
        second_log = stack.settings.home / "logs" / f"planning-{second.settings.planning_port}.log"

        async def second_applied_a_batch() -> bool:
            text = await asyncio.to_thread(second_log.read_text)
            return '"event": "batch_applied"' in text

        await wait_until(second_applied_a_batch, timeout_s=60)
        # Only its planning process (the other services are the first stack's): SIGTERM.
        await asyncio.to_thread(second.kill, "planning", signal.SIGTERM)
        left_at = await planning_count(stack.settings)
        await load
        await settle(stack, 240)
        result = await check_oracle(stack)
        assert result["accepted"] == 3000
        batches = second_log.read_text().count('"event": "batch_applied"')
        assert batches > 0
        assert left_at < 3000, "the second instance left after the load ended"
        report(
            line(
                "second planning instance joined and left",
                stack,
                result,
                f"; joined at {joined_at}, left at {left_at}, it applied {batches} batches",
            )
        )


async def _at_least(stack: Stack, n: int) -> bool:
    return await planning_count(stack.settings) >= n


async def _read_all(stack: Stack, topic: str) -> list[bytes]:
    consumer = AIOKafkaConsumer(
        topic,
        **client_args(stack.settings),
        group_id=f"check-{uuid.uuid4()}",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        batch = await consumer.getmany(timeout_ms=5000)
        return [m.value for msgs in batch.values() for m in msgs]
    finally:
        await consumer.stop()


async def test_sigterm_lets_planning_finish_the_batch_in_hand(report: Report) -> None:
    async with fresh_stack("sigterm") as stack:
        load = asyncio.create_task(submit_batches(stack, records(2000), size=250, pause_s=0.1))
        await wait_until(lambda: _at_least(stack, 200))
        at_stop = await planning_count(stack.settings)
        log = stack.settings.home / "logs" / f"planning-{stack.settings.planning_port}.log"
        await asyncio.to_thread(stack.procs.kill, "planning", signal.SIGTERM)
        text = await asyncio.to_thread(log.read_text)
        shutdown = text[text.rindex("Shutting down") :]
        # A clean stop: the lifespan ran to its end and no batch was cut off and retried.
        assert "Application shutdown complete" in shutdown
        assert "batch_failed" not in shutdown
        await load
        stack.procs.start("planning")
        await asyncio.to_thread(stack.procs.wait_healthy, "planning")
        await settle(stack)
        result = await check_oracle(stack)
        assert result["accepted"] == 2000
        report(
            line(
                "SIGTERM to planning under load",
                stack,
                result,
                f"; planning held {at_stop} when stopped",
            )
        )
