"""Monitoring's tracking snapshots, kept so the next school year's draft learns from them.

A snapshot of `<municipality>:<cycle>` changes what the draft of the school
year after it says (carried-over actions, raised priorities, results), so that
draft is re-drafted, if it exists: a carry-over alone never starts a plan.
"""

from collections.abc import Sequence
from typing import Any

from schemas.progress import PlanTrackingEvent
from services.admission.consultations import clean_text
from services.admission.redaction import redact
from services.planning.domain.cycle import plan_id
from services.planning.domain.decisions import PlanKey
from services.planning.unit import PlanningUnit
from services.planning.workflow import Planning
from services.runtime.subscriber import Handled


def parse_tracking(raw: bytes) -> PlanTrackingEvent:
    """A tracking snapshot; the reporters' evidence the next draft may quote is redacted
    (monitoring does not redact it yet), unknown fields ignored (docs/events.md)."""
    event = PlanTrackingEvent.model_validate_json(raw, extra="ignore")
    data = event.data.model_dump(mode="json")
    changed = False
    for item in (data.get("next_cycle") or {}).get("carried_over", ()):
        history: list[dict[str, Any]] = item["action"]["history"]
        for update in history:
            redacted = redact(clean_text(update["evidence"])).text
            changed |= redacted != update["evidence"]
            update["evidence"] = redacted
    if not changed:
        return event
    return event.model_copy(update={"data": type(event.data).model_validate(data)})


def following_cycle(cycle: str) -> str:
    second = int(cycle[5:9])
    return f"{second}-{second + 1}"


async def keep_tracking(
    planning: Planning, unit: PlanningUnit, events: Sequence[PlanTrackingEvent]
) -> Handled:
    """Store each plan's newest snapshot; re-draft the next cycle's plan once per plan."""
    kept = [e for e in events if await unit.tracking.keep(e)]
    affected = sorted(
        {PlanKey(e.data.municipality.value, following_cycle(e.data.cycle)) for e in kept}
    )
    changed = 0
    for key in affected:
        current = await unit.plans.current(plan_id(key.municipality, key.cycle))
        if current is None and not await unit.evidence.of(key.municipality, key.cycle):
            continue
        changed += await planning.replan(unit, key, current)
    return Handled(kept, {"plans_changed": changed})
