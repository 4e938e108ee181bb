"""Driving planning through the real subscriber shell over in-memory units of work.

Shared by the planning workflow, review-flow and amendment tests: build the
events people and services send, deliver them as Kafka records, read back what
planning published and stored.
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from uuid import UUID, uuid4

from pydantic import TypeAdapter

from schemas.amendments import AmendmentRecorded, AmendmentRecordedEvent, Change
from schemas.consultations import ConsultationRecordedEvent
from schemas.plans import (
    Adoption,
    Plan,
    PlanEvent,
    PlannedAction,
    PlanRequestRefusedEvent,
    Priority,
)
from schemas.reviews import Decision, ReviewItem, ReviewRecorded, ReviewRecordedEvent
from schemas.topics import CONSULTATIONS, PLAN_AMENDMENTS, PLAN_REVIEWS, PLANS
from services.consultations.domain.intake import recorded_event
from services.planning.rules import catalogue, classifier_rules
from services.planning.subscriptions import subscriptions
from services.planning.unit import PlanningUnit
from services.planning.workflow import Planning
from services.runtime.auth.roles import Role
from services.runtime.backoff import Backoff
from services.runtime.metrics import ServiceMetrics
from services.runtime.settings import Settings
from services.runtime.subscriber import Consumer, Subscription, consume
from tests.factories import record
from tests.fakes.memory import MemoryUnits
from tests.fakes.planning import PlanningState
from tests.fakes.records import consumer_record

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
SETTINGS = Settings(topic_prefix="t.")
PLAN_ID = "prizren:2026-2027"
SUBMITTER = "Planner Prizren"
APPROVER = "Director Prizren"
ADOPTION = Adoption(
    decision_number="01-016/2026-123",
    decision_date=date(2026, 11, 25),
    signatories=("Director of Education",),
)

Units = MemoryUnits[PlanningState, PlanningUnit]
E = TypeVar("E")


def make_planning(*, four_eyes: bool = True) -> Planning:
    return Planning(classifier_rules(), catalogue(), clock=lambda: NOW, four_eyes=four_eyes)


def consumer(units: Units, metrics: ServiceMetrics | None = None) -> Consumer[PlanningUnit]:
    return Consumer("planning", SETTINGS, units, metrics or ServiceMetrics("planning"))


def sub(planning: Planning, topic: str) -> Subscription[PlanningUnit]:
    return next(s for s in subscriptions(planning) if s.topic == topic)


def consultation(**kw: Any) -> ConsultationRecordedEvent:
    return recorded_event(record(**kw), NOW)


def review(
    version: int,
    decision: Decision,
    *,
    plan_id: str = PLAN_ID,
    reviewer: str = "MED Prizren",
    token: UUID | None = None,
    revision: int | None = None,
    items: Sequence[str] = (),
    adoption: Adoption | None = None,
) -> ReviewRecordedEvent:
    return ReviewRecordedEvent(
        id=uuid4(),
        source="/dmap/test",
        time=NOW,
        subject=plan_id,
        data=ReviewRecorded(
            review_id=uuid4(),
            plan_id=plan_id,
            version=version,
            decision=decision,
            reviewer=reviewer,
            comment="",
            reviewer_token_id=token,
            revision=revision,
            items=tuple(ReviewItem(text=t) for t in items),
            adoption=adoption,
        ),
    )


def amendment(
    change: dict[str, Any] | Change,
    *,
    version: int = 1,
    revision: int = 1,
    closes: Sequence[UUID] = (),
    token: UUID | None = None,
    plan_id: str = PLAN_ID,
    amendment_id: UUID | None = None,
) -> AmendmentRecordedEvent:
    data = AmendmentRecorded.model_validate(
        {
            "amendment_id": amendment_id or uuid4(),
            "plan_id": plan_id,
            "version": version,
            "revision": revision,
            "change": change,
            "reason": "Agreed by the municipal working group.",
            "closes": tuple(closes),
            "author": SUBMITTER,
            "author_token_id": token,
        }
    )
    return AmendmentRecordedEvent(
        id=uuid4(),
        source="/dmap/test",
        time=NOW,
        subject=plan_id,
        data=data,
    )


async def deliver(
    units: Units,
    planning: Planning,
    topic: str,
    *events: Any,
    metrics: ServiceMetrics | None = None,
) -> dict[str, int]:
    records = [
        consumer_record(topic, e if isinstance(e, bytes) else e.model_dump_json().encode())
        for e in events
    ]
    return await consume(consumer(units, metrics), sub(planning, topic), records, Backoff())


_EVENTS: TypeAdapter[Any] = TypeAdapter(PlanEvent)


def plan_events(units: Units) -> list[Any]:
    """Everything planning published on plans.v1, parsed, in order."""
    return [_EVENTS.validate_json(m.value) for m in units.on("t." + PLANS)]


def of_type(units: Units, kind: type[E]) -> list[E]:
    return [e for e in plan_events(units) if isinstance(e, kind)]


def refusals(units: Units) -> list[str]:
    """The reasons of every PlanRequestRefused published, in order."""
    return [e.data.reason for e in of_type(units, PlanRequestRefusedEvent)]


def draft(units: Units, plan_id: str = PLAN_ID) -> Plan:
    """The stored working draft."""
    return units.state.plans[plan_id].plan


def versions(units: Units, plan_id: str = PLAN_ID) -> list[Plan]:
    """The stored issued versions, oldest first."""
    return [v for v in units.state.versions if v.plan_id == plan_id]


def priority(plan: Plan, category: str) -> Priority:
    return next(p for p in plan.priorities if p.category == category)


def action(plan: Plan, action_id: str) -> PlannedAction:
    return next(a for p in plan.priorities for a in p.actions if a.action_id == action_id)


def ranked(plan: Plan) -> list[str]:
    return [p.category.value for p in plan.priorities]


async def amend(units: Units, planning: Planning, *events: AmendmentRecordedEvent) -> None:
    summary = await deliver(units, planning, PLAN_AMENDMENTS, *events)
    assert (summary["amendments"], summary["refused"]) == (len(events), 0), refusals(units)


async def two_consultations(units: Units, planning: Planning) -> tuple[UUID, UUID]:
    """Two consultations raising child labour (issue 0) and career guidance (issue 1)."""
    first, second = consultation(), consultation(stakeholder_group="parent")
    await deliver(units, planning, CONSULTATIONS, first, second)
    return first.data.consultation_id, second.data.consultation_id


def issue(category: str, severity: str, students: int | None = None) -> dict[str, Any]:
    return {
        "category": category,
        "description": "Një problem i raportuar në shkollë.",
        "severity": severity,
        "affected_students": students,
    }


# Six categories from one consultation: the sixth, distance access, misses the top five.
CROWDED = [
    issue("child_labour", "critical", 20),
    issue("poverty", "high", 10),
    issue("absenteeism", "high"),
    issue("rae_inclusion", "medium"),
    issue("special_needs", "medium"),
    issue("distance_access", "low"),
]
TOP_FIVE = ["child_labour", "poverty", "absenteeism", "rae_inclusion", "special_needs"]


async def crowded(units: Units, planning: Planning) -> None:
    await deliver(units, planning, CONSULTATIONS, consultation(raised_issues=CROWDED))
    assert ranked(draft(units)) == TOP_FIVE


# An edit of an action's dates, cost, focal point and target.
EDIT = {
    "cost_eur": 1200.0,
    "focal_point": "Zyra e arsimit, sektori i mirëqenies",
    "start_month": "2026-12",
    "end_month": "2027-03",
    "target_value": 80.0,
    "target_unit": "%",
}


def tokens(units: Units) -> tuple[UUID, UUID]:
    """A planner's and an approver's token, both for Prizren."""
    planner, approver = uuid4(), uuid4()
    units.state.deciders.update({planner: frozenset({"prizren"}), approver: frozenset({"prizren"})})
    units.state.roles.update({planner: Role.PLANNER, approver: Role.APPROVER})
    return planner, approver


async def submitted(units: Units, planning: Planning, token: UUID | None = None) -> None:
    """A drafted plan, submitted by the planner: version 1 in review."""
    await deliver(units, planning, CONSULTATIONS, consultation())
    submit = review(1, "submit_for_review", reviewer=SUBMITTER, token=token, revision=1)
    assert (await deliver(units, planning, PLAN_REVIEWS, submit))["decisions"] == 1
