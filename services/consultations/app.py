"""Composition root of the intake service (`uvicorn --factory ...:create_app`)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from services.consultations.handlers import forms, imports, statistics, submissions
from services.consultations.unit import IntakeUnit
from services.runtime.http import install_common, language
from services.runtime.lifecycle import service_resources
from services.runtime.limits import BodyLimit
from services.runtime.metrics import ServiceMetrics
from services.runtime.observability import install_observability
from services.runtime.settings import Settings
from services.runtime.unit_of_work import Transactions

MIGRATIONS = Path(__file__).parent / "migrations"
JSON_LIMIT = 1024 * 1024  # a batch of 500 records fits
JSON_ONLY = ("/consultations", "/consultations/batch", "/forms/submissions", "/statistics")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_resources(settings, "consultations", MIGRATIONS) as res:
            app.state.pool, app.state.settings = res.pool, settings
            app.state.units = Transactions(
                settings, res.pool, res.relay, "consultations", IntakeUnit
            )
            yield

    app = FastAPI(
        title="DMAP consultations (intake)",
        version="0.2.0",
        description=(
            "Field consultants submit consultation records: one at a time, in batches, as "
            "spreadsheets, or from KoboToolbox/ODK forms. Every call needs "
            "`Authorization: Bearer <token>` (see `dmap token create`). Personal data in free "
            "text is redacted before anything is stored."
        ),
        lifespan=lifespan,
    )
    install_common(app, "consultations")

    @app.middleware("http")
    async def json_only(request: Request, call_next):  # type: ignore[no-untyped-def]
        """JSON endpoints refuse other media types with 415 instead of guessing."""
        if request.method == "POST" and request.url.path in JSON_ONLY:
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype != "application/json":
                detail = {
                    "en": "Send the body as application/json.",
                    "sq": "Dërgojeni trupin si application/json.",
                }[language(request)]
                return JSONResponse(
                    {
                        "detail": detail,
                        "errors": [{"field": "content-type", "reason": ctype or "missing"}],
                    },
                    415,
                )
        return await call_next(request)

    app.add_middleware(
        BodyLimit,
        limit_for=lambda path: imports.MAX_IMPORT_BYTES if path.endswith("/import") else JSON_LIMIT,
    )
    app.include_router(submissions.router)
    app.include_router(imports.router)
    app.include_router(forms.router)
    app.include_router(statistics.router)
    install_observability(app, settings, ServiceMetrics("consultations"))
    return app
