"""What planning decides, as pure functions: the shell loads, calls one, saves and emits.

`revise` turns a freshly drafted working draft into its next revision (or
nothing, when the content is unchanged); `review` turns a decision into an
issued version, a status change, a note or a refusal. Neither reads a clock
or a database: `now` and the current state are arguments.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from schemas.plans import (
    ChecklistItem,
    Issued,
    Plan,
    PlanDraftedEvent,
    PlanRevisedEvent,
    PlanStatus,
    PlanStatusChanged,
    PlanStatusChangedEvent,
    PlanVersionIssuedEvent,
)
from schemas.reviews import ReviewRecorded
from services.planning.domain.diff import diff_plans
from services.planning.domain.lifecycle import DECIDED, Refusal, allowed
from services.planning.domain.plan import content_hash
from services.planning.domain.plan_events import (
    plan_event,
    revised_event,
    status_changed_event,
    version_issued_event,
)


@dataclass(frozen=True, slots=True)
class CurrentPlan:
    """A plan's stored state: its working draft and its latest issued version."""

    plan: Plan  # the working draft
    content_hash: str
    status: PlanStatus = "draft"  # the latest issued version's, or draft
    issued: Plan | None = None  # the latest issued version
    adopted_version: int | None = None


@dataclass(frozen=True, slots=True, order=True)
class PlanKey:
    """Which plan: a municipality's, for one school year."""

    municipality: str
    cycle: str


@dataclass(frozen=True, slots=True)
class Issue:
    """A submission: the version issued, and the working draft that carries on after it."""

    issued: PlanVersionIssuedEvent
    next_draft: PlanRevisedEvent


@dataclass(frozen=True, slots=True)
class Noted:
    """A comment: recorded, no change to the plan."""


Outcome = Issue | PlanStatusChangedEvent | Noted


def revise(
    current: CurrentPlan | None, draft: Plan, now: datetime
) -> PlanDraftedEvent | PlanRevisedEvent | None:
    """The working draft's next revision when `draft` says something new, else None."""
    if (
        current is not None
        and current.content_hash == content_hash(draft)
        # an approval changes no content but the draft must name the adopted version
        and current.plan.last_approved_version == current.adopted_version
    ):
        return None
    if current is None:
        first = draft.model_copy(update={"version": 1, "revision": 1, "status": "draft"})
        return plan_event(first, None, now)
    previous = current.plan
    plan = draft.model_copy(
        update={
            "version": previous.version,
            "revision": previous.revision + 1,
            "status": "draft",
            "last_approved_version": current.adopted_version,
        }
    )
    return plan_event(plan, previous, now, diff_plans(previous, plan))


def item_id(review_id: uuid.UUID, index: int) -> uuid.UUID:
    """A checklist item's id: stable across redeliveries of the review that opened it."""
    return uuid.uuid5(review_id, str(index))


def review(
    current: CurrentPlan | None,
    decision: ReviewRecorded,
    now: datetime,
    *,
    four_eyes: bool,
    open_items: int,
) -> Outcome | Refusal:
    """What a review decision does to the plan, or why it cannot apply."""
    if current is None:
        return Refusal(f"no plan {decision.plan_id}")
    refused = allowed(current.status, decision.decision)
    if refused:
        return refused
    if decision.decision == "comment":
        return Noted()
    if decision.decision == "submit_for_review":
        return _submit(current, decision, now, open_items)
    issued = current.issued
    assert issued is not None  # in_review: a version was issued
    if decision.version != issued.version:
        return Refusal(
            f"version {decision.version} was reviewed but version {issued.version} is the "
            "one in review; review that version"
        )
    if decision.decision == "approve":
        refusal = _may_approve(issued, decision, four_eyes)
        if refusal:
            return refusal
    items = tuple(
        ChecklistItem(
            item_id=item_id(decision.review_id, i),
            version=issued.version,
            target=item.target,
            text=item.text,
            author=decision.reviewer,
        )
        for i, item in enumerate(decision.items)
    )
    change = PlanStatusChanged(
        plan_id=issued.plan_id,
        version=issued.version,
        previous_status=current.status,
        status=DECIDED[decision.decision],
        review_id=decision.review_id,
        reviewer=decision.reviewer,
        comment=decision.comment,
        reviewer_token_id=decision.reviewer_token_id,
        adoption=decision.adoption if decision.decision == "approve" else None,
        items_opened=items if decision.decision == "request_changes" else (),
    )
    return status_changed_event(change, now)


def _may_approve(issued: Plan, decision: ReviewRecorded, four_eyes: bool) -> Refusal | None:
    if decision.adoption is None:
        return Refusal("an approval needs the adoption record: decision number, date, signatories")
    submitted = issued.issued
    if not four_eyes or submitted is None:
        return None
    same_token = (
        decision.reviewer_token_id is not None
        and decision.reviewer_token_id == submitted.submitted_by_token_id
    )
    same_name = decision.reviewer.strip().casefold() == submitted.submitted_by.strip().casefold()
    if same_token or same_name:
        return Refusal(
            f"{decision.reviewer} submitted version {issued.version}; another person must "
            "approve it (four-eyes rule)"
        )
    return None


def _submit(
    current: CurrentPlan, decision: ReviewRecorded, now: datetime, open_items: int
) -> Issue | Refusal:
    draft = current.plan
    if decision.version != draft.version:
        return Refusal(
            f"version {decision.version} was submitted but the working draft is version "
            f"{draft.version}; submit the working draft"
        )
    if decision.revision is not None and decision.revision != draft.revision:
        return Refusal(
            f"the working draft changed since revision {decision.revision} (now revision "
            f"{draft.revision}); read it again and submit"
        )
    if open_items:
        return Refusal(
            f"{open_items} checklist item(s) are still open; close each with an amendment "
            "or a reply, then submit"
        )
    issued = draft.model_copy(
        update={
            "status": "in_review",
            "issued": Issued(
                issued_at=now,
                from_revision=draft.revision,
                submitted_by=decision.reviewer,
                submitted_by_token_id=decision.reviewer_token_id,
                review_id=decision.review_id,
            ),
        }
    )
    previous = current.issued
    diff = diff_plans(previous, issued) if previous is not None else None
    carries_on = draft.model_copy(
        update={"version": draft.version + 1, "revision": draft.revision + 1, "checklist": ()}
    )
    return Issue(
        version_issued_event(issued, previous, now, diff),
        revised_event(carries_on, draft, now, diff_plans(draft, carries_on)),
    )
