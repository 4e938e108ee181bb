"""Planning's handlers: load the current state, let the domain decide, save and emit.

Each handler runs inside the unit of work the subscriber shell opened for the
batch, so the stored consultations, the plan versions, the review records and
the outgoing events commit together: a redelivered batch changes nothing.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import structlog

from schemas.consultations import ConsultationCorrectedEvent, ConsultationRecordedEvent
from schemas.plans import (
    AppliedAmendment,
    ChecklistItem,
    Plan,
    PlanDraftedEvent,
    PlanRequestRefusedEvent,
    PlanRevisedEvent,
    PlanStatusChangedEvent,
    PlanVersionIssuedEvent,
)
from schemas.statistics import MunicipalStatisticsRecordedEvent
from schemas.topics import PLAN_SNAPSHOTS, PLANS
from schemas.vocabulary import MunicipalityCode
from services.admission.consumed import redact_recorded
from services.planning.domain.amending import Context, amend
from services.planning.domain.catalogue import Catalogue
from services.planning.domain.classification import RuleSet
from services.planning.domain.cycle import plan_id, school_year
from services.planning.domain.decisions import CurrentPlan, PlanKey, revise
from services.planning.domain.lessons import lessons, previous_cycle_of
from services.planning.domain.opinion import Classifier, as_classifier
from services.planning.domain.plan import ENGINE_VERSION, draft_plan
from services.planning.domain.steering import steering_of
from services.planning.domain.text_model import TextModel
from services.planning.memos import PlanMemos
from services.planning.unit import PlanningUnit
from services.runtime.subscriber import Handled
from services.runtime.unit_of_work import Units

log = structlog.get_logger(__name__)

PlanEvent = (
    PlanDraftedEvent
    | PlanRevisedEvent
    | PlanStatusChangedEvent
    | PlanVersionIssuedEvent
    | PlanRequestRefusedEvent
)


def _now() -> datetime:
    return datetime.now(UTC)


def announce(unit: PlanningUnit, plan: Plan, event: PlanEvent) -> None:
    """The event on plans.v1, and the working draft on the compacted snapshot topic."""
    unit.emit(PLANS, plan.plan_id, event)
    if plan.status != "draft":
        return  # an issued version: plans.v1 carries it; the snapshot is the working draft
    unit.emit_record(
        PLAN_SNAPSHOTS,
        plan.plan_id,
        plan.model_dump_json().encode(),
        {
            "plan_version": str(plan.version),
            "plan_revision": str(plan.revision),
            "event_time": event.time.isoformat(),  # reporting's rebuild dates the draft by it
        },
    )


@dataclass(slots=True)
class Planning:
    """The engine's knowledge (classifier, catalogue) and a clock, applied to events.

    `rules` is the rules alone or a classifier with its learned model; it is the
    one mutable part, swapped when a retrained model is activated. `memos` keeps its
    opinions per plan between batches (memos.py), so a re-draft classifies only new
    and corrected issues.
    """

    rules: RuleSet | Classifier
    catalogue: Catalogue
    clock: Callable[[], datetime] = field(default=_now)
    four_eyes: bool = True
    memos: PlanMemos = field(default_factory=PlanMemos)

    @property
    def classifier(self) -> Classifier:
        return as_classifier(self.rules)

    def use_model(self, model: TextModel | None) -> None:
        self.rules = replace(self.classifier, model=model)

    async def record_consultations(
        self, unit: PlanningUnit, events: Sequence[ConsultationRecordedEvent]
    ) -> Handled:
        """Store new consultations and re-plan each affected municipality once.

        The subscription reads them unredacted (`read_consultation`): a record is redacted
        here, before it is stored, and only if planning has not stored it yet, so a
        redelivered batch or a topic read again is not redacted a second time."""
        stored = await unit.evidence.stored([e.data.consultation_id for e in events])
        unseen = [redact_recorded(e) for e in events if e.data.consultation_id not in stored]
        new_ids = await unit.evidence.add_new(unseen)
        unclaimed, new = set(new_ids), []
        for event in unseen:  # a record twice in one batch: the first copy is new, not both
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

    async def record_statistics(
        self, unit: PlanningUnit, events: Sequence[MunicipalStatisticsRecordedEvent]
    ) -> Handled:
        """Store new municipal statistics and re-plan the municipality's plans of that school
        year and later (a plan takes its baselines from the latest year up to its own)."""
        new_ids = await unit.statistics.add_new(events)
        new = [e for e in events if e.data.statistics_id in new_ids]
        affected: set[PlanKey] = set()
        for e in new:
            affected.update(
                await unit.statistics.plans_from(e.data.municipality.value, e.data.school_year)
            )
        changed = [key for key in sorted(affected) if await self.replan(unit, key)]
        return Handled(new, {"plans_changed": len(changed)})

    async def redraft(
        self,
        unit: PlanningUnit,
        key: PlanKey,
        amendments: Sequence[AppliedAmendment],
        current: CurrentPlan | None,
    ) -> Plan:
        """The engine's proposal from all the evidence, with the amendments applied."""
        records = await unit.evidence.of(key.municipality, key.cycle)
        pid = plan_id(key.municipality, key.cycle)
        checklist: list[ChecklistItem] = []
        if current is not None and current.status == "changes_requested" and current.issued:
            asked_on = current.issued.version
            checklist = [i for i in await unit.amendments.items(pid) if i.version == asked_on]
        tracked = await unit.tracking.of(plan_id(key.municipality, previous_cycle_of(key.cycle)))
        draft = draft_plan(
            MunicipalityCode(key.municipality),
            key.cycle,
            records,
            self.memos.classifier_for(key, self.classifier),
            self.catalogue,
            steering=steering_of(amendments),
            statistics=await unit.statistics.of(key.municipality),
            previous=lessons(tracked, key.cycle),
        )
        issues = {r.consultation_id: len(r.raised_issues) for r in records}
        return amend(
            draft,
            amendments,
            checklist,
            Context(self.catalogue.bodies, issues, self.catalogue.wording),
        )

    async def replan(
        self,
        unit: PlanningUnit,
        key: PlanKey,
        current: CurrentPlan | None = None,
        authored: Plan | None = None,
    ) -> bool:
        """Re-draft the working draft; a new revision if its content changed."""
        pid = plan_id(key.municipality, key.cycle)
        if current is None:
            current = await unit.plans.current(pid)
        if authored is None:
            authored = await self.redraft(unit, key, await unit.amendments.applied(pid), current)
        event = revise(current, authored, self.clock())
        if event is None:
            return False
        plan = event.data.plan
        await unit.plans.save(plan)
        announce(unit, plan, event)
        log.debug("plan_revised", plan_id=plan.plan_id, revision=plan.revision)
        return True


async def replan_outdated(units: Units[PlanningUnit], planning: Planning) -> int:
    """Re-draft plans made with another catalogue, rule set, model or engine (at start-up,
    and when a retrained model is activated).

    Changed knowledge is like new evidence: a plan gets a new version if its
    content changes. One transaction per plan keeps each lock short.
    """
    async with units() as unit:
        classifier = planning.classifier
        stale = await unit.plans.drafted_with_other_versions(
            planning.catalogue.version,
            classifier.rules.version,
            ENGINE_VERSION,
            classifier.model_version,
        )
    for key in stale:
        async with units() as unit:
            await planning.replan(unit, key)
    if stale:
        log.info("outdated_plans_redrafted", count=len(stale))
    return len(stale)
