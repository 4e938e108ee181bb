"""Events on `municipal-statistics.v1`: a municipality's school statistics for one year.

Aggregates only (counts per level, gender and community, as EMIS or the MED
publishes them): never a pupil. Planning reads them as the baselines of a
plan's result indicators; intake records them (docs/statistics.md).
"""

from datetime import date
from enum import StrEnum
from typing import Final, Literal, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.envelope import EventEnvelope
from schemas.vocabulary import MunicipalityCode, SchoolLevel

MUNICIPAL_STATISTICS_RECORDED_V1: Final = "org.dmap.municipal-statistics.recorded.v1"
MAX_STATISTICS_ROWS: Final = 500

StatisticsSource = Literal["EMIS", "MED records"]
Gender = Literal["female", "male"]
# The levels EMIS counts pupils at (grades 1-5, 6-9, 10-12); preschool is not compulsory.
COUNTED_LEVELS: Final = (
    SchoolLevel.PRIMARY,
    SchoolLevel.LOWER_SECONDARY,
    SchoolLevel.UPPER_SECONDARY,
)


class Community(StrEnum):
    """Communities as Kosovo's education statistics count them."""

    ALBANIAN = "albanian"
    SERBIAN = "serbian"
    BOSNIAK = "bosniak"
    TURKISH = "turkish"
    GORANI = "gorani"
    ROMA = "roma"
    ASHKALI = "ashkali"
    EGYPTIAN = "egyptian"
    OTHER = "other"


class StatisticsRow(BaseModel):
    """Counts for one level, gender and community in the school year."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    level: SchoolLevel = Field(description="primary, lower_secondary or upper_secondary.")
    gender: Gender
    community: Community
    enrolled: int = Field(ge=0, le=1_000_000, description="Pupils enrolled at the start.")
    dropped_out: int = Field(ge=0, le=1_000_000, description="Of them, left during the year.")
    not_enrolled: int = Field(
        0,
        ge=0,
        le=1_000_000,
        description="Children of that age identified as not enrolled (civil registry, MED).",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.level not in COUNTED_LEVELS:
            raise ValueError("level: use primary, lower_secondary or upper_secondary")
        if self.dropped_out > self.enrolled:
            raise ValueError("dropped_out: more than enrolled")
        return self


class MunicipalStatisticsRecorded(BaseModel):
    """A municipality's enrolment, dropout and non-enrolment counts for one school year,
    as one source recorded them on one date. A later `recorded_on` supersedes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    statistics_id: UUID = Field(
        description="Derived from municipality, school year, source and recorded_on."
    )
    municipality: MunicipalityCode
    school_year: str = Field(pattern=r"^\d{4}-\d{4}$", examples=["2025-2026"])
    source: StatisticsSource = Field(description="EMIS (SMIA) or the MED's own records.")
    recorded_on: date = Field(description="When the source produced these figures.")
    rows: tuple[StatisticsRow, ...] = Field(min_length=1, max_length=MAX_STATISTICS_ROWS)
    schools_with_rae_pupils: int | None = Field(
        default=None,
        ge=0,
        le=10_000,
        description="Schools with Roma, Ashkali or Egyptian pupils enrolled, where the source "
        "counts them (EMIS does); sizes the mediators planned (one per school).",
    )

    @model_validator(mode="after")
    def _one_row_each(self) -> Self:
        start, end = (int(y) for y in self.school_year.split("-"))
        if end != start + 1:
            raise ValueError("school_year: the second year must follow the first")
        keys = [(r.level, r.gender, r.community) for r in self.rows]
        if len(set(keys)) != len(keys):
            raise ValueError("rows: one row per level, gender and community")
        return self


class MunicipalStatisticsRecordedEvent(EventEnvelope[MunicipalStatisticsRecorded]):
    DATA_SCHEMA = "municipal-statistics-recorded.v1"
    type: Literal["org.dmap.municipal-statistics.recorded.v1"] = MUNICIPAL_STATISTICS_RECORDED_V1
