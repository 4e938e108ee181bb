"""Turning a submission of municipal statistics into a `MunicipalStatisticsRecorded` fact.

A set of statistics is identified by what it is: municipality, school year,
source and the date the source recorded it. Sending the same set again is a
retry; different counts under the same identity are a conflict (a correction
carries a later `recorded_on`).
"""

import hashlib
import json
import uuid
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from schemas.statistics import (
    MAX_STATISTICS_ROWS,
    MunicipalStatisticsRecorded,
    MunicipalStatisticsRecordedEvent,
    StatisticsRow,
    StatisticsSource,
)
from schemas.vocabulary import MunicipalityCode
from services.consultations.domain.intake import IntakeError

SOURCE = "/dmap/consultations"
# Stable namespace for statistics ids (uuid5 of the set's identity).
_NAMESPACE = uuid.UUID("3f1d2c4e-9b7a-4c1e-8d2f-6a5b4c3d2e1f")


class StatisticsSubmission(BaseModel):
    """What the MED or an EMIS export sends: one school year's counts from one source."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    municipality: MunicipalityCode
    school_year: str = Field(pattern=r"^\d{4}-\d{4}$", examples=["2025-2026"])
    source: StatisticsSource
    recorded_on: date
    rows: tuple[StatisticsRow, ...] = Field(min_length=1, max_length=MAX_STATISTICS_ROWS)
    schools_with_rae_pupils: int | None = Field(
        default=None,
        ge=0,
        le=10_000,
        description="Schools with Roma, Ashkali or Egyptian pupils enrolled, where the source "
        "counts them (EMIS does); sizes the mediators planned (one per school).",
    )


def statistics_id(m: str, school_year: str, source: str, recorded_on: date) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"{m}|{school_year}|{source}|{recorded_on.isoformat()}")


def accept(s: StatisticsSubmission, today: date) -> MunicipalStatisticsRecorded:
    """Validate what the schema cannot (dates), and give the set its id."""
    if s.recorded_on > today:
        raise IntakeError("recorded_on", "is in the future", "është në të ardhmen")
    first = int(s.school_year[:4])
    if first > today.year:
        raise IntakeError("school_year", "has not begun", "nuk ka filluar ende")
    if s.recorded_on < date(first, 9, 1):
        raise IntakeError(
            "recorded_on",
            "is before the school year began",
            "është para fillimit të vitit shkollor",
        )
    try:
        return MunicipalStatisticsRecorded(
            statistics_id=statistics_id(
                s.municipality.value, s.school_year, s.source, s.recorded_on
            ),
            **s.model_dump(),
        )
    except ValidationError as exc:  # the cross-row checks of the contract
        errors = errors_of(exc, "en")
        raise IntakeError(errors[0]["field"], errors[0]["reason"]) from None


def validate(
    raw: Any, lang: str, today: date
) -> tuple[MunicipalStatisticsRecorded | None, list[dict[str, Any]]]:
    """A raw JSON object as accepted statistics, or its field errors (no exception)."""
    try:
        return accept(StatisticsSubmission.model_validate(raw), today), []
    except ValidationError as exc:
        return None, errors_of(exc, lang)
    except IntakeError as exc:
        return None, [{"field": exc.field, "reason": exc.reason_sq if lang == "sq" else exc.reason}]


def errors_of(exc: ValidationError, lang: str) -> list[dict[str, Any]]:
    """Field errors (in English: pydantic's wording); a cross-field check ("dropped_out: more
    than enrolled") names its field."""
    raw = list(exc.errors())
    locs = [tuple(e["loc"]) for e in raw]
    # A list is "too short" only because its items failed: their reasons are the ones to act on.
    raw = [
        e
        for e in raw
        if not (
            e["type"] == "too_short"
            and any(o[: len(e["loc"])] == tuple(e["loc"]) and len(o) > len(e["loc"]) for o in locs)
        )
    ]
    out = []
    for err in raw:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        e = {"field": loc or "body", "reason": str(err.get("msg", "invalid"))}
        reason = e["reason"].removeprefix("Value error, ")
        head, sep, tail = reason.partition(": ")
        if sep and head.isidentifier():
            field = head if e["field"] == "body" else f"{e['field']}.{head}"
            e = {"field": field, "reason": tail}
        out.append(e)
    return out


def fingerprint(s: MunicipalStatisticsRecorded) -> str:
    """The counts' hash: the same set sent twice is a retry, other counts a conflict."""
    rows = sorted(
        (r.model_dump(mode="json") for r in s.rows),
        key=lambda r: (r["level"], r["gender"], r["community"]),
    )
    counted: Any = rows
    if s.schools_with_rae_pupils is not None:  # a set without it hashes as it always did
        counted = {"rows": rows, "schools_with_rae_pupils": s.schools_with_rae_pupils}
    body = json.dumps(counted, sort_keys=True)
    return hashlib.sha256(body.encode()).hexdigest()


def recorded_event(
    s: MunicipalStatisticsRecorded, now: datetime | None = None
) -> MunicipalStatisticsRecordedEvent:
    return MunicipalStatisticsRecordedEvent(
        id=uuid4(),
        source=SOURCE,
        time=now or datetime.now(UTC),
        subject=s.municipality.value,
        data=s,
    )
