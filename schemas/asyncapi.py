"""The AsyncAPI 3.1 document of every topic DMAP publishes and consumes (no I/O).

Generated from `schemas.channels` and the topic specs; payloads reference the
exported JSON Schemas (`schema_ref` says how: a relative file path for the copy
in docs/asyncapi/, the served URL for reporting's `GET /asyncapi.json`).
"""

from collections.abc import Callable
from typing import Any

from schemas.catalog import EVENTS
from schemas.channels import DEAD_LETTER_HEADERS, FLOWS, MUNICIPALITY_KEY, Flow, Message
from schemas.envelope import STRUCTURED_CONTENT_TYPE
from schemas.topics import TOPICS, dlq

VERSION = "1.0.0"
KAFKA_BINDING = "0.5.0"
JSON_SCHEMA_FORMAT = "application/schema+json;version=draft-07"

INFO = """\
The events of DMAP (draft municipal action plans against school dropout).

- **Format**: every event is a CloudEvent 1.0 in the Kafka binding's *structured* mode: \
the value is the whole event as JSON, header `content-type: application/cloudevents+json; \
charset=UTF-8`, no `ce_` headers. Events written before this contract have no header; \
their value is the same structured event. `dataschema` is the served URL of the JSON \
Schema of `data`.
- **Keys and order**: the key is the municipality code (consultations) or the plan id \
(everything else); Kafka keeps order per key, so the events of one plan arrive in the \
order they happened.
- **Delivery**: at least once. A redelivered event has the same `id`: dedupe on it.
- **Unknown fields**: ignore them, and skip event types you do not know. Additive changes \
(new optional fields, new enum values, new event types) come within a version; anything \
else is a new topic `*.v2`, published beside `*.v1` for a transition window.
- **Start**: read `plan-snapshots.v1` (compacted) from the beginning for every current \
plan, then follow `plans.v1`.

More in docs/events.md and docs/integrators.md."""

_PARTITIONS = {t.name: t for t in TOPICS}


def _channel_id(topic: str) -> str:
    words = topic.removesuffix(".v1").replace(".", "-").split("-")
    return words[0] + "".join(w.title() for w in words[1:])


def _message(m: Message, key: str, schema_ref: Callable[[str], str]) -> dict[str, Any]:
    event = EVENTS.get(m.schema)
    if event is None:  # the snapshot: a plain JSON plan
        content_type, headers = "application/json", _SNAPSHOT_HEADERS
        described = f"{m.summary} Municipality: {m.municipality}."
    else:
        content_type, headers = "application/cloudevents+json", _EVENT_HEADERS
        kind = event.model_fields["type"].default
        described = f"{m.summary} CloudEvents `type`: `{kind}`. Municipality: {m.municipality}."
    return {
        "name": m.name,
        "title": m.name,
        "summary": m.summary,
        "description": described,
        "contentType": content_type,
        "headers": headers,
        "payload": {"schemaFormat": JSON_SCHEMA_FORMAT, "schema": {"$ref": schema_ref(m.schema)}},
        "bindings": {
            "kafka": {"key": {"type": "string", "description": key}, "bindingVersion": "0.5.0"}
        },
    }


_EVENT_HEADERS = {
    "type": "object",
    "properties": {
        "content-type": {
            "type": "string",
            "const": STRUCTURED_CONTENT_TYPE,
            "description": "Structured mode. Absent on events written before the contract.",
        }
    },
}
_SNAPSHOT_HEADERS = {
    "type": "object",
    "properties": {
        "content-type": {"type": "string", "const": "application/json"},
        "plan_version": {"type": "string", "description": "The plan's `version`."},
        "plan_revision": {"type": "string", "description": "The plan's `revision`."},
        "event_time": {
            "type": "string",
            "description": "The `time` of the plan event with this draft (ISO 8601). "
            "Absent on snapshots written before it was added.",
        },
    },
}
_DEAD_LETTER = {
    "name": "DeadLetter",
    "title": "DeadLetter",
    "summary": "A message a consumer could not process, byte for byte.",
    "description": "The original value, key and headers, plus why and where it failed. "
    "`dmap dlq list` shows them; `dmap dlq replay` sends each back once.",
    "contentType": "application/octet-stream",
    "headers": {
        "type": "object",
        "properties": {
            k: {"type": "string", "description": v} for k, v in DEAD_LETTER_HEADERS.items()
        },
        "required": sorted(DEAD_LETTER_HEADERS),
    },
    "payload": {"type": "string", "description": "The original value."},
    "bindings": {
        "kafka": {
            "key": {"type": "string", "description": "The original key."},
            "bindingVersion": KAFKA_BINDING,
        }
    },
}


def _topic_binding(topic: str, prefix: str) -> dict[str, Any]:
    spec = _PARTITIONS[topic]
    policy = spec.configs.get("cleanup.policy", "delete")
    return {
        "kafka": {
            "topic": prefix + topic,
            "partitions": spec.partitions,
            "topicConfiguration": {"cleanup.policy": [policy], "retention.ms": -1},
            "bindingVersion": KAFKA_BINDING,
        }
    }


def _ordering(flow: Flow) -> str:
    what = "municipality" if flow.key == MUNICIPALITY_KEY else "plan"
    return (
        f"Key: {flow.key} Order is kept per key (per {what}); delivery is at least once, "
        "dedupe on the event `id`. Retention: unlimited by default (DMAP rebuilds read "
        "from offset 0)."
    )


def asyncapi_document(
    schema_ref: Callable[[str], str],
    *,
    topic_prefix: str = "",
    bootstrap: str = "127.0.0.1:29092",
) -> dict[str, Any]:
    """The whole document; `schema_ref(name)` locates the JSON Schema file stem `name`."""
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {"DeadLetter": _DEAD_LETTER}
    for flow in FLOWS:
        cid = _channel_id(flow.topic)
        for m in flow.messages:
            messages[m.name] = _message(m, flow.key, schema_ref)
        channels[cid] = {
            "address": topic_prefix + flow.topic,
            "title": flow.title,
            "description": f"{flow.description}\n\n{_ordering(flow)}",
            "messages": {
                m.name: {"$ref": f"#/components/messages/{m.name}"} for m in flow.messages
            },
            "bindings": _topic_binding(flow.topic, topic_prefix),
        }
        refs = [{"$ref": f"#/channels/{cid}/messages/{m.name}"} for m in flow.messages]
        operations[f"{flow.publisher}Publishes{cid[0].upper()}{cid[1:]}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{cid}"},
            "summary": f"{flow.publisher} publishes {flow.topic} through its outbox.",
            "description": "Idempotent producer, acks=all, one relay at a time, in commit "
            "order; a crash before a row is marked sent publishes it again (same `id`).",
            "messages": refs,
        }
        for service, group in flow.consumers:
            operations[f"{service}Receives{cid[0].upper()}{cid[1:]}"] = {
                "action": "receive",
                "channel": {"$ref": f"#/channels/{cid}"},
                "summary": f"{service} consumes {flow.topic} in group {group}.",
                "description": "Applies each event once (dedupe in PostgreSQL) and commits "
                "offsets after its transaction; a message it cannot process goes to "
                f"{dlq(flow.topic)}.",
                "messages": refs,
                "bindings": {
                    "kafka": {
                        "groupId": {"type": "string", "enum": [topic_prefix + group]},
                        "bindingVersion": KAFKA_BINDING,
                    }
                },
            }
        if flow.consumers:
            _dead_letters(flow, topic_prefix, channels, operations)
    return {
        "asyncapi": "3.1.0",
        "id": "urn:dmap:events",
        "info": {
            "title": "DMAP events",
            "version": VERSION,
            "description": INFO,
            "license": {"name": "Apache-2.0", "url": "https://www.apache.org/licenses/LICENSE-2.0"},
        },
        "defaultContentType": "application/cloudevents+json",
        "servers": {
            "local": {
                "host": bootstrap,
                "protocol": "kafka",
                "description": "The broker. On the local stack clients connect to "
                "DMAP_KAFKA_PORT (29092) with SASL_PLAINTEXT and SCRAM-SHA-512; an integrator "
                "account comes from `dmap kafka user create --integrator NAME`.",
                "security": [{"$ref": "#/components/securitySchemes/scram"}],
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {
            "messages": messages,
            "securitySchemes": {
                "scram": {
                    "type": "scramSha512",
                    "description": "A SCRAM-SHA-512 account: read-only for integrators "
                    "(plans.v1, plan-snapshots.v1, groups `integrator-<name>.*`).",
                }
            },
        },
    }


def _dead_letters(
    flow: Flow, prefix: str, channels: dict[str, Any], operations: dict[str, Any]
) -> None:
    topic = dlq(flow.topic)
    cid = _channel_id(flow.topic) + "Dlq"
    channels[cid] = {
        "address": prefix + topic,
        "title": f"{flow.title}: dead letters",
        "description": f"What the consumers of {flow.topic} could not process, never dropped.",
        "messages": {"DeadLetter": {"$ref": "#/components/messages/DeadLetter"}},
        "bindings": _topic_binding(topic, prefix),
    }
    for service, _ in flow.consumers:
        operations[f"{service}DeadLetters{cid[0].upper()}{cid[1:]}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{cid}"},
            "summary": f"{service} dead-letters what it cannot process from {flow.topic}.",
            "messages": [{"$ref": f"#/channels/{cid}/messages/DeadLetter"}],
        }
