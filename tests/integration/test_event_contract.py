"""The event contract, checked by third-party readers against the real stack.

- the official AsyncAPI parser (npm `@asyncapi/parser`) on the committed
  document and on the one reporting serves (its payload schemas fetched from
  reporting over HTTP);
- the official CloudEvents SDK reading one event of every type as the real
  unit of work and outbox relay published it to the real broker;
- each event's `data` validated (jsonschema) against the schema its
  `dataschema` URL serves.
"""

import asyncio
import json
import subprocess
import tempfile
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer
from cloudevents.core.bindings import kafka as ce_kafka
from jsonschema import Draft202012Validator

from dmap.cli import ASYNCAPI_DIR
from dmap.stack.isolated import clean_up, isolated_settings, prepare
from dmap.stack.services import ServiceProcesses
from schemas.envelope import EventEnvelope
from services.runtime.database import apply_migrations, create_pool
from services.runtime.kafka import build_producer, client_args
from services.runtime.outbox import OutboxRelay
from services.runtime.settings import REPO_ROOT, Settings
from services.runtime.unit_of_work import Transactions, UnitOfWork
from tests.event_samples import sample_events

INSTALL = REPO_ROOT / "deploy" / "install-asyncapi-parser.sh"
VALIDATE = REPO_ROOT / "deploy" / "asyncapi" / "validate.cjs"
SAMPLES = sample_events()


@pytest.fixture(scope="module")
def asyncapi_parser() -> str:
    """node_modules holding @asyncapi/parser (installed once into a cache outside the repo)."""
    done = subprocess.run([str(INSTALL)], capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        pytest.fail(f"cannot install @asyncapi/parser: {done.stderr.strip()}", pytrace=False)
    return done.stdout.strip().splitlines()[-1]


def parse_asyncapi(modules: str, source: str) -> dict[str, Any]:
    done = subprocess.run(
        ["node", str(VALIDATE), modules, source], capture_output=True, text=True, timeout=120
    )
    assert done.stdout, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    assert done.returncode == 0, json.dumps(result["diagnostics"], indent=1)
    return result


def test_the_official_parser_accepts_the_committed_document(
    asyncapi_parser: str, report: Callable[[str], None]
) -> None:
    result = parse_asyncapi(asyncapi_parser, str(ASYNCAPI_DIR / "asyncapi.json"))
    assert (result["errors"], result["warnings"]) == (0, 0), result["diagnostics"]
    assert (result["channels"], result["messages"]) == (16, 17)
    report(f"@asyncapi/parser, docs/asyncapi/asyncapi.json: {json.dumps(result)}")


def test_the_official_parser_accepts_the_served_document(
    asyncapi_parser: str, running_services: ServiceProcesses, report: Callable[[str], None]
) -> None:
    url = running_services.settings.service_url("reporting") + "/asyncapi.json"
    result = parse_asyncapi(asyncapi_parser, url)
    assert (result["errors"], result["warnings"]) == (0, 0), result["diagnostics"]
    report(f"@asyncapi/parser, GET /asyncapi.json: {json.dumps(result)}")


@pytest.fixture(scope="module")
async def relayed(running_services: ServiceProcesses) -> AsyncIterator[list[Any]]:
    """One event of each type, emitted through a unit of work and published by the real
    relay on topics of their own (no service consumes them), then read back raw."""
    served = running_services.settings.schemas_url
    settings = isolated_settings("ce").model_copy(update={"schema_base_url": served})
    await prepare(settings)
    pool = await create_pool(settings.dsn, 2)
    producer = build_producer(settings, "contract-test")
    await producer.start()
    relay = OutboxRelay(pool, producer, "contract_test", poll_interval_s=0.05)
    try:
        with tempfile.TemporaryDirectory() as none:
            await apply_migrations(pool, "contract_test", Path(none), outbox=True)
        relay.start()
        units = Transactions(settings, pool, relay, "contract_test", lambda c, s: UnitOfWork(s))
        async with units() as unit:
            for topic, key, event in SAMPLES:
                unit.emit(topic, key, event)
        yield await _read_back(settings, {settings.topic(t) for t, _, _ in SAMPLES}, len(SAMPLES))
    finally:
        await relay.stop()
        await producer.stop()
        await pool.close()
        await clean_up(settings)


async def _read_back(settings: Settings, topics: set[str], count: int) -> list[Any]:
    consumer = AIOKafkaConsumer(
        *topics, **client_args(settings), group_id=None, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        seen: list[Any] = []
        async with asyncio.timeout(60):
            while len(seen) < count:
                batch = await consumer.getmany(timeout_ms=1000)
                seen += [m for msgs in batch.values() for m in msgs]
        return seen
    finally:
        await consumer.stop()


def _sdk_message(record: Any) -> ce_kafka.KafkaMessage:
    return ce_kafka.KafkaMessage(headers=dict(record.headers), key=record.key, value=record.value)


async def test_the_cloudevents_sdk_reads_every_event_type_from_the_relay(
    relayed: list[Any], running_services: ServiceProcesses, report: Callable[[str], None]
) -> None:
    expected = {e.type: (key, e) for _, key, e in SAMPLES}
    read = {}
    for record in relayed:
        assert dict(record.headers) == {
            "content-type": b"application/cloudevents+json; charset=UTF-8"
        }
        event = ce_kafka.from_kafka_event(_sdk_message(record))  # detects structured mode
        read[event.get_type()] = event
        key, sample = expected[event.get_type()]
        assert event.get_extension("partitionkey") == key
        assert event.get_specversion() == "1.0"
        assert event.get_source() == sample.source
        assert event.get_subject() == sample.subject
        assert event.get_time() == sample.time
        assert event.get_data() == json.loads(sample.data.model_dump_json())
    assert set(read) == set(expected), "an event type did not arrive"
    served = running_services.settings.schemas_url
    async with httpx.AsyncClient(timeout=10) as client:
        for kind, event in read.items():
            url = event.get_dataschema()
            sample: EventEnvelope[Any] = expected[kind][1]
            assert url == f"{served}/{sample.DATA_SCHEMA}.json"
            schema = (await client.get(url)).raise_for_status().json()
            assert schema["$id"] == url
            validator = Draft202012Validator(
                schema, format_checker=Draft202012Validator.FORMAT_CHECKER
            )
            errors = [e.message for e in validator.iter_errors(event.get_data())]
            assert errors == [], f"{kind}: {errors}"
    report(
        f"cloudevents SDK from_kafka_event: {len(read)} event types read from the relay "
        f"in structured mode; data valid against each served dataschema (jsonschema): "
        f"{', '.join(sorted(read))}"
    )
