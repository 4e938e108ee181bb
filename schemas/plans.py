"""Plan events on `plans.v1` and snapshots on `plan-snapshots.v1`.

`PlanDrafted` is the first version of a plan, `PlanRevised` every later one;
both carry the whole plan so integrators never have to rebuild it.
"""

from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from schemas.envelope import EventEnvelope
from schemas.vocabulary import IssueCategory, MunicipalityCode, StakeholderGroup

PLAN_DRAFTED_V1 = "org.dmap.plan.drafted.v1"
PLAN_REVISED_V1 = "org.dmap.plan.revised.v1"

PlanStatus = Literal["draft", "in_review", "approved", "changes_requested"]


class Priority(BaseModel):
    """One issue category in the plan, ranked by the evidence behind it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rank: int = Field(ge=1, description="1 is the most urgent.")
    category: IssueCategory
    consultation_count: int = Field(ge=0, description="Distinct consultations raising it.")
    stakeholder_groups: tuple[StakeholderGroup, ...] = Field(
        description="Groups that raised it, sorted.",
    )
    affected_students: int = Field(ge=0, description="Sum of reported affected students.")
    consultation_ids: tuple[UUID, ...] = Field(description="Evidence, sorted.")


class Plan(BaseModel):
    """A draft municipal action plan for one school year."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    plan_id: str = Field(description="`<municipality>:<cycle>`.", examples=["prizren:2026-2027"])
    municipality: MunicipalityCode
    cycle: str = Field(pattern=r"^\d{4}-\d{4}$", description="School year, e.g. 2026-2027.")
    version: int = Field(ge=1, description="Increases by one with every content change.")
    status: PlanStatus = "draft"
    consultation_count: int = Field(ge=0, description="Consultations the plan is built from.")
    stakeholder_groups_heard: tuple[StakeholderGroup, ...]
    priorities: tuple[Priority, ...]


class PlanDrafted(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    plan: Plan


class PlanRevised(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    plan: Plan
    previous_version: int = Field(ge=1)


class PlanDraftedEvent(EventEnvelope[PlanDrafted]):
    type: Literal["org.dmap.plan.drafted.v1"] = PLAN_DRAFTED_V1


class PlanRevisedEvent(EventEnvelope[PlanRevised]):
    type: Literal["org.dmap.plan.revised.v1"] = PLAN_REVISED_V1


PlanEvent = Annotated[PlanDraftedEvent | PlanRevisedEvent, Field(discriminator="type")]
