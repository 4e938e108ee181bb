"""`dmap reporting rebuild --from-snapshots`: where each read model comes from.

A snapshot on `plan-snapshots.v1` (compacted, keyed by plan id) is a plan's
working draft as its newest PlanDrafted/PlanRevised event left it, so those
events need not be applied again: the draft, its matrix rows and its applied
amendments come from the snapshot. Everything else a snapshot does not hold
comes from its topic as in the full rebuild (`SOURCES`, docs/events.md).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import orjson

from schemas.plans import PLAN_DRAFTED_V1, PLAN_REVISED_V1, Plan
from schemas.topics import (
    CONSULTATIONS,
    PLAN_AMENDMENTS,
    PLAN_REVIEWS,
    PLAN_SNAPSHOTS,
    PLAN_TRACKING,
    PLANS,
)
from services.admission.consultations import check_cycle
from services.reporting.unit import ReportingUnit
from services.runtime.dead_letters import KafkaRecord
from services.runtime.subscriber import Handled

# Each read model's source in snapshot mode, in the order they are applied. "given up"
# names what the mode does not restore; a unit test keeps this in step with TABLES.
SOURCES: Mapping[str, tuple[str, ...]] = {
    "latest_plans": (PLAN_SNAPSHOTS, PLANS),  # draft from the snapshot; status from plans.v1
    "matrix": (PLAN_SNAPSHOTS,),
    "request_outcomes": (PLAN_SNAPSHOTS, PLANS, PLAN_REVIEWS),
    "plan_versions": (PLANS,),
    "status_changes": (PLANS,),
    "consultations": (CONSULTATIONS,),
    "reviews": (PLAN_REVIEWS,),
    "amendments": (PLAN_AMENDMENTS,),
    "plan_tracking": (PLAN_TRACKING,),
    # Only the diffs of drafts newer than their snapshot: the others are given up.
    "draft_revisions": (PLANS,),
    # Ids of the events applied; not those of the drafts a snapshot stands for.
    "processed_events": (PLANS, CONSULTATIONS, PLAN_REVIEWS, PLAN_AMENDMENTS, PLAN_TRACKING),
}
PARTIAL: frozenset[str] = frozenset({"draft_revisions", "processed_events"})

_DRAFT_TYPES = frozenset({PLAN_DRAFTED_V1, PLAN_REVISED_V1})


@dataclass(frozen=True, slots=True)
class Snapshot:
    plan: Plan
    at: datetime  # the time of the plan event behind it: the draft's `updated_at`


def parse_snapshot(record: KafkaRecord, today: date) -> Snapshot:
    """A working draft; ValueError when it does not parse or names a year DMAP refuses
    (as the live parser refuses the plan event behind it)."""
    plan = Plan.model_validate_json(record.value or b"", extra="ignore")
    check_cycle(plan.cycle, today)
    headers = {k: v.decode(errors="replace") for k, v in (record.headers or ())}
    if "event_time" in headers:
        at = datetime.fromisoformat(headers["event_time"])
    else:  # written before planning sent the header: the time it reached the broker
        at = datetime.fromtimestamp(record.timestamp / 1000, UTC)
    return Snapshot(plan, at)


def newest(records: Sequence[KafkaRecord]) -> list[KafkaRecord]:
    """The newest record of each plan (its key), chosen before any is parsed: compaction
    may not have run yet, and a whole plan is costly to validate. The `plan_revision`
    header decides, else the offset (one plan's snapshots are in order on its partition)."""
    best: dict[bytes | None, tuple[tuple[int, int], KafkaRecord]] = {}
    for record in records:
        rank = (_revision(record), record.offset)
        held = best.get(record.key)
        if held is None or held[0] < rank:
            best[record.key] = (rank, record)
    return [record for _, record in best.values()]


def _revision(record: KafkaRecord) -> int:
    for name, value in record.headers or ():
        if name == "plan_revision" and value.isdigit():
            return int(value)
    return 0


def covered(value: bytes | None, restored: Mapping[str, int]) -> bool:
    """True for a draft or revision on plans.v1 that a restored snapshot already holds
    (its revision is at most the snapshot's); every other record is applied. Anything
    unreadable is left to the full parser, which refuses it as the live one does."""
    try:
        event = orjson.loads(value or b"")
        if event.get("type") not in _DRAFT_TYPES:
            return False
        plan = event["data"]["plan"]
        held = restored.get(plan["plan_id"])
        return held is not None and int(plan["revision"]) <= held
    except (orjson.JSONDecodeError, AttributeError, KeyError, TypeError, ValueError):
        return False


async def restore(unit: ReportingUnit, snapshots: Sequence[Snapshot]) -> Handled:
    """Each working draft as its newest plan event projected it, minus the diff."""
    for snap in snapshots:
        await unit.plans.restore_draft(snap.plan, snap.at)
        await unit.workspace.replace_matrix_rows(snap.plan)
    return Handled([], {"restored": len(snapshots)})
