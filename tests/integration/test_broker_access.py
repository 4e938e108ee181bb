"""The local broker is closed: accounts, and ACLs per service and integrator (issue 10).

Before this, anyone reaching the broker could write any topic, e.g. approve a
plan with a ReviewRecorded produced by hand on plan-reviews.v1.
"""

import asyncio
import uuid

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import KafkaError
from pydantic import SecretStr

from dmap.stack.kafka_access import create_integrator, group_prefix, service_account
from schemas.topics import CONSULTATIONS, PLAN_REVIEWS, PLAN_SNAPSHOTS, PLANS
from services.runtime.kafka import build_producer, client_args
from services.runtime.settings import ServiceName, Settings

REFUSED = (KafkaError, OSError, TimeoutError)


def as_account(settings: Settings, user: str, password: str) -> Settings:
    return settings.model_copy(
        update={
            "kafka_security_protocol": "SASL_PLAINTEXT",
            "kafka_sasl_mechanism": "SCRAM-SHA-512",
            "kafka_sasl_username": user,
            "kafka_sasl_password": SecretStr(password),
        }
    )


def as_service(settings: Settings, service: ServiceName) -> Settings:
    account = service_account(settings, service)
    return as_account(
        settings, account["DMAP_KAFKA_SASL_USERNAME"], account["DMAP_KAFKA_SASL_PASSWORD"]
    )


async def write(settings: Settings, topic: str, value: bytes = b"probe") -> None:
    producer = build_producer(settings, "access-probe")
    try:
        await producer.start()
        await asyncio.wait_for(
            producer.send_and_wait(settings.topic(topic), value, key=b"probe"), 15
        )
    finally:
        await producer.stop()


async def read(settings: Settings, topic: str, group: str) -> None:
    """Join `group` on `topic` and fetch; raises when the account may not."""
    consumer = AIOKafkaConsumer(
        settings.topic(topic), **client_args(settings), group_id=group, auto_offset_reset="earliest"
    )
    try:
        await asyncio.wait_for(consumer.start(), 15)
        await consumer.getmany(timeout_ms=2000)
        await asyncio.wait_for(consumer.committed(TopicPartition(settings.topic(topic), 0)), 15)
    finally:
        await consumer.stop()


async def test_a_client_without_an_account_is_refused(settings: Settings) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=settings.bootstrap_servers)
    with pytest.raises(REFUSED):
        await asyncio.wait_for(producer.start(), 10)
    await producer.stop()


@pytest.mark.parametrize(
    ("service", "topic"),
    [
        ("consultations", PLANS),
        ("consultations", PLAN_REVIEWS),
        ("planning", CONSULTATIONS),
        ("planning", PLAN_REVIEWS),
        ("reporting", PLANS),
        ("reporting", CONSULTATIONS),
    ],
)
async def test_a_service_may_not_write_a_topic_it_does_not_own(
    settings: Settings, running_services: object, service: ServiceName, topic: str
) -> None:
    with pytest.raises(REFUSED):
        await write(as_service(settings, service), topic)


async def test_a_service_writes_its_own_topic(settings: Settings, running_services: object) -> None:
    await write(as_service(settings, "planning"), PLAN_SNAPSHOTS, b"")  # a tombstone: harmless


async def test_an_integrator_reads_plans_and_writes_nothing(settings: Settings) -> None:
    name = f"acme-{uuid.uuid4().hex[:6]}"
    user, password = await asyncio.to_thread(create_integrator, settings, name)
    integrator = as_account(settings, user, password)
    await read(integrator, PLANS, f"{group_prefix(name)}plans")
    await read(integrator, PLAN_SNAPSHOTS, f"{group_prefix(name)}snapshots")
    # The forged approval of the issue: "Minister of Education" on plan-reviews.v1.
    with pytest.raises(REFUSED):
        await write(integrator, PLAN_REVIEWS, b'{"decision": "approve"}')
    with pytest.raises(REFUSED):
        await write(integrator, PLANS)
    with pytest.raises(REFUSED):
        await read(integrator, CONSULTATIONS, f"{group_prefix(name)}consultations")
    for foreign in (f"dmap-reporting-{name}", name, f"integrator-{name}-x.plans"):
        with pytest.raises(REFUSED):  # groups outside its namespace, the services' too
            await read(integrator, PLANS, foreign)


@pytest.mark.parametrize("bad", ["", "Acme", "acme.x", "acme/", "-acme", "acme--x"])
def test_an_integrator_name_is_refused_unless_plain(settings: Settings, bad: str) -> None:
    with pytest.raises(ValueError, match="lower-case"):
        create_integrator(settings, bad)


def test_integrator_groups_live_in_their_own_namespace() -> None:
    # Even a name that looks like a service's stays inside "integrator-<name>.".
    assert group_prefix("dmap-reporting") == "integrator-dmap-reporting."
