"""The compatibility guard: the current schemas against the released v1 baseline.

`schemas/baseline/v1/` is the v1 contract as released; within v1 only additive
changes are allowed (docs/events.md). A breaking change belongs on a new
topic `*.v2`, with its own baseline.
"""

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import create_model

from schemas.catalog import json_schemas
from schemas.compatibility import breaking_changes, compare_releases
from schemas.plans import PlanStatusChanged
from schemas.publication import published

BASELINE_DIR = Path(__file__).parents[2] / "schemas" / "baseline" / "v1"
BASELINE = {
    p.name.removesuffix(".schema.json"): json.loads(p.read_text(encoding="utf-8"))
    for p in BASELINE_DIR.glob("*.schema.json")
}
CURRENT = json_schemas()


def test_the_current_schemas_keep_every_promise_of_the_v1_baseline() -> None:
    assert len(BASELINE) == 21
    problems = compare_releases(BASELINE, CURRENT)
    assert problems == [], "breaking change within v1 (publish it as *.v2):\n" + "\n".join(problems)


def _changed(name: str, edit: Any) -> list[str]:
    """The breaking changes `edit` makes to the released schema `name`."""
    schema = copy.deepcopy(BASELINE[name])
    edit(schema)
    return breaking_changes(BASELINE[name], schema)


def _status_changed(schema: dict[str, Any]) -> dict[str, Any]:
    return schema["$defs"].get("PlanStatusChanged", schema)  # type: ignore[no-any-return]


def test_renaming_a_field_is_breaking() -> None:
    def rename(schema: dict[str, Any]) -> None:
        data = _status_changed(schema)
        data["properties"]["plan_ref"] = data["properties"].pop("plan_id")
        data["required"] = ["plan_ref" if r == "plan_id" else r for r in data["required"]]

    assert _changed("plan-status-changed.v1", rename) == [
        "plan_id: removed",
        "plan_ref: newly required",
    ]
    union = _changed("plans-topic.v1", rename)
    assert "<org.dmap.plan.status-changed.v1>.data.plan_id: removed" in union


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d["properties"]["version"].update(type="string"), "version: type integer"),
        (lambda d: d["required"].remove("reviewer"), "reviewer: no longer required"),
        (lambda d: d["properties"]["version"].update(minimum=2), "version: minimum raised"),
        (lambda d: d.update(additionalProperties=False), "/: closed to unknown fields"),
        (
            lambda d: d["properties"].update(
                reviewer={"anyOf": [{"type": "string"}, {"type": "null"}]}
            ),
            "reviewer: may now be null",
        ),
    ],
    ids=["retyped", "made-optional", "tighter-bound", "closed", "nullable"],
)
def test_retyping_or_tightening_a_field_is_breaking(edit: Any, expected: str) -> None:
    problems = _changed("plan-status-changed.v1", lambda s: edit(_status_changed(s)))
    assert any(p.startswith(expected) for p in problems), problems


def test_narrowing_an_enum_is_breaking_and_widening_it_is_not() -> None:
    def narrow(schema: dict[str, Any]) -> None:
        _status_changed(schema)["properties"]["status"]["enum"].remove("changes_requested")

    def widen(schema: dict[str, Any]) -> None:
        _status_changed(schema)["properties"]["status"]["enum"].append("withdrawn")

    assert _changed("plan-status-changed.v1", narrow) == [
        "status: enum narrowed, no longer ['changes_requested']"
    ]
    assert _changed("plan-status-changed.v1", widen) == []


def test_removing_an_event_type_is_breaking_and_adding_one_is_not() -> None:
    without = {k: v for k, v in BASELINE.items() if k != "plan-request-refused-event.v1"}
    assert compare_releases(BASELINE, without) == [
        "plan-request-refused-event.v1: removed (an event type or schema consumers use)"
    ]

    def drop(schema: dict[str, Any]) -> None:
        schema["oneOf"] = [b for b in schema["oneOf"] if "Refused" not in b["$ref"]]

    assert _changed("plans-topic.v1", drop) == [
        "/: no longer accepts event org.dmap.plan.request-refused.v1"
    ]

    def add(schema: dict[str, Any]) -> None:
        schema["$defs"]["PlanWithdrawnEvent"] = {
            "type": "object",
            "properties": {"type": {"const": "org.dmap.plan.withdrawn.v1", "type": "string"}},
        }
        schema["oneOf"].append({"$ref": "#/$defs/PlanWithdrawnEvent"})

    assert _changed("plans-topic.v1", add) == []


def test_a_new_optional_field_is_additive_and_a_new_required_one_is_not() -> None:
    """Through the real pipeline: a pydantic model, published as the export is."""
    optional = create_model("PlanStatusChanged", __base__=PlanStatusChanged, note=(str, ""))
    required = create_model("PlanStatusChanged", __base__=PlanStatusChanged, note=(str, ...))
    old = published(
        "plan-status-changed.v1", PlanStatusChanged.model_json_schema(mode="serialization")
    )
    for model, expected in ((optional, []), (required, ["note: newly required"])):
        new = published("plan-status-changed.v1", model.model_json_schema(mode="serialization"))
        assert breaking_changes(old, new) == expected
