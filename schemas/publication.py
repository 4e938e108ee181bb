"""How a generated JSON Schema is published: its dialect, its `$id`, open content.

Unknown-field policy. DMAP's producers are strict: every event is built from a
frozen pydantic model with `extra="forbid"`, so nothing unexpected is ever
published. The published schemas are the consumers' contract and leave content
open (no `additionalProperties: false`): consumers must ignore fields they do
not know, so an additive change within a version (a new optional field, a
CloudEvents extension attribute such as `traceparent`) validates against the
schema a consumer already has. DMAP's own consumers validate with
`extra="ignore"` for the same reason.
"""

from typing import Any

from schemas.envelope import DEFAULT_SCHEMA_BASE, schema_url

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def published(name: str, schema: dict[str, Any], base: str = DEFAULT_SCHEMA_BASE) -> dict[str, Any]:
    """`schema` (as pydantic generates it) with `$schema`, `$id` and open content."""
    opened = _open(schema)
    assert isinstance(opened, dict)
    return {"$schema": DIALECT, "$id": schema_url(name, base), **opened}


def _open(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: _open(v) for k, v in node.items() if not (k == "additionalProperties" and v is False)
        }
    if isinstance(node, list):
        return [_open(v) for v in node]
    return node
