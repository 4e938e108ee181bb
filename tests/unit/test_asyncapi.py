"""The AsyncAPI document: current, complete, and true to the services' wiring."""

import json
from datetime import date
from typing import Any

import httpx

from dmap.cli import ASYNCAPI_DIR, SCHEMA_DIR, asyncapi_documents
from dmap.stack.kafka_access import _TOPICS as ACLS
from dmap.stack.kafka_access import GRANTED_AHEAD, READ_WITHOUT_GROUP
from schemas.asyncapi import asyncapi_document
from schemas.catalog import EVENTS
from schemas.channels import FLOWS
from schemas.topics import TOPICS
from services.monitoring.following import Following
from services.monitoring.subscriptions import subscriptions as monitoring_subscriptions
from services.planning.rules import catalogue, classifier_rules
from services.planning.subscriptions import subscriptions
from services.planning.workflow import Planning
from services.reporting.app import create_app
from services.reporting.projector import SUBSCRIPTIONS
from services.runtime.settings import Settings

DOC: dict[str, Any] = json.loads((ASYNCAPI_DIR / "asyncapi.json").read_text(encoding="utf-8"))


def test_the_committed_document_is_current() -> None:
    for name, text in asyncapi_documents().items():
        assert (ASYNCAPI_DIR / name).read_text(encoding="utf-8") == text, (
            f"{name} is stale: run `dmap asyncapi export`"
        )


def test_every_topic_is_a_channel_and_every_event_type_a_message() -> None:
    assert {c["address"] for c in DOC["channels"].values()} == {t.name for t in TOPICS}
    messages = DOC["components"]["messages"]
    refs = {m["payload"]["schema"]["$ref"] for m in messages.values() if "schema" in m["payload"]}
    for name in EVENTS:
        assert f"../../schemas/json/{name}.schema.json" in refs, f"{name} has no message"
    for ref in refs:
        assert (ASYNCAPI_DIR / ref).resolve().is_file(), ref
    kinds = [m["description"] for m in messages.values()]
    for event in EVENTS.values():
        assert sum(f"`{event.model_fields['type'].default}`" in k for k in kinds) == 1


def test_publishers_and_consumers_match_the_services_and_the_broker_acls() -> None:
    planning = Planning(classifier_rules(), catalogue())
    groups = {(s.topic, "planning", s.group) for s in subscriptions(planning)}
    groups |= {(s.topic, "reporting", s.group) for s in SUBSCRIPTIONS}
    following = Following(lambda: date(2027, 2, 10))
    groups |= {(s.topic, "monitoring", s.group) for s in monitoring_subscriptions(following)}
    declared = {(f.topic, service, group) for f in FLOWS for service, group in f.consumers}
    assert declared == groups
    for flow in FLOWS:
        readers, writers = ACLS[flow.topic]
        assert writers == (flow.publisher,), flow.topic
        ahead = {s for t, s in GRANTED_AHEAD | READ_WITHOUT_GROUP if t == flow.topic}
        assert set(readers) - ahead == {s for s, _ in flow.consumers}, flow.topic


def test_operations_say_who_sends_and_who_receives() -> None:
    ops = DOC["operations"]
    assert ops["planningPublishesPlans"]["action"] == "send"
    receive = ops["reportingReceivesPlans"]
    assert receive["action"] == "receive"
    assert receive["bindings"]["kafka"]["groupId"]["enum"] == ["dmap-reporting-plans.v1"]
    snapshots = DOC["channels"]["planSnapshots"]["bindings"]["kafka"]
    assert snapshots["topicConfiguration"]["cleanup.policy"] == ["compact"]


def test_a_prefixed_deployment_gets_its_own_addresses() -> None:
    doc = asyncapi_document(lambda n: f"https://x/schemas/{n}.json", topic_prefix="t.")
    assert doc["channels"]["plans"]["address"] == "t.plans.v1"
    groups = doc["operations"]["planningReceivesConsultations"]["bindings"]["kafka"]["groupId"]
    assert groups["enum"] == ["t.dmap-planning"]


async def test_reporting_serves_the_contract_at_the_configured_base() -> None:
    app = create_app(Settings(schema_base_url="https://plans.example.gov/schemas"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        schema = await client.get("/schemas/plan-status-changed.v1.json")
        missing = await client.get("/schemas/plan-status-changed.v9.json")
        document = (await client.get("/asyncapi.json")).json()
        index = (await client.get("/schemas")).json()
    assert schema.status_code == 200
    assert schema.headers["content-type"] == "application/schema+json"
    assert schema.json()["$id"] == "https://plans.example.gov/schemas/plan-status-changed.v1.json"
    on_disk = json.loads((SCHEMA_DIR / "plan-status-changed.v1.schema.json").read_text())
    assert {**schema.json(), "$id": on_disk["$id"]} == on_disk
    assert missing.status_code == 404
    payload = document["components"]["messages"]["PlanDrafted"]["payload"]["schema"]
    assert payload["$ref"] == "https://plans.example.gov/schemas/plan-drafted-event.v1.json"
    assert len(index) == len(list(SCHEMA_DIR.glob("*.schema.json")))
