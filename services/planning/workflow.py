"""Planning's handlers: load the current state, let the domain decide, save and emit.

Each handler runs inside the unit of work the subscriber shell opened for the
batch, so the stored consultations, the plan versions, the review records and
the outgoing events commit together: a redelivered batch changes nothing.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import structlog

from schemas.consultations import ConsultationCorrectedEvent, ConsultationRecordedEvent
from schemas.plans import Plan, PlanDraftedEvent, PlanRevisedEvent, PlanStatusChangedEvent
from schemas.reviews import ReviewRecordedEvent
from schemas.topics import PLAN_SNAPSHOTS, PLANS
from schemas.vocabulary import MunicipalityCode
from services.planning.domain.catalogue import Catalogue
from services.planning.domain.classification import RuleSet
from services.planning.domain.cycle import plan_id, school_year
from services.planning.domain.decisions import PlanKey, review, revise
from services.planning.domain.lifecycle import Refusal
from services.planning.domain.plan import ENGINE_VERSION, draft_plan
from services.planning.unit import PlanningUnit
from services.runtime.subscriber import Handled
from services.runtime.unit_of_work import Units

log = structlog.get_logger(__name__)

PlanEvent = PlanDraftedEvent | PlanRevisedEvent | PlanStatusChangedEvent


def _now() -> datetime:
    return datetime.now(UTC)


def announce(unit: PlanningUnit, plan: Plan, event: PlanEvent) -> None:
    """The event on plans.v1, and the whole current plan on the compacted snapshot topic."""
    unit.emit(PLANS, plan.plan_id, event)
    unit.emit_record(
        PLAN_SNAPSHOTS,
        plan.plan_id,
        plan.model_dump_json().encode(),
        {"plan_version": str(plan.version)},
    )


@dataclass(frozen=True, slots=True)
class Planning:
    """The engine's knowledge (rules, catalogue) and a clock, applied to events."""

    rules: RuleSet
    catalogue: Catalogue
    clock: Callable[[], datetime] = field(default=_now)

    async def record_consultations(
        self, unit: PlanningUnit, events: Sequence[ConsultationRecordedEvent]
    ) -> Handled:
        """Store new consultations and re-plan each affected municipality once."""
        new_ids = await unit.evidence.add_new(events)
        unclaimed, new = set(new_ids), []
        for event in events:  # a record twice in one batch: the first copy is new, not both
            if event.data.consultation_id in unclaimed:
                unclaimed.discard(event.data.consultation_id)
                new.append(event)
        affected = sorted(
            {PlanKey(e.data.municipality.value, school_year(e.data.consultation_date)) for e in new}
        )
        changed = [key for key in affected if await self.replan(unit, key)]
        return Handled(new, {"plans_changed": len(changed)})

    async def correct_consultations(
        self, unit: PlanningUnit, events: Sequence[ConsultationCorrectedEvent]
    ) -> Handled:
        """Replace corrected consultations (newest revision wins) and re-plan once."""
        applied: list[ConsultationCorrectedEvent] = []
        affected: set[PlanKey] = set()
        for event in events:
            replaced, previous_cycle = await unit.evidence.replace(event)
            if not replaced:
                continue  # redelivered, or older than the revision stored
            record = event.data.record
            applied.append(event)
            affected.add(PlanKey(record.municipality.value, school_year(record.consultation_date)))
            if previous_cycle is not None:  # a changed date can move it to another year
                affected.add(PlanKey(record.municipality.value, previous_cycle))
        changed = [key for key in sorted(affected) if await self.replan(unit, key)]
        return Handled(applied, {"plans_changed": len(changed), "corrected": len(applied)})

    async def replan(self, unit: PlanningUnit, key: PlanKey) -> bool:
        """Draft the plan from all its evidence; a new version if its content changed."""
        records = await unit.evidence.of(key.municipality, key.cycle)
        current = await unit.plans.current(plan_id(key.municipality, key.cycle))
        draft = draft_plan(
            MunicipalityCode(key.municipality), key.cycle, records, self.rules, self.catalogue
        )
        event = revise(current, draft, self.clock())
        if event is None:
            return False
        plan = event.data.plan
        await unit.plans.save(plan)
        announce(unit, plan, event)
        log.info(
            "plan_versioned",
            plan_id=plan.plan_id,
            municipality=key.municipality,
            version=plan.version,
            status=plan.status,
        )
        return True

    async def apply_reviews(
        self, unit: PlanningUnit, events: Sequence[ReviewRecordedEvent]
    ) -> Handled:
        """Move plan statuses on review decisions; stale or impossible reviews are refused."""
        recorded: list[ReviewRecordedEvent] = []
        refused = 0
        for event in events:
            decision = event.data
            current = await unit.plans.current(decision.plan_id)
            plan = current.plan if current else None
            token = decision.reviewer_token_id
            # A review sent with a token must come from one that may decide; the token
            # is recorded with the decision either way (who decided, for accountability).
            denied = await unit.deciders.refusal(token, event.time) if token else None
            outcome = denied or review(plan, decision, self.clock())
            refusal = outcome if isinstance(outcome, Refusal) else None
            if not await unit.plans.record_review(decision, refusal):
                continue  # a redelivered review
            recorded.append(event)
            if isinstance(outcome, Refusal):
                refused += 1
                log.warning("review_refused", plan_id=decision.plan_id, reason=outcome.reason)
                continue
            assert plan is not None  # a status change needs a plan
            change = outcome.data
            await unit.plans.set_status(change.plan_id, change.status)
            announce(unit, plan.model_copy(update={"status": change.status}), outcome)
            log.info(
                "plan_status_changed",
                plan_id=change.plan_id,
                version=change.version,
                status=change.status,
            )
        # A refused review is recorded too (reporting shows it): it counts as applied.
        return Handled(recorded, {"status_changes": len(recorded) - refused, "refused": refused})


async def replan_outdated(units: Units[PlanningUnit], planning: Planning) -> int:
    """Re-draft plans made with an older catalogue, rule set or engine (run at start-up).

    Changed knowledge is like new evidence: a plan gets a new version if its
    content changes. One transaction per plan keeps each lock short.
    """
    async with units() as unit:
        stale = await unit.plans.drafted_with_other_versions(
            planning.catalogue.version, planning.rules.version, ENGINE_VERSION
        )
    for key in stale:
        async with units() as unit:
            await planning.replan(unit, key)
    if stale:
        log.info("outdated_plans_redrafted", count=len(stale))
    return len(stale)
