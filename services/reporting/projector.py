"""Which event goes to which read model: used by the live subscribers and by rebuild."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import asyncpg
from pydantic import TypeAdapter

from schemas.consultations import ConsultationRecordedEvent
from schemas.plans import PlanEvent, PlanStatusChangedEvent
from schemas.reviews import ReviewRecordedEvent
from schemas.topics import CONSULTATIONS, PLAN_REVIEWS, PLANS
from services.reporting.store import plans, workspace

_PLAN_EVENT: TypeAdapter[Any] = TypeAdapter(PlanEvent)


@dataclass(frozen=True, slots=True)
class Projection:
    topic: str
    parse: Callable[[bytes], Any]


PROJECTIONS = (
    Projection(CONSULTATIONS, ConsultationRecordedEvent.model_validate_json),
    Projection(PLANS, _PLAN_EVENT.validate_json),
    Projection(PLAN_REVIEWS, ReviewRecordedEvent.model_validate_json),
)


async def apply(conn: asyncpg.Connection, event: Any) -> bool:
    """Apply one parsed event inside the caller's transaction; False if seen before."""
    if isinstance(event, ConsultationRecordedEvent):
        if not await workspace.first_time(conn, event.id, event.type):
            return False
        await workspace.project_consultation(conn, event)
        return True
    if isinstance(event, ReviewRecordedEvent):
        if not await workspace.first_time(conn, event.id, event.type):
            return False
        await workspace.project_review(conn, event)
        return True
    if not await plans.project(conn, event):
        return False
    if not isinstance(event, PlanStatusChangedEvent):
        await workspace.replace_matrix_rows(conn, event.data.plan)
    return True


TABLES = (
    "processed_events",
    "plan_versions",
    "latest_plans",
    "status_changes",
    "consultations",
    "matrix",
    "reviews",
)
