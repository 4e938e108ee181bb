"""CloudEvents 1.0 attributes shared by every DMAP event (structured JSON mode).

`dataschema` names the JSON Schema of `data` where the reporting service serves
it (`GET /schemas/{name}.json`). The default base is reporting on the local
stack; a deployment sets `DMAP_SCHEMA_BASE_URL` and the runtime re-bases the
attribute when it writes the event to the outbox (`services/runtime`).
"""

from datetime import datetime
from typing import ClassVar, Final, Generic, Literal, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

DataT = TypeVar("DataT", bound=BaseModel)

SPEC_VERSION: Final = "1.0"
SCHEMAS_PATH: Final = "/schemas"
# Where reporting serves the schemas on the local stack (DMAP_HOST:DMAP_REPORTING_PORT).
DEFAULT_SCHEMA_BASE: Final = f"http://127.0.0.1:8083{SCHEMAS_PATH}"
# The media type of a structured-mode CloudEvent (Kafka header `content-type`).
STRUCTURED_CONTENT_TYPE: Final = "application/cloudevents+json; charset=UTF-8"


def schema_url(name: str, base: str = DEFAULT_SCHEMA_BASE) -> str:
    """The served URL of the JSON Schema `name` (a file stem such as `plan-drafted.v1`)."""
    return f"{base.rstrip('/')}/{name}.json"


class EventEnvelope(BaseModel, Generic[DataT]):
    """A CloudEvent in structured JSON mode; `type` is fixed by each subclass.

    Producers are strict (`extra="forbid"`); consumers validate with
    `extra="ignore"`, so an added field or an extension attribute such as
    `traceparent` never breaks them.
    """

    # Every attribute is always written, so the schema of what is published requires them.
    model_config = ConfigDict(
        frozen=True, extra="forbid", json_schema_serialization_defaults_required=True
    )

    DATA_SCHEMA: ClassVar[str]
    """File stem of the JSON Schema of `data` (schemas/json/<name>.schema.json)."""

    specversion: Literal["1.0"] = Field(SPEC_VERSION, description="CloudEvents spec version.")
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
    dataschema: str = Field(
        "",
        validate_default=True,
        description="URL of the JSON Schema of `data`, served by reporting at "
        "`/schemas/{name}.json`.",
        examples=[schema_url("plan-drafted.v1")],
    )
    data: DataT

    @field_validator("dataschema")
    @classmethod
    def _default_dataschema(cls, value: str) -> str:
        return value or schema_url(cls.DATA_SCHEMA)
