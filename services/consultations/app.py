"""Composition root of the intake service (`uvicorn --factory ...:create_app`)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from services.consultations.domain.intake import IntakeError
from services.consultations.handlers import IntakeDeps, router
from services.runtime.http import install_common, invalid
from services.runtime.lifecycle import service_resources
from services.runtime.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_resources(settings, "consultations", MIGRATIONS) as res:
            app.state.pool = res.pool
            app.state.deps = IntakeDeps(settings=settings, pool=res.pool, relay=res.relay)
            yield

    app = FastAPI(
        title="DMAP consultations (intake)",
        version="0.1.0",
        description="Field consultants submit consultation records here.",
        lifespan=lifespan,
    )
    install_common(app, "consultations")

    @app.exception_handler(IntakeError)
    async def refuse(_request: Request, exc: IntakeError) -> JSONResponse:
        return invalid([{"field": exc.field, "reason": exc.reason}])

    app.include_router(router)
    return app
