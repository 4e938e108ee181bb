"""Every published contract, by the file name its JSON Schema is exported to."""

from typing import Any

from pydantic import BaseModel, TypeAdapter

from schemas.amendments import AmendmentRecorded, AmendmentRecordedEvent
from schemas.consultations import (
    ConsultationCorrected,
    ConsultationCorrectedEvent,
    ConsultationEvent,
    ConsultationRecorded,
    ConsultationRecordedEvent,
)
from schemas.envelope import DEFAULT_SCHEMA_BASE, EventEnvelope
from schemas.plans import (
    Plan,
    PlanDrafted,
    PlanDraftedEvent,
    PlanEvent,
    PlanRequestRefused,
    PlanRequestRefusedEvent,
    PlanRevised,
    PlanRevisedEvent,
    PlanStatusChanged,
    PlanStatusChangedEvent,
    PlanVersionIssued,
    PlanVersionIssuedEvent,
)
from schemas.progress import (
    AlertCleared,
    AlertClearedEvent,
    AlertEvent,
    AlertRaised,
    AlertRaisedEvent,
    MeetingRecorded,
    MeetingRecordedEvent,
    PlanTracking,
    PlanTrackingEvent,
    ProgressEvent,
    ProgressReported,
    ProgressReportedEvent,
)
from schemas.publication import published
from schemas.reviews import ReviewRecorded, ReviewRecordedEvent
from schemas.statistics import MunicipalStatisticsRecorded, MunicipalStatisticsRecordedEvent

# Every event type DMAP publishes: its envelope schema's file stem -> the model.
EVENTS: dict[str, type[EventEnvelope[Any]]] = {
    "consultation-recorded-event.v1": ConsultationRecordedEvent,
    "consultation-corrected-event.v1": ConsultationCorrectedEvent,
    "plan-drafted-event.v1": PlanDraftedEvent,
    "plan-revised-event.v1": PlanRevisedEvent,
    "plan-version-issued-event.v1": PlanVersionIssuedEvent,
    "plan-status-changed-event.v1": PlanStatusChangedEvent,
    "plan-request-refused-event.v1": PlanRequestRefusedEvent,
    "review-recorded-event.v1": ReviewRecordedEvent,
    "amendment-recorded-event.v1": AmendmentRecordedEvent,
    "progress-reported-event.v1": ProgressReportedEvent,
    "alert-raised-event.v1": AlertRaisedEvent,
    "alert-cleared-event.v1": AlertClearedEvent,
    "tracking-snapshot-event.v1": PlanTrackingEvent,
    "meeting-recorded-event.v1": MeetingRecordedEvent,
    "municipal-statistics-recorded-event.v1": MunicipalStatisticsRecordedEvent,
}

# The schema of each event's `data` (what its `dataschema` names), and the plan snapshot.
DATA: dict[str, type[BaseModel]] = {
    "consultation-recorded.v1": ConsultationRecorded,
    "consultation-corrected.v1": ConsultationCorrected,
    "plan-drafted.v1": PlanDrafted,
    "plan-revised.v1": PlanRevised,
    "plan-version-issued.v1": PlanVersionIssued,
    "plan-status-changed.v1": PlanStatusChanged,
    "plan-request-refused.v1": PlanRequestRefused,
    "review-recorded.v1": ReviewRecorded,
    "amendment-recorded.v1": AmendmentRecorded,
    "progress-reported.v1": ProgressReported,
    "alert-raised.v1": AlertRaised,
    "alert-cleared.v1": AlertCleared,
    "tracking-snapshot.v1": PlanTracking,
    "meeting-recorded.v1": MeetingRecorded,
    "municipal-statistics-recorded.v1": MunicipalStatisticsRecorded,
    "plan.v1": Plan,
}

# Topics that carry several event types: the union, told apart by `type`.
UNIONS: dict[str, Any] = {
    "consultations-topic.v1": ConsultationEvent,
    "plans-topic.v1": PlanEvent,
    "plan-alerts-topic.v1": AlertEvent,
    "plan-progress-topic.v1": ProgressEvent,
}

MODELS: dict[str, type[BaseModel]] = {**DATA, **EVENTS}


def json_schemas(base: str = DEFAULT_SCHEMA_BASE) -> dict[str, dict[str, object]]:
    """Published JSON Schema documents keyed by file stem, `$id` under `base` (no I/O)."""
    raw: dict[str, dict[str, Any]] = {
        name: model.model_json_schema(mode="serialization") for name, model in MODELS.items()
    }
    for name, union in UNIONS.items():
        raw[name] = TypeAdapter(union).json_schema(mode="serialization")
    return {name: published(name, doc, base) for name, doc in sorted(raw.items())}
