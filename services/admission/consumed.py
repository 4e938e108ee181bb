"""What planning and reporting read from Kafka, held to intake's rules again.

A record produced straight to a topic (a forged or stale producer) is
dead-lettered when its date is out of range, and stored only after its free
text is redacted; the parsers raise `ValueError`, which the subscriber shell
dead-letters with the reason.
"""

from datetime import UTC, date, datetime

import structlog

from schemas.consultations import ConsultationRecordedEvent
from schemas.reviews import ReviewRecordedEvent
from services.admission.consultations import admit, clean_text
from services.admission.redaction import redact

log = structlog.get_logger(__name__)


def _today() -> date:
    return datetime.now(UTC).date()


def parse_consultation(raw: bytes) -> ConsultationRecordedEvent:
    """A consultation event, its date checked and its free text redacted again."""
    event = ConsultationRecordedEvent.model_validate_json(raw)
    admitted = admit(event.data, _today())
    if admitted.record == event.data:
        return event
    if admitted.redactions:
        counts = admitted.redactions
        log.warning("personal_data_redacted_on_consume", event_id=str(event.id), **counts)
    return event.model_copy(update={"data": admitted.record})


def parse_review(raw: bytes) -> ReviewRecordedEvent:
    """A consumed review decision, its comment redacted like any free text."""
    event = ReviewRecordedEvent.model_validate_json(raw)
    redacted = redact(clean_text(event.data.comment))
    if redacted.text == event.data.comment:
        return event
    data = event.data.model_copy(update={"comment": redacted.text})
    return event.model_copy(update={"data": data})
