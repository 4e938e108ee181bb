"""CloudEvents 1.0 attributes shared by every DMAP event (structured JSON mode)."""

from datetime import datetime
from typing import Generic, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

DataT = TypeVar("DataT", bound=BaseModel)

SPEC_VERSION = "1.0"
SCHEMA_BASE = "https://dmap.example.org/schemas"


class EventEnvelope(BaseModel, Generic[DataT]):
    """A CloudEvent in structured JSON mode; `type` is fixed by each subclass."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    specversion: str = Field(SPEC_VERSION, description="CloudEvents spec version.")
    id: UUID = Field(description="Unique event id; consumers dedupe on it.")
    source: str = Field(
        description="URI-reference of the producing service.",
        examples=["/dmap/consultations"],
    )
    time: datetime = Field(description="When the fact happened (UTC).")
    subject: str = Field(
        description="What the event is about: a municipality code or a plan id.",
        examples=["prizren"],
    )
    datacontenttype: str = Field("application/json", description="Media type of data.")
    dataschema: str = Field(description="URI of the JSON Schema of `data`.")
    data: DataT


def dataschema_uri(name: str) -> str:
    return f"{SCHEMA_BASE}/{name}.schema.json"
