import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from dmap.cli import SCHEMA_DIR
from schemas.catalog import EVENTS, json_schemas
from schemas.envelope import DEFAULT_SCHEMA_BASE, EventEnvelope
from schemas.topics import CONSULTATIONS, PLANS
from tests.event_samples import sample_events

UNION_OF = {CONSULTATIONS: "consultations-topic.v1", PLANS: "plans-topic.v1"}


def test_exported_json_schemas_are_current() -> None:
    """Fails when a model changed without `dmap schemas export` being run."""
    expected = json_schemas()
    on_disk = {p.name.removesuffix(".schema.json"): p for p in SCHEMA_DIR.glob("*.schema.json")}
    assert set(on_disk) == set(expected), "run `dmap schemas export`"
    for name, doc in expected.items():
        assert json.loads(on_disk[name].read_text(encoding="utf-8")) == doc, (
            f"{name} is stale: run `dmap schemas export`"
        )


def test_consultation_schema_lists_the_vocabulary() -> None:
    schema = json_schemas()["consultation-recorded.v1"]
    defs = schema["$defs"]
    assert isinstance(defs, dict)
    assert len(defs["MunicipalityCode"]["enum"]) == 38
    assert "fading_interest" in defs["IssueCategory"]["enum"]


def test_exported_openapi_documents_are_current() -> None:
    """Fails when an HTTP API changed without `dmap openapi export` being run."""
    from dmap.cli import OPENAPI_DIR, openapi_documents

    for name, text in openapi_documents().items():
        assert (OPENAPI_DIR / name).read_text(encoding="utf-8") == text, (
            f"{name} is stale: run `dmap openapi export`"
        )


# The published contract, read from the committed files with a third-party validator.

SAMPLES = sample_events()


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(name: str, instance: object) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in _validator(name).iter_errors(instance)]


def test_every_schema_names_its_dialect_and_served_url() -> None:
    for path in SCHEMA_DIR.glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        stem = path.name.removesuffix(".schema.json")
        assert schema["$id"] == f"{DEFAULT_SCHEMA_BASE}/{stem}.json"


@pytest.mark.parametrize(("topic", "key", "event"), SAMPLES, ids=[e.type for *_, e in SAMPLES])
def test_a_sample_of_every_event_type_validates(
    topic: str, key: str, event: EventEnvelope[Any]
) -> None:
    body = json.loads(event.model_dump_json())
    name = next(n for n, cls in EVENTS.items() if cls is type(event))
    assert _errors(name, body) == []
    assert _errors(event.DATA_SCHEMA, body["data"]) == []  # what `dataschema` names
    assert event.dataschema == f"{DEFAULT_SCHEMA_BASE}/{event.DATA_SCHEMA}.json"
    if topic in UNION_OF:
        assert _errors(UNION_OF[topic], body) == []


def test_type_and_specversion_are_required_constants() -> None:
    _, _, event = SAMPLES[5]
    body = json.loads(event.model_dump_json())
    assert _errors("plan-status-changed-event.v1", {**body, "specversion": "0.3"})
    assert _errors("plan-status-changed-event.v1", {**body, "type": "org.dmap.other.v1"})
    for attribute in ("type", "specversion", "id", "source", "dataschema"):
        rest = {k: v for k, v in body.items() if k != attribute}
        assert _errors("plan-status-changed-event.v1", rest), f"{attribute} not required"
    assert _errors("plans-topic.v1", {k: v for k, v in body.items() if k != "type"})


def test_extensions_and_fields_added_later_validate() -> None:
    """Open content: consumers ignore what they do not know (docs/events.md)."""
    _, _, event = SAMPLES[5]
    body = json.loads(event.model_dump_json())
    body["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203310-01"
    body["data"]["added_in_a_later_release"] = True
    assert _errors("plan-status-changed-event.v1", body) == []
    assert _errors("plan-status-changed.v1", body["data"]) == []


def test_the_snapshot_schema_validates_a_plan() -> None:
    _, _, event = SAMPLES[2]
    assert _errors("plan.v1", json.loads(event.data.model_dump_json())["plan"]) == []
