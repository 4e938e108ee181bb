"""Turning a consultant's submission into a `ConsultationRecorded` fact."""

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from pydantic import Field

from schemas.consultations import (
    ConsultationCorrected,
    ConsultationCorrectedEvent,
    ConsultationRecorded,
    ConsultationRecordedEvent,
    Superseded,
)
from services.admission.consultations import EARLIEST_CONSULTATION, clean_text
from services.admission.redaction import redact, redact_school_name

SOURCE = "/dmap/consultations"


class IntakeError(Exception):
    """A submission that is well-formed but not acceptable."""

    def __init__(self, field: str, reason: str, reason_sq: str | None = None) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
        self.reason_sq = reason_sq or reason


class ConsultationSubmission(ConsultationRecorded):
    """What a consultant sends; the id is optional so retries can reuse their own."""

    consultation_id: UUID | None = Field(  # type: ignore[assignment]
        None,
        description="Client-generated id; a retry with the same id is harmless.",
    )


@dataclass(frozen=True, slots=True)
class Accepted:
    record: ConsultationRecorded
    redactions: dict[str, int]  # counts per type of personal data removed

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.record)


def accept(submission: ConsultationSubmission, today: date) -> Accepted:
    """Validate what a schema cannot, give the record an id, redact personal data."""
    if submission.consultation_date > today:
        raise IntakeError("consultation_date", "is in the future", "është në të ardhmen")
    if submission.consultation_date < EARLIEST_CONSULTATION:
        raise IntakeError(
            "consultation_date",
            f"is before {EARLIEST_CONSULTATION}",
            f"është para {EARLIEST_CONSULTATION}",
        )
    counts: Counter[str] = Counter()
    issues = []
    for issue in submission.raised_issues:
        cleaned = redact(clean_text(issue.description))
        counts.update(cleaned.counts)
        issues.append(issue.model_copy(update={"description": cleaned.text}))
    recommendations = []
    for text in submission.recommendations:
        cleaned = redact(clean_text(text))
        counts.update(cleaned.counts)
        recommendations.append(cleaned.text)
    data = submission.model_dump()
    if data.get("school") and data["school"].get("name"):
        named = redact_school_name(clean_text(data["school"]["name"]))
        counts.update(named.counts)
        data["school"]["name"] = named.text
    data.update(
        consultation_id=submission.consultation_id or uuid4(),
        raised_issues=[i.model_dump() for i in issues],
        recommendations=recommendations,
    )
    return Accepted(ConsultationRecorded.model_validate(data), dict(sorted(counts.items())))


def prune_errors(errors: list[Any]) -> list[Any]:
    """Drop a container's "too short" error when its items failed for their own reasons.

    Pydantic reports `raised_issues` as empty after an item fails; the item's
    error is the one a consultant can act on.
    """
    failing = {tuple(e["loc"][:-1]) for e in errors if len(e["loc"]) > 1}
    return [
        e
        for e in errors
        if not (
            e["type"] == "too_short"
            and any(
                f[: len(e["loc"])] == tuple(e["loc"]) and len(f) > len(e["loc"]) for f in failing
            )
        )
    ]


def fingerprint(record: ConsultationRecorded) -> str:
    """Stable hash of a record's content, to tell a retry from a conflicting reuse of an id."""
    return hashlib.sha256(record.model_dump_json().encode()).hexdigest()


def recorded_event(record: ConsultationRecorded, now: datetime) -> ConsultationRecordedEvent:
    return ConsultationRecordedEvent(
        id=uuid4(),
        source=SOURCE,
        time=now,
        subject=record.municipality,
        data=record,
    )


def corrected_event(
    record: ConsultationRecorded, revision: int, supersedes: Superseded, now: datetime
) -> ConsultationCorrectedEvent:
    return ConsultationCorrectedEvent(
        id=uuid4(),
        source=SOURCE,
        time=now,
        subject=record.municipality,
        data=ConsultationCorrected(record=record, revision=revision, supersedes=supersedes),
    )
