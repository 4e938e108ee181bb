"""Planning's unit of work: the repositories its decisions are loaded from and saved to.

The repositories are protocols so the same workflow runs over PostgreSQL in
the service and over dictionaries in the unit tests.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol
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
from services.planning.domain.decisions import CurrentPlan, PlanKey
from services.planning.domain.lifecycle import Refusal
from services.planning.store.amendments import PostgresAmendments
from services.planning.store.deciders import PostgresDeciders
from services.planning.store.evidence import PostgresEvidence
from services.planning.store.models import PostgresModels
from services.planning.store.plans import PostgresPlans
from services.planning.store.statistics import PostgresStatistics
from services.planning.store.tracking import PostgresTracking
from services.runtime.auth.roles import Permission
from services.runtime.connections import Connection
from services.runtime.settings import Settings
from services.runtime.unit_of_work import UnitOfWork


class Plans(Protocol):
    async def current(self, plan_id: str) -> CurrentPlan | None: ...
    async def drafted_with_other_versions(
        self, catalogue_version: str, rules_version: str, engine_version: str, model_version: str
    ) -> list[PlanKey]: ...
    async def save(self, plan: Plan) -> None: ...
    async def issue(self, plan: Plan) -> None: ...
    async def set_status(
        self, plan_id: str, version: int, status: PlanStatus, adoption: Adoption | None
    ) -> None: ...
    async def record_review(self, review: ReviewRecorded, refusal: Refusal | None) -> bool: ...


class Amendments(Protocol):
    async def record(
        self, plan_id: str, amendment: AppliedAmendment, refusal: str | None
    ) -> bool: ...
    async def applied(self, plan_id: str) -> list[AppliedAmendment]: ...
    async def items(self, plan_id: str) -> list[ChecklistItem]: ...
    async def open_items(self, plan_id: str, items: Sequence[ChecklistItem]) -> None: ...
    async def close_items(self, ids: Sequence[UUID], by: UUID, reply: str | None) -> None: ...


class Evidence(Protocol):
    async def stored(self, ids: Sequence[UUID]) -> set[UUID]: ...
    async def add_new(self, events: Sequence[ConsultationRecordedEvent]) -> set[UUID]: ...
    async def replace(self, event: ConsultationCorrectedEvent) -> tuple[bool, str | None]: ...
    async def of(self, municipality: str, cycle: str) -> list[ConsultationRecorded]: ...


class Deciders(Protocol):
    async def refusal(
        self, token_id: UUID, decided_at: datetime, permission: Permission, municipality: str
    ) -> Refusal | None: ...


class Models(Protocol):
    async def active_version(self) -> str | None: ...
    async def active(self) -> dict[str, Any] | None: ...
    async def activate(self, artifact: dict[str, Any]) -> bool: ...
    async def corrections(self) -> list[tuple[str, tuple[IssueCategory, ...]]]: ...


class Tracking(Protocol):
    async def keep(self, event: PlanTrackingEvent) -> bool: ...
    async def of(self, plan_id: str) -> PlanTracking | None: ...


class Statistics(Protocol):
    async def add_new(self, events: Sequence[MunicipalStatisticsRecordedEvent]) -> set[UUID]: ...
    async def of(self, municipality: str) -> list[MunicipalStatisticsRecorded]: ...
    async def plans_from(self, municipality: str, school_year: str) -> list[PlanKey]: ...


class PlanningUnit(UnitOfWork):
    def __init__(
        self,
        settings: Settings,
        plans: Plans,
        evidence: Evidence,
        deciders: Deciders,
        amendments: Amendments,
        models: Models,
        tracking: Tracking,
        statistics: Statistics,
    ) -> None:
        super().__init__(settings)
        self.tracking = tracking
        self.models = models
        self.statistics = statistics
        self.plans = plans
        self.evidence = evidence
        self.deciders = deciders
        self.amendments = amendments


def postgres_unit(conn: Connection, settings: Settings) -> PlanningUnit:
    return PlanningUnit(
        settings,
        PostgresPlans(conn),
        PostgresEvidence(conn),
        PostgresDeciders(conn),
        PostgresAmendments(conn),
        PostgresModels(conn),
        PostgresTracking(conn),
        PostgresStatistics(conn),
    )
