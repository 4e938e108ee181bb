"""DMAP's Kafka messages follow the CloudEvents Kafka binding (structured mode).

Read with the official SDK (`cloudevents`): its mode detection must pick
structured mode (no `ce_` header) and see every required attribute. Old
messages (ce_ headers, no content-type) stay readable by DMAP's parsers and by
the SDK's structured reader.
"""

import json
from typing import Any

import pytest
from cloudevents.core.bindings import kafka as ce_kafka
from cloudevents.v1 import kafka as ce_kafka_v1
from pydantic import TypeAdapter

from schemas.envelope import EventEnvelope
from schemas.progress import AlertEvent
from schemas.topics import (
    CONSULTATIONS,
    MUNICIPAL_STATISTICS,
    PLAN_ALERTS,
    PLAN_AMENDMENTS,
    PLAN_PROGRESS,
    PLAN_REVIEWS,
    PLAN_TRACKING,
    PLANS,
)
from services.admission.consumed import (
    parse_amendment,
    parse_consultation,
    parse_review,
    parse_statistics,
)
from services.monitoring.subscriptions import parse_progress
from services.reporting.projector import parse_plan_event, parse_tracking
from services.runtime.outbox import OutboxMessage
from services.runtime.settings import Settings
from services.runtime.unit_of_work import UnitOfWork, cloud_event_message
from tests.event_samples import sample_events

BASE = "https://plans.example.gov/schemas"  # a deployment's DMAP_SCHEMA_BASE_URL
PARSERS = {
    CONSULTATIONS: parse_consultation,
    PLANS: parse_plan_event,
    PLAN_REVIEWS: parse_review,
    PLAN_AMENDMENTS: parse_amendment,
    PLAN_PROGRESS: parse_progress,
    PLAN_TRACKING: parse_tracking,
    MUNICIPAL_STATISTICS: parse_statistics,
    # No DMAP service consumes the alerts yet: read them as an integrator would.
    PLAN_ALERTS: lambda raw: TypeAdapter(AlertEvent).validate_json(raw, extra="ignore"),
}
SAMPLES = sample_events()


def _sdk_message(m: OutboxMessage) -> ce_kafka.KafkaMessage:
    headers = {k: v.encode() for k, v in m.headers.items()}
    return ce_kafka.KafkaMessage(headers=headers, key=m.key.encode(), value=m.value)


@pytest.mark.parametrize(("topic", "key", "event"), SAMPLES, ids=[e.type for *_, e in SAMPLES])
def test_the_sdk_reads_every_event_type_in_structured_mode(
    topic: str, key: str, event: EventEnvelope[Any]
) -> None:
    message = cloud_event_message(topic, key, event, BASE)
    assert message.headers == {"content-type": "application/cloudevents+json; charset=UTF-8"}
    read = ce_kafka.from_kafka_event(_sdk_message(message))  # mode detection: structured
    assert read.get_id() == str(event.id)
    assert read.get_type() == event.type
    assert read.get_source() == event.source
    assert read.get_specversion() == "1.0"
    assert read.get_subject() == event.subject
    assert read.get_dataschema() == f"{BASE}/{event.DATA_SCHEMA}.json"
    assert read.get_extension("partitionkey") == key
    assert read.get_data() == json.loads(event.data.model_dump_json())


def test_the_legacy_sdk_api_reads_them_too() -> None:
    _, key, event = SAMPLES[2]
    m = cloud_event_message(PLANS, key, event, BASE)
    v1 = ce_kafka_v1.KafkaMessage({k: v.encode() for k, v in m.headers.items()}, m.key, m.value)
    read = ce_kafka_v1.from_structured(v1)
    assert read["id"] == str(event.id)
    assert read["type"] == event.type
    assert read["dataschema"] == f"{BASE}/plan-drafted.v1.json"


def test_the_unit_of_work_stamps_the_deployments_schema_url() -> None:
    unit = UnitOfWork(Settings(topic_prefix="t.", schema_base_url=BASE + "/"))
    _, key, event = SAMPLES[0]
    unit.emit(CONSULTATIONS, key, event)
    [message] = unit.outgoing
    assert message.topic == "t.consultations.v1"
    body = json.loads(message.value)
    assert body["dataschema"] == f"{BASE}/consultation-recorded.v1.json"
    assert not [h for h in message.headers if h.startswith("ce_")]


def test_by_default_the_schema_url_is_reportings_own_address() -> None:
    settings = Settings(host="127.0.0.1", reporting_port=18083)
    assert settings.schemas_url == "http://127.0.0.1:18083/schemas"


def test_a_snapshot_is_plain_json_and_says_so() -> None:
    unit = UnitOfWork(Settings())
    unit.emit_record("plan-snapshots.v1", "prizren:2026-2027", b"{}", {"plan_version": "1"})
    assert unit.outgoing[0].headers == {"content-type": "application/json", "plan_version": "1"}


@pytest.mark.parametrize(("topic", "key", "event"), SAMPLES, ids=[e.type for *_, e in SAMPLES])
def test_dmap_consumers_ignore_extensions_and_unknown_fields(
    topic: str, key: str, event: EventEnvelope[Any]
) -> None:
    body = json.loads(cloud_event_message(topic, key, event).value)
    body["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203310-01"
    body["data"]["added_in_a_later_release"] = {"anything": [1, 2]}
    parsed = PARSERS[topic](json.dumps(body).encode())
    assert type(parsed) is type(event)
    assert parsed.id == event.id
    assert "added_in_a_later_release" not in parsed.data.model_dump()


def test_old_messages_with_ce_headers_and_no_content_type_stay_readable() -> None:
    """What the topics hold from before: structured body, ce_type/ce_id headers."""
    _, key, event = SAMPLES[2]
    old = {**json.loads(event.model_dump_json()), "dataschema": "https://dmap.example.org/x"}
    value = json.dumps(old).encode()
    assert parse_plan_event(value).id == event.id  # DMAP reads the body, whatever the headers
    headers = {"ce_type": event.type.encode(), "ce_id": str(event.id).encode()}
    read = ce_kafka.from_structured_event(ce_kafka.KafkaMessage(headers, key.encode(), value))
    assert read.get_id() == str(event.id)
