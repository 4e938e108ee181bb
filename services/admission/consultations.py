"""Admission of a consultation record: the accepted date range and redaction of free text."""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from schemas.consultations import ConsultationRecorded
from services.admission.redaction import redact, redact_school_name

# Older dates are typing mistakes (school years are written YYYY-YYYY in plans).
EARLIEST_CONSULTATION = date(2000, 1, 1)
# A consultation held "today" in Kosovo may carry tomorrow's date in UTC terms.
CLOCK_SKEW = timedelta(days=1)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class Refused(ValueError):
    """A record no DMAP service keeps; the reason goes to the client or the DLQ."""

    def __init__(self, field: str, reason: str, reason_sq: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field, self.reason, self.reason_sq = field, reason, reason_sq


def clean_text(text: str) -> str:
    """Drop control characters (PostgreSQL refuses NUL) and unpaired UTF-16 surrogates."""
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


def check_date(day: date, today: date) -> None:
    """Consultations are dated from 2000 to today: anything else is a typo or a forgery."""
    if day > today + CLOCK_SKEW:
        raise Refused("consultation_date", "is in the future", "është në të ardhmen")
    if day < EARLIEST_CONSULTATION:
        raise Refused(
            "consultation_date",
            f"is before {EARLIEST_CONSULTATION}",
            f"është para {EARLIEST_CONSULTATION}",
        )


@dataclass(frozen=True, slots=True)
class Admitted:
    record: ConsultationRecorded
    redactions: dict[str, int]  # what this pass removed, per type; empty for a clean record


def admit(record: ConsultationRecorded, today: date) -> Admitted:
    """The record as a service may keep it: date checked, free text cleaned and redacted."""
    check_date(record.consultation_date, today)
    return redact_record(record)


def redact_record(record: ConsultationRecorded) -> Admitted:
    """The record's free text cleaned and redacted (its date already checked)."""
    counts: Counter[str] = Counter()

    def clean(text: str) -> str:
        redacted = redact(clean_text(text))
        counts.update(redacted.counts)
        return redacted.text

    issues = tuple(
        i.model_copy(update={"description": clean(i.description)}) for i in record.raised_issues
    )
    recommendations = tuple(clean(t) for t in record.recommendations)
    school = record.school
    if school is not None and school.name:
        # a school's name is kept; a pupil's name typed into the field is not
        named = redact_school_name(clean_text(school.name))
        counts.update(named.counts)
        school = school.model_copy(update={"name": named.text})
    cleaned = record.model_copy(
        update={"raised_issues": issues, "recommendations": recommendations, "school": school}
    )
    return Admitted(cleaned, dict(sorted(counts.items())))


_CYCLE = re.compile(r"(\d{4})-(\d{4})")


def check_cycle(cycle: str, today: date) -> None:
    """A plan's school year must be one consultations can be dated in (2000 to now)."""
    found = _CYCLE.fullmatch(cycle)
    start = int(found.group(1)) if found else 0
    if not found or int(found.group(2)) != start + 1:
        raise Refused(
            "cycle", f"{cycle!r} is not a school year (YYYY-YYYY)", "nuk është vit shkollor"
        )
    if not EARLIEST_CONSULTATION.year - 1 <= start <= (today + CLOCK_SKEW).year:
        raise Refused(
            "cycle", f"{cycle} is outside the accepted years", "jashtë viteve të pranuara"
        )
