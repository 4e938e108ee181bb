"""Is a JSON Schema a compatible successor of a released one? (pure; no I/O)

Within a version (`*.v1`) a change must keep two promises: every event valid
under the released schema stays valid (a consumer can replay the topic from
the beginning), and every field a consumer of the released schema reads is
still there, with the same type, as often as before.

Breaking: a removed event type or union member, a removed or retyped field,
a new required field (or an optional one made required), a required field
made optional, a field made nullable, a narrowed enum or constant, a tighter
bound, pattern or format, closed content. Additive: a new optional field, a
widened enum or bound, a new union member (consumers skip types and ignore
fields and values they do not know; docs/events.md).
"""

import json
from typing import Any

Schema = dict[str, Any]

_LOWER = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_UPPER = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
_EXACT = ("pattern", "format", "multipleOf")


def compare_releases(baseline: dict[str, Schema], current: dict[str, Schema]) -> list[str]:
    """Breaking changes from the released schemas (file stem -> schema) to the current ones."""
    out: list[str] = []
    for name, old in sorted(baseline.items()):
        if name not in current:
            out.append(f"{name}: removed (an event type or schema consumers use)")
            continue
        out += [f"{name}: {problem}" for problem in breaking_changes(old, current[name])]
    return out


def breaking_changes(old: Schema, new: Schema) -> list[str]:
    """Why `new` cannot replace `old` within a version; empty when it can."""
    return _Comparison(old, new).node(old, new, "")


class _Comparison:
    def __init__(self, old_doc: Schema, new_doc: Schema) -> None:
        self.old_doc, self.new_doc = old_doc, new_doc
        self.seen: set[tuple[int, int]] = set()

    def node(self, old_raw: Schema, new_raw: Schema, path: str) -> list[str]:
        old, new = _resolve(self.old_doc, old_raw), _resolve(self.new_doc, new_raw)
        if (id(old), id(new)) in self.seen:
            return []
        self.seen.add((id(old), id(new)))
        olds = self._alternatives(self.old_doc, old_raw)
        news = self._alternatives(self.new_doc, new_raw)
        if len(olds) > 1 or len(news) > 1:
            return self.alternatives(olds, news, path)
        return self.single(old, new, path)

    def _alternatives(self, doc: Schema, raw: Schema) -> dict[str, Schema]:
        node = _resolve(doc, raw)
        branches = node.get("anyOf") or node.get("oneOf") or [raw]
        return {_shape(doc, b): b for b in branches}

    def alternatives(
        self, olds: dict[str, Schema], news: dict[str, Schema], path: str
    ) -> list[str]:
        where = path or "/"
        out = [f"{where}: no longer accepts {k}" for k in olds if k not in news]
        if "null" in news and "null" not in olds:
            out.append(f"{where}: may now be null")
        for key, old in olds.items():
            if key in news:
                member = f"{path}<{key[6:]}>" if key.startswith("event ") else path
                out += self.node(old, news[key], member)
        return out

    def single(self, old: Schema, new: Schema, path: str) -> list[str]:
        where = path or "/"
        if _types(old) != _types(new):
            return [f"{where}: type {_name(old)} became {_name(new)}"]
        out = _values(old, new, where) + _bounds(old, new, where)
        if "object" in _types(old):
            out += self.properties(old, new, path)
        if "items" in old and "items" in new:
            out += self.node(old["items"], new["items"], f"{path}[]")
        return out

    def properties(self, old: Schema, new: Schema, path: str) -> list[str]:
        out: list[str] = []
        old_props, new_props = old.get("properties", {}), new.get("properties", {})
        old_req, new_req = set(old.get("required", ())), set(new.get("required", ()))
        removed = set(old_props) - set(new_props)
        for name, schema in old_props.items():
            field = f"{path}.{name}" if path else name
            if name in removed:
                out.append(f"{field}: removed")
                continue
            out += self.node(schema, new_props[name], field)
        for names, what in (
            (new_req - old_req, "newly required"),
            (old_req - new_req - removed, "no longer required"),
        ):
            out += [f"{path}.{n}".lstrip(".") + f": {what}" for n in sorted(names)]
        if (
            old.get("additionalProperties") is not False
            and new.get("additionalProperties") is False
        ):
            out.append(f"{path or '/'}: closed to unknown fields")
        for part in ("additionalProperties", "propertyNames"):
            if isinstance(old.get(part), dict) and isinstance(new.get(part), dict):
                out += self.node(old[part], new[part], f"{path}{{}}")
        return out


def _resolve(doc: Schema, node: Schema) -> Schema:
    while "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"only local references are compared: {ref}")
        target: Any = doc
        for part in ref[2:].split("/"):
            target = target[part]
        node = target
    return node


def _types(node: Schema) -> frozenset[str]:
    if "type" in node:
        kind = node["type"]
        return frozenset(kind if isinstance(kind, list) else [kind])
    values = [node["const"]] if "const" in node else node.get("enum")
    if values is not None:
        return frozenset(_json_type(v) for v in values)
    return frozenset(["object"] if "properties" in node else ["any"])


def _json_type(value: Any) -> str:
    names = {bool: "boolean", int: "integer", float: "number", str: "string", type(None): "null"}
    return names.get(type(value), "object" if isinstance(value, dict) else "array")


def _name(node: Schema) -> str:
    return "|".join(sorted(_types(node)))


def _shape(doc: Schema, raw: Schema) -> str:
    """What a union branch is, to pair it with its successor."""
    node = _resolve(doc, raw)
    kind = node.get("properties", {}).get("type", {}).get("const")
    if isinstance(kind, str):
        return f"event {kind}"  # a member of a discriminated union of events
    ref = raw.get("$ref", "")
    return _name(node) + (f" {ref.rsplit('/', 1)[-1]}" if ref else "")


def _values(old: Schema, new: Schema, where: str) -> list[str]:
    out: list[str] = []
    if "const" in new and new.get("const") != old.get("const"):
        out.append(f"{where}: constant {json.dumps(old.get('const'))} became {new['const']!r}")
    if "enum" in new:
        removed = [v for v in old.get("enum", [None]) if v not in new["enum"]]
        if "enum" not in old:
            out.append(f"{where}: now limited to {new['enum']}")
        elif removed:
            out.append(f"{where}: enum narrowed, no longer {removed}")
    return out


def _bounds(old: Schema, new: Schema, where: str) -> list[str]:
    out: list[str] = []
    for key in _LOWER:
        if key in new and (key not in old or new[key] > old[key]):
            out.append(f"{where}: {key} raised to {new[key]}")
    for key in _UPPER:
        if key in new and (key not in old or new[key] < old[key]):
            out.append(f"{where}: {key} lowered to {new[key]}")
    for key in _EXACT:
        if key in new and new[key] != old.get(key):
            out.append(f"{where}: {key} became {new[key]!r}")
    return out
