"""Composition root of the reporting service (`uvicorn --factory ...:create_app`)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.templating import Jinja2Templates

from services.reporting.projections import ReportingDeps, build_router
from services.reporting.routes import build_routes
from services.runtime.http import install_common
from services.runtime.kafka import build_broker
from services.runtime.lifecycle import service_resources
from services.runtime.settings import Settings

HERE = Path(__file__).parent


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_resources(settings, "reporting", HERE / "migrations") as res:
            broker = build_broker(settings, "dmap-reporting")
            broker.include_router(build_router(ReportingDeps(settings, res.pool, res.relay)))
            await broker.start()
            app.state.pool, app.state.settings = res.pool, settings
            try:
                yield
            finally:
                await broker.stop()  # lets the batch in hand finish first

    app = FastAPI(
        title="DMAP reporting",
        version="0.1.0",
        description="Draft municipal action plans for planners (HTML) and integrators (JSON).",
        lifespan=lifespan,
    )
    install_common(app, "reporting")
    app.include_router(build_routes(Jinja2Templates(directory=HERE / "templates")))
    return app
