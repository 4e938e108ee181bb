"""Planning's repositories over a dictionary, for millisecond tests of its workflow."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from schemas.consultations import (
    ConsultationCorrectedEvent,
    ConsultationRecorded,
    ConsultationRecordedEvent,
)
from schemas.plans import Plan, PlanStatus
from schemas.reviews import ReviewRecorded
from services.planning.domain.cycle import school_year
from services.planning.domain.decisions import CurrentPlan, PlanKey
from services.planning.domain.lifecycle import Refusal
from services.planning.domain.plan import content_hash
from services.planning.unit import PlanningUnit
from services.runtime.settings import Settings
from tests.fakes.memory import MemoryUnits


@dataclass
class PlanningState:
    consultations: dict[UUID, ConsultationRecorded] = field(default_factory=dict)
    revisions: dict[UUID, int] = field(default_factory=dict)  # absent: 1, the original
    plans: dict[str, CurrentPlan] = field(default_factory=dict)
    versions: list[Plan] = field(default_factory=list)
    reviews: dict[UUID, str] = field(default_factory=dict)  # review id -> outcome
    deciders: set[UUID] = field(default_factory=set)  # token ids that may review


class MemoryPlans:
    def __init__(self, state: PlanningState) -> None:
        self._s = state

    async def current(self, plan_id: str) -> CurrentPlan | None:
        return self._s.plans.get(plan_id)

    async def drafted_with_other_versions(
        self, catalogue_version: str, rules_version: str, engine_version: str
    ) -> list[PlanKey]:
        wanted = (catalogue_version, rules_version, engine_version)
        return sorted(
            PlanKey(c.plan.municipality.value, c.plan.cycle)
            for c in self._s.plans.values()
            if (c.plan.catalogue_version, c.plan.rules_version, c.plan.engine_version) != wanted
        )

    async def save(self, plan: Plan) -> None:
        # plan_versions' primary key (plan_id, version)
        if any((v.plan_id, v.version) == (plan.plan_id, plan.version) for v in self._s.versions):
            raise ValueError(f"duplicate key: version {plan.version} of {plan.plan_id}")
        self._s.plans[plan.plan_id] = CurrentPlan(plan, content_hash(plan))
        self._s.versions.append(plan)

    async def set_status(self, plan_id: str, status: PlanStatus) -> None:
        found = self._s.plans.get(plan_id)
        if found is None:  # an UPDATE that matches no row
            return
        plan = found.plan.model_copy(update={"status": status})
        self._s.plans[plan_id] = CurrentPlan(plan, found.content_hash)

    async def record_review(self, review: ReviewRecorded, refusal: Refusal | None) -> bool:
        if review.review_id in self._s.reviews:
            return False
        self._s.reviews[review.review_id] = f"refused: {refusal.reason}" if refusal else "applied"
        return True


class MemoryEvidence:
    def __init__(self, state: PlanningState) -> None:
        self._s = state

    async def add_new(self, events: Sequence[ConsultationRecordedEvent]) -> set[UUID]:
        new = set()
        for event in events:
            cid = event.data.consultation_id
            if cid not in self._s.consultations:
                self._s.consultations[cid] = event.data
                new.add(cid)
        return new

    async def replace(self, event: ConsultationCorrectedEvent) -> tuple[bool, str | None]:
        record = event.data.record
        cid = record.consultation_id
        old = self._s.consultations.get(cid)
        if old is not None and self._s.revisions.get(cid, 1) >= event.data.revision:
            return False, None
        self._s.consultations[cid] = record
        self._s.revisions[cid] = event.data.revision
        return True, school_year(old.consultation_date) if old else None

    async def of(self, municipality: str, cycle: str) -> list[ConsultationRecorded]:
        return [
            r
            for r in self._s.consultations.values()
            if r.municipality.value == municipality and school_year(r.consultation_date) == cycle
        ]


class MemoryDeciders:
    """Tokens that may decide, by id; any other token is refused."""

    def __init__(self, state: PlanningState) -> None:
        self._s = state

    async def refusal(self, token_id: UUID, decided_at: datetime) -> Refusal | None:
        return None if token_id in self._s.deciders else Refusal(f"token {token_id} is unknown")


def planning_units(settings: Settings) -> MemoryUnits[PlanningState, PlanningUnit]:
    return MemoryUnits(
        PlanningState(),
        lambda state, s: PlanningUnit(
            s, MemoryPlans(state), MemoryEvidence(state), MemoryDeciders(state)
        ),
        settings,
    )
