"""Planning's handlers for what people send: review decisions and amendments.

Each request is recorded with its outcome in the batch's transaction (a replay
is recognised by its id); a refusal is published as `PlanRequestRefused`, so
the planner sees why, not only planning's log.
"""

from collections.abc import Sequence
from datetime import datetime
from uuid import uuid4

import structlog

from schemas.amendments import AmendmentRecordedEvent, ReplyToItem, Withdraw
from schemas.plans import AppliedAmendment, Plan, PlanRequestRefused, PlanRequestRefusedEvent
from schemas.reviews import ReviewRecordedEvent
from schemas.topics import PLANS
from services.planning.domain.decisions import CurrentPlan, Issue, Noted, PlanKey, review
from services.planning.domain.lifecycle import Refusal
from services.planning.domain.plan_events import SOURCE
from services.planning.unit import PlanningUnit
from services.planning.workflow import Planning, announce
from services.runtime.auth.roles import DECISION_PERMISSION, Permission
from services.runtime.subscriber import Handled

log = structlog.get_logger(__name__)


def _key(plan_id: str) -> PlanKey:
    municipality, _, cycle = plan_id.partition(":")
    return PlanKey(municipality, cycle)


def refused_event(
    now: datetime, plan_id: str, request: PlanRequestRefused
) -> PlanRequestRefusedEvent:
    return PlanRequestRefusedEvent(
        id=uuid4(),
        source=SOURCE,
        time=now,
        subject=plan_id,
        data=request,
    )


async def apply_reviews(
    planning: Planning, unit: PlanningUnit, events: Sequence[ReviewRecordedEvent]
) -> Handled:
    """Issue versions, move statuses and note comments; impossible reviews are refused."""
    recorded: list[ReviewRecordedEvent] = []
    refused = 0
    for event in events:
        decision = event.data
        current = await unit.plans.current(decision.plan_id)
        token = decision.reviewer_token_id
        municipality = _key(decision.plan_id).municipality
        # A review sent with a token must come from one that may decide for this
        # municipality; the token is recorded with the decision either way.
        denied = (
            await unit.deciders.refusal(
                token, event.time, DECISION_PERMISSION[decision.decision], municipality
            )
            if token
            else None
        )
        open_items = 0
        if current is not None and current.status == "changes_requested" and current.issued:
            asked_on = current.issued.version
            items = await unit.amendments.items(decision.plan_id)
            open_items = sum(1 for i in items if i.version == asked_on and i.state == "open")
        now = planning.clock()
        outcome = denied or review(
            current, decision, now, four_eyes=planning.four_eyes, open_items=open_items
        )
        refusal = outcome if isinstance(outcome, Refusal) else None
        if not await unit.plans.record_review(decision, refusal):
            continue  # a redelivered review
        recorded.append(event)
        if isinstance(outcome, Refusal):
            refused += 1
            log.info("review_refused", plan_id=decision.plan_id, reason=outcome.reason)
            request = PlanRequestRefused(
                request_id=decision.review_id,
                request_type="review",
                plan_id=decision.plan_id,
                action=decision.decision,
                reason=outcome.reason,
                requested_by=decision.reviewer,
            )
            unit.emit(PLANS, decision.plan_id, refused_event(now, decision.plan_id, request))
            continue
        assert current is not None  # only a refusal comes without a plan
        if isinstance(outcome, Noted):
            continue
        if isinstance(outcome, Issue):
            issued = outcome.issued.data.plan
            await unit.plans.issue(issued)
            announce(unit, issued, outcome.issued)
            draft = outcome.next_draft.data.plan
            await unit.plans.save(draft)
            announce(unit, draft, outcome.next_draft)
            log.info("version_issued", plan_id=issued.plan_id, version=issued.version)
            continue
        change = outcome.data
        await unit.plans.set_status(change.plan_id, change.version, change.status, change.adoption)
        await unit.amendments.open_items(change.plan_id, change.items_opened)
        announce(unit, current.issued or current.plan, outcome)
        log.info("plan_status_changed", plan_id=change.plan_id, status=change.status)
        # The checklist (or the adopted version beside it) shows on the working draft.
        await planning.replan(unit, _key(change.plan_id))
    return Handled(recorded, {"decisions": len(recorded) - refused, "refused": refused})


async def apply_amendments(
    planning: Planning, unit: PlanningUnit, events: Sequence[AmendmentRecordedEvent]
) -> Handled:
    """Apply each amendment to its plan's working draft, or refuse it with the reason."""
    recorded: list[AmendmentRecordedEvent] = []
    refused = 0
    for event in events:
        a = event.data
        applied = AppliedAmendment(
            amendment_id=a.amendment_id,
            change=a.change,
            reason=a.reason,
            author=a.author,
            author_token_id=a.author_token_id,
            at=event.time,
            closes=a.closes,
        )
        current = await unit.plans.current(a.plan_id)
        refusal, authored = await _judge(planning, unit, event, current, applied)
        if not await unit.amendments.record(a.plan_id, applied, refusal):
            continue  # a redelivered amendment
        recorded.append(event)
        now = planning.clock()
        if refusal is not None:
            refused += 1
            log.info("amendment_refused", plan_id=a.plan_id, reason=refusal)
            request = PlanRequestRefused(
                request_id=a.amendment_id,
                request_type="amendment",
                plan_id=a.plan_id,
                action=a.change.kind,
                reason=refusal,
                requested_by=a.author,
            )
            unit.emit(PLANS, a.plan_id, refused_event(now, a.plan_id, request))
            continue
        closes = list(a.closes)
        reply = a.change.text if isinstance(a.change, ReplyToItem) else None
        if isinstance(a.change, ReplyToItem):
            closes.append(a.change.item_id)
        if closes:
            await unit.amendments.close_items(closes, a.amendment_id, reply)
            authored = None  # the checklist changed: re-draft with it
        await planning.replan(unit, _key(a.plan_id), current, authored)
    return Handled(recorded, {"amendments": len(recorded) - refused, "refused": refused})


async def _judge(
    planning: Planning,
    unit: PlanningUnit,
    event: AmendmentRecordedEvent,
    current: CurrentPlan | None,
    applied: AppliedAmendment,
) -> tuple[str | None, Plan | None]:
    """Why the amendment cannot apply (or None), and the working draft it makes."""
    a = event.data
    if current is None:
        return f"no plan {a.plan_id}", None
    draft = current.plan
    if a.author_token_id is not None:
        denied = await unit.deciders.refusal(
            a.author_token_id, event.time, Permission.AMEND, _key(a.plan_id).municipality
        )
        if denied:
            return denied.reason, None
    if a.version != draft.version:
        issued = current.issued is not None and a.version <= current.issued.version
        state = "issued and frozen" if issued else "not issued yet"
        return (
            f"version {a.version} is {state}; amend the working draft (version {draft.version})",
            None,
        )
    if a.revision > draft.revision:
        return f"revision {a.revision} does not exist yet (the draft is at {draft.revision})", None
    earlier = await unit.amendments.applied(a.plan_id)
    if isinstance(a.change, Withdraw):
        target = next((e for e in earlier if e.amendment_id == a.change.amendment_id), None)
        if target is None or not target.in_force:
            return f"amendment {a.change.amendment_id} is not in force on this plan", None
    items = {i.item_id: i for i in await unit.amendments.items(a.plan_id)}
    asks = [*a.closes, *([a.change.item_id] if isinstance(a.change, ReplyToItem) else [])]
    unknown = [str(i) for i in asks if i not in items]
    if unknown:
        return f"no checklist item {', '.join(unknown)} on this plan", None
    with_it = [*earlier, applied]
    if isinstance(a.change, Withdraw):
        gone = a.change.amendment_id
        with_it = [
            e.model_copy(update={"in_force": False}) if e.amendment_id == gone else e
            for e in with_it
        ]
    authored = await planning.redraft(unit, _key(a.plan_id), with_it, current)
    clash = next((c for c in authored.conflicts if c.amendment_id == a.amendment_id), None)
    if clash is not None:
        return clash.explanation.en, None
    return None, authored
