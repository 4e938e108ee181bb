"""HTTP pieces every service shares: error shape (English/Albanian), health endpoint."""

import re
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from faststream.kafka import KafkaBroker
from pydantic import BaseModel
from starlette.datastructures import State

from services.runtime.auth.http import AuthError, auth_error_handler

log = structlog.get_logger(__name__)

# Albanian reasons for the validation errors consultants meet most; others stay English.
_SQ_REASONS = {
    "missing": "mungon (fushë e detyrueshme)",
    "enum": "nuk është vlerë e lejuar",
    "literal_error": "nuk është vlerë e lejuar",
    "greater_than_equal": "është shumë e vogël",
    "less_than_equal": "është shumë e madhe",
    "too_short": "ka shumë pak elemente",
    "too_long": "ka shumë elemente",
    "string_too_short": "është shumë e shkurtër",
    "string_too_long": "është shumë e gjatë",
    "date_from_datetime_parsing": "nuk është datë e vlefshme (VVVV-MM-DD)",
    "date_parsing": "nuk është datë e vlefshme (VVVV-MM-DD)",
    "int_parsing": "duhet të jetë numër i plotë",
    "int_type": "duhet të jetë numër i plotë",
    "string_type": "duhet të jetë tekst",
    "uuid_parsing": "nuk është UUID e vlefshme",
    "extra_forbidden": "fushë e panjohur (nuk lejohet)",
    "json_invalid": "JSON i pavlefshëm",
    "model_type": "duhet të jetë objekt JSON",
    "list_type": "duhet të jetë listë",
}
_DETAIL = {"en": "The request is invalid.", "sq": "Kërkesa është e pavlefshme."}


class ErrorBody(BaseModel):
    """Every 4xx answer: a sentence, and the fields (or rows) at fault when there are any."""

    detail: str
    code: str | None = None
    errors: list[dict[str, Any]] = []


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Malformed request (JSON, file)."},
    401: {"model": ErrorBody, "description": "No token, or an unknown or revoked one."},
    403: {"model": ErrorBody, "description": "The token's role may not do this."},
    404: {"model": ErrorBody, "description": "Not found, or not visible to this token."},
    413: {"model": ErrorBody, "description": "Body larger than the limit."},
    415: {"model": ErrorBody, "description": "Body is not of the expected media type."},
    422: {"model": ErrorBody, "description": "Field-level reasons the request was refused."},
    503: {
        "model": ErrorBody,
        "description": "Database busy or away (pool exhausted, connection lost); retry after "
        "the seconds in `Retry-After`.",
    },
}
# Seconds a client should wait after a 503: long enough for a pool slot or a restarted
# database, short enough that a retrying field consultant is not held up.
RETRY_AFTER_S = 5


def language(request: Request) -> str:
    """`sq` when the caller prefers Albanian (Accept-Language), else `en`."""
    accept = request.headers.get("accept-language", "").lower()
    first = accept.split(",")[0].strip()
    return "sq" if first.startswith(("sq", "al")) else "en"


def field_errors(errors: list[Any], lang: str = "en") -> list[dict[str, Any]]:
    """Pydantic errors as `{field, reason}` pairs a consultant can act on."""
    out = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body",)]
        reason = err.get("msg", "invalid")
        if err.get("type") == "json_invalid":  # loc holds the character position
            reason, loc = f"{reason} at character {'.'.join(loc)}", []
        if lang == "sq":
            reason = _SQ_REASONS.get(err.get("type", ""), reason)
        out.append({"field": ".".join(loc) or "body", "reason": reason})
    return out


def invalid(errors: list[dict[str, Any]], lang: str = "en", status: int = 422) -> JSONResponse:
    return JSONResponse(status_code=status, content={"detail": _DETAIL[lang], "errors": errors})


async def _validation_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    lang = language(request)
    # Unparseable JSON is a malformed request (400), not an invalid record (422).
    malformed = any(e.get("type") == "json_invalid" for e in errors)
    return invalid(field_errors(errors, lang), lang, 400 if malformed else 422)


DATABASE_UNAVAILABLE: tuple[type[Exception], ...] = (
    TimeoutError,  # pool.acquire(timeout=...) ran out
    ConnectionRefusedError,
    ConnectionResetError,
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.ConnectionDoesNotExistError,
    asyncpg.exceptions.OperatorInterventionError,  # shutdown, starting up
    asyncpg.exceptions.InsufficientResourcesError,  # too many connections
)


async def _unavailable_handler(request: Request, exc: Exception) -> JSONResponse:
    """Overload and outages are the server's, not the caller's: 503 with Retry-After,
    in the error shape, instead of a plain-text 500 (issue 10, finding 7)."""
    log.warning(
        "database_unavailable", path=request.url.path, error=type(exc).__name__, exc_info=exc
    )
    detail = {
        "en": "The service is busy or its database is unreachable; retry shortly.",
        "sq": "Shërbimi është i ngarkuar ose baza e të dhënave nuk arrihet; provoni pak më vonë.",
    }[language(request)]
    return JSONResponse(
        ErrorBody(detail=detail, code="unavailable").model_dump(),
        503,
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


def allowed_methods(app: FastAPI, path: str) -> set[str]:
    """Methods the OpenAPI document declares for `path`; literal paths win over templates."""
    literal: set[str] = set()
    templated: set[str] = set()
    for template, operations in app.openapi().get("paths", {}).items():
        pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            methods = {m.upper() for m in operations if m != "parameters"}
            (templated if "{" in template else literal).update(methods)
    found = literal or templated
    return found | {"OPTIONS"} if found else set()


def install_common(app: FastAPI, service: str) -> None:
    """Register the error shapes and `/healthz` on a service app."""
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(AuthError, auth_error_handler)
    # A pool acquire timeout or a lost or refused database connection, and nothing
    # broader: a missing file or a misused connection is a bug (a logged 500), not a
    # reason for clients to retry.
    for unavailable in DATABASE_UNAVAILABLE:
        app.add_exception_handler(unavailable, _unavailable_handler)

    @app.middleware("http")
    async def answer_options(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """OPTIONS lists every method of the path (Starlette lists only one route's)."""
        if request.method != "OPTIONS":
            return await call_next(request)
        allowed = allowed_methods(app, request.url.path)
        if not allowed:
            return await call_next(request)
        return Response(status_code=204, headers={"allow": ", ".join(sorted(allowed))})

    @app.get("/livez", tags=["operations"], summary="Liveness: the process answers")
    async def livez() -> JSONResponse:
        return JSONResponse({"service": service, "status": "alive"})

    @app.get(
        "/readyz",
        tags=["operations"],
        summary="Readiness: database reachable and, for consumers, the broker too",
    )
    async def readyz(request: Request) -> JSONResponse:
        return await _readiness(request, service)

    @app.get("/healthz", tags=["operations"], summary="Same as /readyz")
    async def healthz(request: Request) -> JSONResponse:
        return await _readiness(request, service)


async def _readiness(request: Request, service: str) -> JSONResponse:
    """Each dependency `ok` or `down`; why one is down goes to the log, not to the caller."""
    state = request.app.state
    checks = {"database": await _check("database", _database_ping(state))}
    broker: KafkaBroker | None = getattr(state, "broker", None)
    if broker is not None:  # consumers only
        checks["broker"] = await _check("broker", _broker_ping(broker))
    down = [name for name, result in checks.items() if result != "ok"]
    if down:
        return JSONResponse(
            {
                "service": service,
                "status": "down",
                "checks": checks,
                "error": f"unreachable: {', '.join(down)}",
            },
            503,
        )
    return JSONResponse({"service": service, "status": "ok", "checks": checks})


async def _check(dependency: str, probe: Awaitable[None]) -> str:
    try:
        await probe
    except Exception:  # any failure means "not ready": reported, not raised
        log.warning("dependency_down", dependency=dependency, exc_info=True)
        return "down"
    return "ok"


async def _database_ping(state: State) -> None:
    pool: asyncpg.Pool | None = getattr(state, "pool", None)
    if pool is None:
        raise RuntimeError("the pool is not open (start-up not finished)")
    async with pool.acquire(timeout=2) as conn:
        await conn.fetchval("SELECT 1")


async def _broker_ping(broker: KafkaBroker) -> None:
    if not await broker.ping(timeout=2):
        raise RuntimeError("the broker did not answer a ping")
