"""`ReviewRecorded` v1 on `plan-reviews.v1`: a planner's decision on one plan version."""

from typing import Final, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from schemas.envelope import EventEnvelope
from schemas.plans import Adoption

REVIEW_RECORDED_V1: Final = "org.dmap.review.recorded.v1"

Decision = Literal["submit_for_review", "approve", "request_changes", "comment"]

# Which decisions a plan's status allows (the workspace offers only these).
DECISIONS_BY_STATUS: dict[str, tuple[Decision, ...]] = {
    "draft": ("submit_for_review", "comment"),
    "in_review": ("approve", "request_changes", "comment"),
    "changes_requested": ("submit_for_review", "comment"),
    "approved": ("submit_for_review", "comment"),
}


class ReviewItem(BaseModel):
    """A comment on one part of the plan; on a request for changes, a checklist item."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    target: str = Field(
        "plan",
        pattern=r"^(plan|priority:[a-z_]{1,40}|action:[A-Za-z0-9-]{1,40})$",
        examples=["priority:child_labour", "action:CL-1", "plan"],
    )
    text: str = Field(min_length=1, max_length=2000)


class ReviewRecorded(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    review_id: UUID = Field(description="Unique; a replayed review is applied once.")
    plan_id: str = Field(examples=["prizren:2026-2027"])
    version: int = Field(ge=1, description="The version reviewed; stale reviews are refused.")
    decision: Decision
    reviewer: str = Field(min_length=1, max_length=200, description="Planner or office.")
    comment: str = Field("", max_length=4000)
    reviewer_token_id: UUID | None = Field(
        None,
        description="API token of who decided (set by the workspace); planning checks it "
        "exists, is not revoked and may decide.",
    )
    revision: int | None = Field(
        None, ge=1, description="On a submission: the working-draft revision the planner saw."
    )
    items: tuple[ReviewItem, ...] = Field(
        (), max_length=50, description="Per-item comments; a request for changes opens each."
    )
    adoption: Adoption | None = Field(None, description="Required to approve: the adoption.")


class ReviewRecordedEvent(EventEnvelope[ReviewRecorded]):
    """Envelope on `plan-reviews.v1`, keyed by plan id."""

    DATA_SCHEMA = "review-recorded.v1"
    type: Literal["org.dmap.review.recorded.v1"] = REVIEW_RECORDED_V1
