"""HTTP pieces every service shares: error shape, health endpoint, lifespan glue."""

from typing import Any

import asyncpg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse


def field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    """FastAPI's error list as `{field, reason}` pairs a consultant can act on."""
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body",)]
        out.append({"field": ".".join(loc) or "body", "reason": err.get("msg", "invalid")})
    return out


def invalid(errors: list[dict[str, Any]]) -> JSONResponse:
    return JSONResponse(
        status_code=422, content={"detail": "The request is invalid.", "errors": errors}
    )


async def _validation_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return invalid(field_errors(exc))


def install_common(app: FastAPI, service: str) -> None:
    """Register the validation error shape and `/healthz` on a service app."""
    app.add_exception_handler(RequestValidationError, _validation_handler)

    @app.get("/healthz", tags=["operations"])
    async def healthz(request: Request) -> JSONResponse:
        pool: asyncpg.Pool | None = getattr(request.app.state, "pool", None)
        try:
            if pool is None:
                raise RuntimeError("not started")
            async with pool.acquire(timeout=2) as conn:
                await conn.fetchval("SELECT 1")
        except Exception as exc:  # any failure means "not healthy", reported not raised
            return JSONResponse({"service": service, "status": "down", "error": repr(exc)}, 503)
        return JSONResponse({"service": service, "status": "ok"})
