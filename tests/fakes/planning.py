"""Planning's repositories over a dictionary, for millisecond tests of its workflow."""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from schemas.consultations import (
    ConsultationCorrectedEvent,
    ConsultationRecorded,
    ConsultationRecordedEvent,
)
from schemas.plans import Adoption, AppliedAmendment, ChecklistItem, Plan, PlanStatus
from schemas.progress import PlanTracking, PlanTrackingEvent
from schemas.reviews import ReviewRecorded
from schemas.statistics import MunicipalStatisticsRecorded, MunicipalStatisticsRecordedEvent
from schemas.vocabulary import IssueCategory
from services.planning.domain.amending import in_force
from services.planning.domain.cycle import school_year
from services.planning.domain.decisions import CurrentPlan, PlanKey
from services.planning.domain.lifecycle import Refusal
from services.planning.domain.plan import content_hash
from services.planning.unit import PlanningUnit
from services.runtime.auth.roles import PERMISSIONS, Permission, Role
from services.runtime.settings import Settings
from tests.fakes.memory import MemoryUnits


def _versions(plan: Plan) -> tuple[str, str, str, str]:
    return (plan.catalogue_version, plan.rules_version, plan.engine_version, plan.model_version)


@dataclass
class PlanningState:
    consultations: dict[UUID, ConsultationRecorded] = field(default_factory=dict)
    revisions: dict[UUID, int] = field(default_factory=dict)  # absent: 1, the original
    plans: dict[str, CurrentPlan] = field(default_factory=dict)
    drafts: list[Plan] = field(default_factory=list)  # every working-draft revision saved
    versions: list[Plan] = field(default_factory=list)  # issued versions
    reviews: dict[UUID, str] = field(default_factory=dict)  # review id -> outcome
    deciders: dict[UUID, frozenset[str] | None] = field(default_factory=dict)  # token -> scope
    roles: dict[UUID, Role] = field(default_factory=dict)  # token -> role; absent: may do all
    amendments: dict[UUID, tuple[str, AppliedAmendment, str | None]] = field(default_factory=dict)
    items: dict[UUID, tuple[str, ChecklistItem]] = field(default_factory=dict)
    models: dict[str, dict[str, Any]] = field(default_factory=dict)
    active_model: str | None = None
    tracking: dict[str, tuple[UUID, PlanTracking]] = field(default_factory=dict)  # newest
    statistics: dict[UUID, MunicipalStatisticsRecorded] = field(default_factory=dict)


class MemoryPlans:
    def __init__(self, state: PlanningState) -> None:
        self._s = state

    async def current(self, plan_id: str) -> CurrentPlan | None:
        found = self._s.plans.get(plan_id)
        if found is None:
            return None
        issued = [v for v in self._s.versions if v.plan_id == plan_id]
        return replace(found, issued=issued[-1] if issued else None)

    async def drafted_with_other_versions(
        self, catalogue_version: str, rules_version: str, engine_version: str, model_version: str
    ) -> list[PlanKey]:
        wanted = (catalogue_version, rules_version, engine_version, model_version)
        return sorted(
            PlanKey(c.plan.municipality.value, c.plan.cycle)
            for c in self._s.plans.values()
            if _versions(c.plan) != wanted
        )

    async def save(self, plan: Plan) -> None:
        old = self._s.plans.get(plan.plan_id)
        status, adopted = (old.status, old.adopted_version) if old else ("draft", None)
        self._s.plans[plan.plan_id] = CurrentPlan(plan, content_hash(plan), status, None, adopted)
        self._s.drafts.append(plan)

    async def issue(self, plan: Plan) -> None:
        # plan_versions' primary key (plan_id, version)
        if any((v.plan_id, v.version) == (plan.plan_id, plan.version) for v in self._s.versions):
            raise ValueError(f"duplicate key: version {plan.version} of {plan.plan_id}")
        self._s.versions.append(plan)
        found = self._s.plans[plan.plan_id]
        self._s.plans[plan.plan_id] = replace(found, status="in_review")

    async def set_status(
        self, plan_id: str, version: int, status: PlanStatus, adoption: Adoption | None
    ) -> None:
        self._s.versions = [
            v.model_copy(update={"status": status, "adoption": adoption})
            if (v.plan_id, v.version) == (plan_id, version)
            else v
            for v in self._s.versions
        ]
        found = self._s.plans.get(plan_id)
        if found is None:  # an UPDATE that matches no row
            return
        adopted = version if status == "approved" else found.adopted_version
        self._s.plans[plan_id] = replace(found, status=status, adopted_version=adopted)

    async def record_review(self, review: ReviewRecorded, refusal: Refusal | None) -> bool:
        if review.review_id in self._s.reviews:
            return False
        self._s.reviews[review.review_id] = f"refused: {refusal.reason}" if refusal else "applied"
        return True


class MemoryEvidence:
    def __init__(self, state: PlanningState) -> None:
        self._s = state

    async def stored(self, ids: Sequence[UUID]) -> set[UUID]:
        return {i for i in ids if i in self._s.consultations}

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
    """Known tokens within their scope, by id; any other token is refused.

    A token given a role in `roles` may do only what that role permits, as in
    `auth.tokens`; one without may do anything.
    """

    def __init__(self, state: PlanningState) -> None:
        self._s = state

    async def refusal(
        self, token_id: UUID, decided_at: datetime, permission: Permission, municipality: str
    ) -> Refusal | None:
        if token_id not in self._s.deciders:
            return Refusal(f"token {token_id} is unknown")
        role = self._s.roles.get(token_id)
        if role is not None and permission not in PERMISSIONS[role]:
            return Refusal(f"token {token_id} may not {permission.value} (role {role.value})")
        scope = self._s.deciders[token_id]
        if scope is not None and municipality not in scope:
            return Refusal(f"token {token_id} does not act for {municipality}")
        return None


class MemoryAmendments:
    def __init__(self, state: PlanningState) -> None:
        self._s = state

    async def record(self, plan_id: str, amendment: AppliedAmendment, refusal: str | None) -> bool:
        if amendment.amendment_id in self._s.amendments:
            return False
        self._s.amendments[amendment.amendment_id] = (plan_id, amendment, refusal)
        return True

    async def applied(self, plan_id: str) -> list[AppliedAmendment]:
        found = [a for p, a, r in self._s.amendments.values() if p == plan_id and r is None]
        return in_force(found)

    async def items(self, plan_id: str) -> list[ChecklistItem]:
        return [i for p, i in self._s.items.values() if p == plan_id]

    async def open_items(self, plan_id: str, items: Sequence[ChecklistItem]) -> None:
        for item in items:
            self._s.items.setdefault(item.item_id, (plan_id, item))

    async def close_items(self, ids: Sequence[UUID], by: UUID, reply: str | None) -> None:
        for i in ids:
            if i in self._s.items and self._s.items[i][1].state == "open":
                plan_id, item = self._s.items[i]
                closed = item.model_copy(
                    update={"state": "closed", "closed_by": by, "reply": reply}
                )
                self._s.items[i] = (plan_id, closed)


class MemoryModels:
    """Fitted models by version; one active."""

    def __init__(self, state: PlanningState) -> None:
        self._s = state

    async def active_version(self) -> str | None:
        return self._s.active_model

    async def active(self) -> dict[str, Any] | None:
        return self._s.models.get(self._s.active_model or "")

    async def activate(self, artifact: dict[str, Any]) -> bool:
        if self._s.active_model == artifact["version"]:
            return False
        self._s.models[artifact["version"]] = artifact
        self._s.active_model = artifact["version"]
        return True

    async def corrections(self) -> list[tuple[str, tuple[IssueCategory, ...]]]:
        return []


class MemoryTracking:
    """The newest tracking snapshot per plan."""

    def __init__(self, state: PlanningState) -> None:
        self._s = state

    async def keep(self, event: PlanTrackingEvent) -> bool:
        stored = self._s.tracking.get(event.data.plan_id)
        if stored is not None and stored[0] == event.id:
            return False
        self._s.tracking[event.data.plan_id] = (event.id, event.data)
        return True

    async def of(self, plan_id: str) -> PlanTracking | None:
        stored = self._s.tracking.get(plan_id)
        return stored[1] if stored else None


class MemoryStatistics:
    def __init__(self, state: PlanningState) -> None:
        self._s = state

    async def add_new(self, events: Sequence[MunicipalStatisticsRecordedEvent]) -> set[UUID]:
        new = {e.data.statistics_id for e in events} - set(self._s.statistics)
        for e in events:
            self._s.statistics.setdefault(e.data.statistics_id, e.data)
        return new

    async def of(self, municipality: str) -> list[MunicipalStatisticsRecorded]:
        return [s for s in self._s.statistics.values() if s.municipality.value == municipality]

    async def plans_from(self, municipality: str, school_year: str) -> list[PlanKey]:
        keys = {PlanKey(*pid.split(":")) for pid in self._s.plans}
        return sorted(k for k in keys if k.municipality == municipality and k.cycle >= school_year)


def planning_units(settings: Settings) -> MemoryUnits[PlanningState, PlanningUnit]:
    return MemoryUnits(
        PlanningState(),
        lambda state, s: PlanningUnit(
            s,
            MemoryPlans(state),
            MemoryEvidence(state),
            MemoryDeciders(state),
            MemoryAmendments(state),
            MemoryModels(state),
            MemoryTracking(state),
            MemoryStatistics(state),
        ),
        settings,
    )
