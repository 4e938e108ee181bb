"""HTTP pieces every service shares: error shape (English/Albanian), health endpoint."""

from typing import Any

import asyncpg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from services.runtime.auth.http import AuthError, auth_error_handler

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


def install_common(app: FastAPI, service: str) -> None:
    """Register the error shapes and `/healthz` on a service app."""
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(AuthError, auth_error_handler)

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
