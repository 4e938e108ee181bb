"""The event contract, served: the AsyncAPI document and the JSON Schemas.

Public (no token): events' `dataschema` and the schemas' `$id` point here, at
`Settings.schemas_url` (DMAP_SCHEMA_BASE_URL, else this service's address).
"""

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from schemas.asyncapi import asyncapi_document
from schemas.catalog import json_schemas
from schemas.envelope import schema_url
from services.runtime.http import ERROR_RESPONSES, ErrorBody
from services.runtime.settings import Settings

SCHEMA_MEDIA_TYPE = "application/schema+json"


def build_contract(settings: Settings) -> APIRouter:
    base = settings.schemas_url
    schemas = json_schemas(base)
    document = asyncapi_document(
        lambda name: schema_url(name, base),
        topic_prefix=settings.topic_prefix,
        bootstrap=settings.bootstrap_servers,
    )
    router = APIRouter(tags=["contract"])

    @router.get("/asyncapi.json", summary="The AsyncAPI 3 document of DMAP's topics")
    async def asyncapi() -> dict[str, Any]:
        return document

    @router.get("/schemas", summary="Every published JSON Schema, by name")
    async def schema_index() -> dict[str, str]:
        return {name: schema_url(name, base) for name in schemas}

    @router.get(
        "/schemas/{name}.json",
        summary="One JSON Schema (an event, the data of an event, a topic's union)",
        response_class=JSONResponse,
        responses={
            200: {"content": {SCHEMA_MEDIA_TYPE: {}}},
            404: ERROR_RESPONSES[404],
        },
    )
    async def json_schema(name: str) -> JSONResponse:
        if name not in schemas:
            body = ErrorBody(detail=f"no schema {name!r}: see /schemas", code="not_found")
            return JSONResponse(body.model_dump(), status_code=404)
        return JSONResponse(schemas[name], media_type=SCHEMA_MEDIA_TYPE)

    return router
