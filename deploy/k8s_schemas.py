"""Kubernetes' OpenAPI document -> kubeconform's standalone JSON Schemas, strict.

kubeconform downloads its schemas from GitHub by default, which this machine and CI
cannot reach. The same schemas are derived here from `api/openapi-spec/swagger.json`
of the k8s.io/kubernetes Go module (deploy/tools.sh fetches it), one file per
group/version/kind, named as kubeconform's `{{ .ResourceKind }}{{ .KindSuffix }}`
template expects (`deployment-apps-v1.json`, `service-v1.json`).

Usage: python3 deploy/k8s_schemas.py swagger.json OUT_DIR
"""

import json
import sys
from pathlib import Path
from typing import Any

REF = "#/definitions/"
# Two string-typed definitions take numbers too (`targetPort: 8080`, `cpu: 1`).
NUMERIC_STRINGS = {
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString": [{"type": "string"}, {"type": "integer"}],
    "io.k8s.apimachinery.pkg.api.resource.Quantity": [{"type": "string"}, {"type": "number"}],
}


def strict(node: Any) -> Any:
    """A copy where an object with known properties allows no others (typos fail)."""
    if isinstance(node, list):
        return [strict(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {k: strict(v) for k, v in node.items()}
    if (
        "properties" in out
        and "additionalProperties" not in out
        and not out.get("x-kubernetes-preserve-unknown-fields")
    ):
        out["additionalProperties"] = False
    return out


def refs(node: Any) -> set[str]:
    if isinstance(node, list):
        return set().union(*(refs(x) for x in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found = {node["$ref"][len(REF) :]} if isinstance(node.get("$ref"), str) else set()
    return found.union(*(refs(v) for v in node.values()))


def closure(definitions: dict[str, Any], root: str) -> dict[str, Any]:
    """The definitions `root` reaches, itself included (recursive types stay refs)."""
    seen: set[str] = set()
    todo = [root]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo += refs(definitions[name]) - seen
    return {name: definitions[name] for name in sorted(seen)}


def file_name(group: str, version: str, kind: str) -> str:
    # kubeconform: "-" + first label of the group (none for core) + "-" + version.
    suffix = f"-{group.split('.')[0]}-{version}" if group else f"-{version}"
    return f"{kind.lower()}{suffix}.json"


def convert(swagger: dict[str, Any], out: Path) -> int:
    definitions = {
        name: ({"oneOf": NUMERIC_STRINGS[name]} if name in NUMERIC_STRINGS else strict(schema))
        for name, schema in swagger["definitions"].items()
    }
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for name, schema in definitions.items():
        for gvk in schema.get("x-kubernetes-group-version-kind", []):
            group, version, kind = gvk["group"], gvk["version"], gvk["kind"]
            api_version = f"{group}/{version}" if group else version
            root = json.loads(json.dumps(schema))
            props = root.setdefault("properties", {})
            # Only this kind at this apiVersion may use the file.
            props["apiVersion"] = {"type": "string", "enum": [api_version]}
            props["kind"] = {"type": "string", "enum": [kind]}
            root["required"] = sorted({*root.get("required", []), "apiVersion", "kind"})
            root["definitions"] = closure(definitions, name)  # itself too: it may recurse
            root["$schema"] = "http://json-schema.org/draft-07/schema#"
            (out / file_name(group, version, kind)).write_text(json.dumps(root))
            written += 1
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    swagger = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    count = convert(swagger, Path(argv[2]))
    print(f"{count} schemas in {argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
