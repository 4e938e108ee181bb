"""Events on `consultations.v1`: `ConsultationRecorded` v1 and `ConsultationCorrected` v1.

A correction (an edited form submission) replaces the consultation with the
same id; consumers keep the record with the highest `revision`.
"""

from datetime import date
from typing import Annotated, Final, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from schemas.envelope import EventEnvelope
from schemas.vocabulary import (
    AffectedGroup,
    IssueCategory,
    Language,
    MunicipalityCode,
    SchoolLevel,
    Severity,
    StakeholderGroup,
    SubmissionSource,
)

CONSULTATION_RECORDED_V1: Final = "org.dmap.consultation.recorded.v1"
CONSULTATION_CORRECTED_V1: Final = "org.dmap.consultation.corrected.v1"

# Bounds on free text (characters) and lists: intake refuses more with 422, and
# redaction's work per record stays bounded (issue 10, finding 2).
MAX_SCHOOL_NAME: Final = 200
MAX_DESCRIPTION: Final = 4000
MAX_RECOMMENDATION: Final = 1000
MAX_ISSUES: Final = 50
MAX_RECOMMENDATIONS: Final = 50
Recommendation = Annotated[str, Field(max_length=MAX_RECOMMENDATION)]


class School(BaseModel):
    """The school a consultation was held at (institutions only, never pupils)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str | None = Field(
        None,
        max_length=MAX_SCHOOL_NAME,
        description="School name; empty for MED-level consultations.",
        examples=["SHFMU Ismail Qemali"],
    )
    level: SchoolLevel = Field(description="School level the consultation concerned.")


class RaisedIssue(BaseModel):
    """One barrier named during the consultation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    category: IssueCategory | None = Field(
        None,
        description="Category chosen by the consultant; empty lets planning classify it.",
    )
    description: str = Field(
        min_length=3,
        max_length=MAX_DESCRIPTION,
        description="What was said, redacted of personal data.",
        examples=["Disa nxënës punojnë në bujqësi gjatë vjeshtës dhe mungojnë në mësim."],
    )
    severity: Severity = Field(Severity.MEDIUM, description="Consultant's judgement.")
    affected_students: int | None = Field(
        None,
        ge=0,
        le=100_000,
        description="Students reported affected, when known.",
    )
    affected_groups: tuple[AffectedGroup, ...] = Field(
        (),
        description="Vulnerable groups the issue concerns.",
    )


class ConsultationRecorded(BaseModel):
    """A consultation with one stakeholder group, as accepted by intake."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    consultation_id: UUID = Field(description="Stable id, client-generated or assigned by intake.")
    municipality: MunicipalityCode = Field(description="Municipality code (see vocabulary).")
    school: School | None = Field(None, description="Empty for municipality-level consultations.")
    stakeholder_group: StakeholderGroup
    consultation_date: date = Field(description="Day the consultation was held.")
    language: Language = Field(description="Language the record is written in.")
    participant_count: int = Field(ge=1, le=500, description="People present (count only).")
    raised_issues: tuple[RaisedIssue, ...] = Field(min_length=1, max_length=MAX_ISSUES)
    recommendations: tuple[Recommendation, ...] = Field(
        (),
        max_length=MAX_RECOMMENDATIONS,
        description=f"Participants' recommendations, redacted; each at most "
        f"{MAX_RECOMMENDATION} characters.",
    )
    source: SubmissionSource = Field(SubmissionSource.API, description="Intake channel.")


class ConsultationRecordedEvent(EventEnvelope[ConsultationRecorded]):
    """Envelope on `consultations.v1`, keyed by municipality code."""

    DATA_SCHEMA = "consultation-recorded.v1"
    type: Literal["org.dmap.consultation.recorded.v1"] = CONSULTATION_RECORDED_V1


class Superseded(BaseModel):
    """The version of a consultation a correction replaces."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    revision: int = Field(ge=1, description="Revision replaced (1 is the original record).")
    instance_id: UUID | None = Field(
        None, description="Form instance id of the replaced version (meta/deprecatedID)."
    )


class ConsultationCorrected(BaseModel):
    """An edited consultation: the whole corrected record replaces the one with its id."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    record: ConsultationRecorded = Field(description="The full corrected record, redacted.")
    revision: int = Field(
        ge=2, description="Increases with each correction; keep the highest seen."
    )
    supersedes: Superseded


class ConsultationCorrectedEvent(EventEnvelope[ConsultationCorrected]):
    """Envelope on `consultations.v1`, keyed by the same municipality code as the original."""

    DATA_SCHEMA = "consultation-corrected.v1"
    type: Literal["org.dmap.consultation.corrected.v1"] = CONSULTATION_CORRECTED_V1


ConsultationEvent = Annotated[
    ConsultationRecordedEvent | ConsultationCorrectedEvent, Field(discriminator="type")
]
"""Everything on `consultations.v1`: consumers must handle both types."""
