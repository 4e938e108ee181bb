"""What planning decides, as pure functions: the shell loads, calls one, saves and emits.

`revise` turns a freshly drafted plan into the next version of the current
one (or nothing, when the content is unchanged); `review` turns a planner's
decision into a status change or a refusal. Neither reads a clock or a
database: `now` and the current state are arguments.
"""

from dataclasses import dataclass
from datetime import datetime

from schemas.plans import (
    Plan,
    PlanDraftedEvent,
    PlanRevisedEvent,
    PlanStatusChanged,
    PlanStatusChangedEvent,
)
from schemas.reviews import ReviewRecorded
from services.planning.domain.diff import diff_plans
from services.planning.domain.lifecycle import Refusal, after_new_evidence, transition
from services.planning.domain.plan import content_hash
from services.planning.domain.plan_events import plan_event, status_changed_event


@dataclass(frozen=True, slots=True)
class CurrentPlan:
    """The stored current version of a plan and the hash of its content."""

    plan: Plan
    content_hash: str


@dataclass(frozen=True, slots=True, order=True)
class PlanKey:
    """Which plan: a municipality's, for one school year."""

    municipality: str
    cycle: str


def revise(
    current: CurrentPlan | None, draft: Plan, now: datetime
) -> PlanDraftedEvent | PlanRevisedEvent | None:
    """The next version of the plan when `draft` says something new, else None.

    A new version is a draft; revising an approved plan remembers that version
    as the last approved one.
    """
    if current is not None and current.content_hash == content_hash(draft):
        return None
    if current is None:
        return plan_event(draft.model_copy(update={"version": 1, "status": "draft"}), None, now)
    previous = current.plan
    plan = draft.model_copy(
        update={
            "version": previous.version + 1,
            "status": "draft",
            "last_approved_version": after_new_evidence(
                previous.status, previous.version, previous.last_approved_version
            ),
        }
    )
    return plan_event(plan, previous, now, diff_plans(previous, plan))


def review(
    current: Plan | None, decision: ReviewRecorded, now: datetime
) -> PlanStatusChangedEvent | Refusal:
    """The status change a review decision makes, or why it cannot apply."""
    if current is None:
        return Refusal(f"no plan {decision.plan_id}")
    status = transition(current.status, current.version, decision.decision, decision.version)
    if isinstance(status, Refusal):
        return status
    change = PlanStatusChanged(
        plan_id=current.plan_id,
        version=current.version,
        previous_status=current.status,
        status=status,
        review_id=decision.review_id,
        reviewer=decision.reviewer,
        comment=decision.comment,
        reviewer_token_id=decision.reviewer_token_id,
    )
    return status_changed_event(change, now)
