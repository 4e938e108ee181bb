"""Every published contract, by the file name its JSON Schema is exported to."""

from pydantic import BaseModel, TypeAdapter

from schemas.amendments import AmendmentRecordedEvent
from schemas.consultations import (
    ConsultationCorrected,
    ConsultationCorrectedEvent,
    ConsultationEvent,
    ConsultationRecorded,
    ConsultationRecordedEvent,
)
from schemas.plans import (
    Plan,
    PlanDraftedEvent,
    PlanEvent,
    PlanRequestRefusedEvent,
    PlanRevisedEvent,
    PlanStatusChangedEvent,
    PlanVersionIssuedEvent,
)
from schemas.reviews import ReviewRecordedEvent

MODELS: dict[str, type[BaseModel]] = {
    "consultation-recorded.v1": ConsultationRecorded,
    "consultation-recorded-event.v1": ConsultationRecordedEvent,
    "consultation-corrected.v1": ConsultationCorrected,
    "consultation-corrected-event.v1": ConsultationCorrectedEvent,
    "plan.v1": Plan,
    "plan-drafted-event.v1": PlanDraftedEvent,
    "plan-revised-event.v1": PlanRevisedEvent,
    "plan-status-changed-event.v1": PlanStatusChangedEvent,
    "plan-version-issued-event.v1": PlanVersionIssuedEvent,
    "plan-request-refused-event.v1": PlanRequestRefusedEvent,
    "review-recorded-event.v1": ReviewRecordedEvent,
    "amendment-recorded-event.v1": AmendmentRecordedEvent,
}


def json_schemas() -> dict[str, dict[str, object]]:
    """JSON Schema documents keyed by file stem (pure: no I/O)."""
    out: dict[str, dict[str, object]] = {
        name: model.model_json_schema(mode="serialization") for name, model in MODELS.items()
    }
    out["consultations-topic.v1"] = TypeAdapter(ConsultationEvent).json_schema(mode="serialization")
    out["plans-topic.v1"] = TypeAdapter(PlanEvent).json_schema(mode="serialization")
    return out
