"""What planning and reporting read from Kafka, held to intake's rules again.

A record produced straight to a topic (a forged or stale producer) is
dead-lettered when its date is out of range, and stored only after its free
text is redacted; the parsers raise `ValueError`, which the subscriber shell
dead-letters with the reason. Fields the contract does not know are ignored
(dropped, never stored): a newer producer's additions or a CloudEvents
extension must not dead-letter an event (docs/events.md).
"""

from datetime import UTC, date, datetime

import structlog
from pydantic import TypeAdapter

from schemas.amendments import AmendmentRecordedEvent
from schemas.consultations import (
    ConsultationCorrectedEvent,
    ConsultationEvent,
    ConsultationRecordedEvent,
)
from schemas.reviews import ReviewRecordedEvent
from schemas.statistics import MunicipalStatisticsRecordedEvent
from services.admission.consultations import admit, check_date, clean_text, redact_record
from services.admission.redaction import redact

log = structlog.get_logger(__name__)


def _today() -> date:
    return datetime.now(UTC).date()


_CONSULTATION_EVENT: TypeAdapter[ConsultationRecordedEvent | ConsultationCorrectedEvent] = (
    TypeAdapter(ConsultationEvent)
)


def parse_consultation(raw: bytes) -> ConsultationRecordedEvent | ConsultationCorrectedEvent:
    """A consultation event (recorded or corrected), its date checked and its free text
    cleaned and redacted again."""
    event = read_consultation(raw)
    if isinstance(event, ConsultationRecordedEvent):
        return redact_recorded(event)
    return event


def read_consultation(raw: bytes) -> ConsultationRecordedEvent | ConsultationCorrectedEvent:
    """`parse_consultation` for a consumer that keeps consultations once, by id: a correction
    comes redacted, a `ConsultationRecorded` only with its date checked. Its caller must pass
    it through `redact_recorded` before storing it, and may skip that for a record it has
    stored already (a redelivery, or the topic read again), which it will not store again."""
    event = _CONSULTATION_EVENT.validate_json(raw, extra="ignore")
    if isinstance(event, ConsultationRecordedEvent):
        check_date(event.data.consultation_date, _today())
        return event
    admitted = admit(event.data.record, _today())
    if admitted.record == event.data.record:
        return event
    _warn(event, admitted.redactions)
    return event.model_copy(
        update={"data": event.data.model_copy(update={"record": admitted.record})}
    )


def redact_recorded(event: ConsultationRecordedEvent) -> ConsultationRecordedEvent:
    """The event with its record's free text cleaned and redacted."""
    admitted = redact_record(event.data)
    if admitted.record == event.data:
        return event
    _warn(event, admitted.redactions)
    return event.model_copy(update={"data": admitted.record})


def _warn(
    event: ConsultationRecordedEvent | ConsultationCorrectedEvent, counts: dict[str, int]
) -> None:
    if counts:
        log.warning("personal_data_redacted_on_consume", event_id=str(event.id), **counts)


def parse_review(raw: bytes) -> ReviewRecordedEvent:
    """A consumed review decision, its comment redacted like any free text."""
    event = ReviewRecordedEvent.model_validate_json(raw, extra="ignore")
    redacted = redact(clean_text(event.data.comment))
    if redacted.text == event.data.comment:
        return event
    data = event.data.model_copy(update={"comment": redacted.text})
    return event.model_copy(update={"data": data})


def _redacted(text: str) -> str:
    return redact(clean_text(text)).text


def parse_review_decision(raw: bytes) -> ReviewRecordedEvent:
    """A consumed review decision: its comment and its items' texts redacted."""
    event = parse_review(raw)
    if not event.data.items:
        return event
    items = tuple(i.model_copy(update={"text": _redacted(i.text)}) for i in event.data.items)
    return event.model_copy(update={"data": event.data.model_copy(update={"items": items})})


# Free text an amendment may carry. A focal point or an author names staff on
# purpose and is left as written; children are never named in a plan.
_AMENDMENT_TEXT = ("reason", "text", "label", "indicator")


def parse_amendment(raw: bytes) -> AmendmentRecordedEvent:
    """A consumed amendment, its free text redacted like a consultation's."""
    event = AmendmentRecordedEvent.model_validate_json(raw, extra="ignore")
    data = event.data.model_dump(mode="json")

    def scrub(node: dict[str, object]) -> None:
        for key, value in node.items():
            if isinstance(value, dict):
                scrub(value)
            elif key in _AMENDMENT_TEXT and isinstance(value, str):
                node[key] = _redacted(value)

    scrub(data)
    cleaned = type(event.data).model_validate(data)
    if cleaned == event.data:
        return event
    return event.model_copy(update={"data": cleaned})


def parse_statistics(raw: bytes) -> MunicipalStatisticsRecordedEvent:
    """Municipal statistics: counts only, no free text; a set recorded in the future is
    refused as at intake."""
    event = MunicipalStatisticsRecordedEvent.model_validate_json(raw, extra="ignore")
    if event.data.recorded_on > _today():
        raise ValueError(f"recorded_on {event.data.recorded_on} is in the future")
    return event
