"""Turning a consultant's submission into a `ConsultationRecorded` fact."""

import hashlib
from datetime import date, datetime
from uuid import UUID, uuid4

from pydantic import Field

from schemas.consultations import ConsultationRecorded, ConsultationRecordedEvent
from schemas.envelope import dataschema_uri

SOURCE = "/dmap/consultations"


class IntakeError(Exception):
    """A submission that is well-formed but not acceptable."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class ConsultationSubmission(ConsultationRecorded):
    """What a consultant sends; the id is optional so retries can reuse their own."""

    consultation_id: UUID | None = Field(  # type: ignore[assignment]
        None,
        description="Client-generated id; a retry with the same id is harmless.",
    )


def accept(submission: ConsultationSubmission, today: date) -> ConsultationRecorded:
    if submission.consultation_date > today:
        raise IntakeError("consultation_date", "is in the future")
    data = submission.model_dump()
    data["consultation_id"] = submission.consultation_id or uuid4()
    return ConsultationRecorded.model_validate(data)


def fingerprint(record: ConsultationRecorded) -> str:
    """Stable hash of a record's content, to tell a retry from a conflicting reuse of an id."""
    return hashlib.sha256(record.model_dump_json().encode()).hexdigest()


def recorded_event(record: ConsultationRecorded, now: datetime) -> ConsultationRecordedEvent:
    return ConsultationRecordedEvent(
        id=uuid4(),
        source=SOURCE,
        time=now,
        subject=record.municipality,
        dataschema=dataschema_uri("consultation-recorded.v1"),
        data=record,
    )
